"""The API exposes only what is already public: every field it returns is one the record's
public page shows (tests/opendata/public_fields.py, each label checked on the real page), and
records that are not public (a draft call, a call without a 公示, an unpublished 立项结果, an
evaluation not yet published) never appear and their ids answer 404."""

import json
from io import BytesIO

import pytest
from openpyxl import load_workbook

from tests.opendata import api_data
from tests.opendata.public_fields import IDENTIFIERS, PAGES, VALUE_LABELS, paths, shown

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(db):
    call = api_data.public_call("2026年示范市公益创投", state="decided", review_ends_at=None)
    return {
        "call": call,
        "publicity": api_data.publicity(call, result=True, scores=True, notice=True),
        "evaluation": api_data.evaluation(call, name="长者关爱计划"),
    }


def _one(client, url) -> dict:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def _text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _check(endpoint: str, record: dict, page: str):
    declared = PAGES[endpoint]
    assert paths(record) - IDENTIFIERS <= set(declared), paths(record) - set(declared)
    for path in sorted(shown(record) - IDENTIFIERS):
        label = declared[path]
        if label not in VALUE_LABELS:
            assert label in page, f"{endpoint}.{path}: label {label!r} not on the public page"


def test_call_fields_are_those_of_the_public_call_page(client, records):
    call = records["call"]
    record = _one(client, f"/api/v1/calls/{call.pk}/")
    page = _text(client, record["url"])
    _check("calls", record, page)
    assert record["title"] in page and record["summary"] in page
    for shown_value in (record["kind_label"], record["edition"], record["state_label"]):
        assert shown_value in page
    assert record["department"] == api_data.DEPARTMENT and api_data.DEPARTMENT in page
    assert "1,000,000.00" in page and record["total_budget"] == "1000000.00"
    assert [c["name"] for c in record["categories"]] == ["养老服务", "助残服务"]
    assert _one(client, "/api/v1/calls/")["results"] == [record]


def test_publicity_fields_are_those_of_the_publicity_and_result_pages(client, records):
    item = records["publicity"]
    record = _one(client, f"/api/v1/publicity/{item.pk}/")
    page = _text(client, record["url"]) + _text(client, record["result"]["url"])
    _check("publicity", record, page)
    assert record["title"] in page and record["result"]["title"] in page
    assert [e["project"] for e in record["entries"]] == [
        "2026年示范市公益创投·项目1",
        "2026年示范市公益创投·项目2",
    ]
    assert [e["cancelled"] for e in record["entries"]] == [False, True]
    assert record["entries"][0]["score"] == "88.50" and "88.50" in page
    # The application's number, frozen in the snapshot for the objection form, is not served.
    assert "application" not in json.dumps(record)
    assert record["result"]["total"] == "100000.00" and "100,000.00" in page


def test_evaluation_fields_are_those_of_the_public_results_page(client, records):
    evaluation = records["evaluation"]
    record = _one(client, f"/api/v1/evaluations/{evaluation.pk}/")
    page = _text(client, record["url"])
    sheet = client.get(f"/evaluations/calls/{record['call_id']}/results.xlsx")
    rows = load_workbook(BytesIO(sheet.content)).active.iter_rows(values_only=True)
    _check("evaluations", record, page + " ".join(str(v) for v in next(rows)))
    assert (record["project"], record["grade"], record["total_score"]) == (
        "长者关爱计划",
        "优",
        "91.50",
    )
    assert "长者关爱计划" in page and "91.50" in page
    assert "internal" not in json.dumps(record) and "内部备注" not in json.dumps(record)


def test_records_not_public_never_appear_and_answer_404(client, records):
    draft = api_data.public_call("草稿征集（页面误发布）", state="draft")
    hidden = api_data.public_call("没有公开页面的征集", page=False)
    reviewing = api_data.public_call("评审中的征集", state="reviewing")
    unpublished = api_data.evaluation(records["call"], name="尚未公开的评估", published=False)
    without_result = api_data.publicity(api_data.public_call("公示中的征集", state="publicity"))

    calls = {c["title"] for c in _one(client, "/api/v1/calls/?page_size=200")["results"]}
    assert calls == {"2026年示范市公益创投", "评审中的征集", "公示中的征集"}
    for pk in (draft.pk, hidden.pk):
        response = client.get(f"/api/v1/calls/{pk}/")
        assert response.status_code == 404
        assert json.loads(response.content) == {"detail": "没有该编号的公开记录"}

    listed = _one(client, "/api/v1/publicity/?page_size=200")["results"]
    assert {p["call"] for p in listed} == {"2026年示范市公益创投", "公示中的征集"}
    assert reviewing.title not in json.dumps(listed, ensure_ascii=False)
    pending = _one(client, f"/api/v1/publicity/{without_result.pk}/")
    assert pending["result"] is None
    assert [p["call"] for p in _one(client, "/api/v1/publicity/?state=publicity")["results"]] == [
        "公示中的征集"
    ]

    evaluations = _one(client, "/api/v1/evaluations/")["results"]
    assert [e["project"] for e in evaluations] == ["长者关爱计划"]
    assert client.get(f"/api/v1/evaluations/{unpublished.pk}/").status_code == 404
    assert client.get("/api/v1/evaluations/99999999999999999999/").status_code == 404
