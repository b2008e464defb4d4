"""The API's HTTP behaviour: stable pages with size limits, filters validated (400 in Chinese),
cache validators (304), the rate limit (429 with Retry-After), queries constant in the data size."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date

from tests.opendata import api_data

pytestmark = pytest.mark.django_db


def _get(client, url, **headers):
    response = client.get(url, **headers)
    return response, json.loads(response.content) if response.content else None


def test_calls_page_in_a_stable_order_with_links(client):
    base = timezone.now() - datetime.timedelta(days=10)
    for i in range(5):
        api_data.public_call(f"第{i}届公益创投", opens_at=base + datetime.timedelta(days=i))
    response, data = _get(client, "/api/v1/calls/?page_size=2")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert (data["count"], data["pages"], data["page"], data["page_size"]) == (5, 3, 1, 2)
    assert [c["title"] for c in data["results"]] == ["第4届公益创投", "第3届公益创投"]
    assert data["previous"] is None
    assert data["next"] == "/api/v1/calls/?page_size=2&page=2"
    _r, second = _get(client, data["next"])
    assert [c["title"] for c in second["results"]] == ["第2届公益创投", "第1届公益创投"]
    assert second["previous"] == "/api/v1/calls/?page_size=2&page=1"
    _r, last = _get(client, "/api/v1/calls/?page_size=2&page=3")
    assert [c["title"] for c in last["results"]] == ["第0届公益创投"] and last["next"] is None


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ("page_size=201", "page_size", "200"),
        ("page_size=0", "page_size", "1"),
        ("page=0", "page", "1"),
        ("page=abc", "page", "整数"),
        ("year=abc", "year", "整数"),
        ("year=1999", "year", "年度须在2000至"),
        ("year=99999999999999999999999", "year", "年度须在2000至"),
        ("state=draft", "state", "选择一个有效的选项"),
        ("region=440305", "region", "此接口不支持按该参数筛选"),
        ("department=" + "局" * 201, "department", "200"),
        ("category=%00", "category", "空"),
    ],
)
def test_bad_parameters_are_400_in_chinese(client, query, parameter, message):
    response, data = _get(client, f"/api/v1/calls/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert parameter in data["errors"] and message in data["errors"][parameter]
    assert data["detail"].startswith(f"参数“{parameter}”有误：")


@pytest.mark.parametrize("region", ["999999", "４４０３０５", "44030５", "1" * 13])
def test_bad_region_is_400_in_chinese(client, region):
    response, data = _get(client, f"/api/v1/evaluations/?region={region}")
    assert response.status_code == 400
    message = data["errors"]["region"]
    assert message == "不是有效的行政区划代码（6位或9位数字）" or "12" in message
    assert client.get("/api/v1/evaluations/?region=440305").status_code == 200


def test_a_page_past_the_last_is_404_in_chinese(client):
    api_data.public_call("唯一的征集")
    response, data = _get(client, "/api/v1/calls/?page=2")
    assert response.status_code == 404 and data == {"detail": "页码超出范围：共1页"}
    _r, empty = _get(client, "/api/v1/evaluations/")
    assert empty["count"] == 0 and empty["pages"] == 1 and empty["results"] == []


def test_filters_select_records(client):
    other = api_data.GovernmentFactory(name="示范市福田区民政局")
    api_data.public_call("养老征集", categories=["养老服务"])
    api_data.public_call("助残征集", categories=["助残服务"], department=other, state="closed")
    last_year = timezone.now() - datetime.timedelta(days=400)
    api_data.public_call("去年的征集", categories=["养老服务"], opens_at=last_year)

    def titles(query):
        return [c["title"] for c in _get(client, f"/api/v1/calls/?{query}")[1]["results"]]

    assert titles("category=养老服务") == ["养老征集", "去年的征集"]
    assert titles("department=示范市福田区民政局") == ["助残征集"]
    assert titles("state=closed") == ["助残征集"]
    assert titles(f"year={timezone.localdate(last_year).year}") == ["去年的征集"]
    assert titles("department=没有这个部门") == []


def test_etag_and_last_modified_answer_304_until_something_changes(client):
    call = api_data.public_call("缓存测试征集")
    response = client.get("/api/v1/calls/")
    etag, modified = response["ETag"], response["Last-Modified"]
    assert etag.startswith('"') and modified
    assert response["Cache-Control"] == "public, max-age=60"
    again = client.get("/api/v1/calls/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    since = client.get("/api/v1/calls/", HTTP_IF_MODIFIED_SINCE=modified)
    assert since.status_code == 304
    earlier = http_date((call.updated_at - datetime.timedelta(hours=1)).timestamp())
    assert client.get("/api/v1/calls/", HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200
    detail = client.get(f"/api/v1/calls/{call.pk}/")
    assert (
        client.get(f"/api/v1/calls/{call.pk}/", HTTP_IF_NONE_MATCH=detail["ETag"]).status_code
        == 304
    )
    api_data.public_call("新发布的征集")
    changed = client.get("/api/v1/calls/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_rate_limit_answers_429_with_retry_after_per_address(client, settings):
    settings.API_REQUESTS_PER_MINUTE = 3
    for _i in range(3):
        assert client.get("/api/v1/calls/", REMOTE_ADDR="10.1.1.1").status_code == 200
    refused = client.get("/api/v1/calls/", REMOTE_ADDR="10.1.1.1")
    assert refused.status_code == 429
    retry = int(refused["Retry-After"])
    assert 1 <= retry <= 60
    data = json.loads(refused.content)
    assert data["retry_after"] == retry and f"请{retry}秒后再试" in data["detail"]
    assert client.get("/api/v1/calls/1/", REMOTE_ADDR="10.1.1.1").status_code == 429
    assert client.get("/api/v1/calls/", REMOTE_ADDR="10.1.1.2").status_code == 200


def test_rate_limit_counts_the_client_behind_trusted_proxies(client, settings):
    settings.API_REQUESTS_PER_MINUTE = 1
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    assert client.get("/api/v1/calls/", HTTP_X_FORWARDED_FOR="1.1.1.1", **proxy).status_code == 200
    # A client cannot escape by writing its own X-Forwarded-For entries to the left.
    spoofed = "9.9.9.9, 1.1.1.1"
    assert client.get("/api/v1/calls/", HTTP_X_FORWARDED_FOR=spoofed, **proxy).status_code == 429
    assert client.get("/api/v1/calls/", HTTP_X_FORWARDED_FOR="2.2.2.2", **proxy).status_code == 200


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured)


def _rows(n, start):
    for i in range(start, start + n):
        call = api_data.public_call(f"第{i}批征集", state="decided")
        api_data.publicity(call, result=i % 2 == 0, notice=i % 3 == 0)
        api_data.evaluation(call, name=f"第{i}个项目")


@pytest.mark.parametrize("endpoint", ["calls", "publicity", "evaluations"])
def test_queries_per_page_are_constant_in_the_data_size(client, endpoint, settings):
    settings.API_REQUESTS_PER_MINUTE = 1000
    _rows(2, 0)
    url = f"/api/v1/{endpoint}/?page_size=200"
    client.get(url)  # site root paths and the like, cached once per process
    one = _queries(client, url)
    _rows(18, 2)
    ten = _queries(client, url)
    assert json.loads(client.get(url).content)["count"] == 20
    assert ten == one, f"{endpoint}: {one} queries at 2 rows, {ten} at 20"
