"""The OpenAPI document at /api/v1/openapi.json is valid OpenAPI, describes every endpoint, and
the answers served match the schemas it declares; /api/v1/ renders it for people without any
script or outside asset."""

import json

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from tests.opendata import api_data

pytestmark = pytest.mark.django_db


def _document(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_openapi_document_is_valid_and_lists_every_endpoint(client):
    document = _document(client)
    validate(document)
    assert set(document["paths"]) == {
        "/api/v1/calls/",
        "/api/v1/calls/{pk}/",
        "/api/v1/publicity/",
        "/api/v1/publicity/{pk}/",
        "/api/v1/evaluations/",
        "/api/v1/evaluations/{pk}/",
        "/api/v1/releases/",
        "/api/v1/grants/",
    }
    calls = document["paths"]["/api/v1/calls/"]["get"]
    assert {p["name"] for p in calls["parameters"]} == {
        "page",
        "page_size",
        "year",
        "department",
        "category",
        "state",
    }
    assert set(calls["responses"]) == {"200", "400", "404", "429"}


def test_an_invalid_document_is_refused_by_the_validator(client):
    document = _document(client)
    document["paths"]["/api/v1/calls/"]["get"]["parameters"][0]["in"] = "nowhere"
    with pytest.raises(OpenAPIValidationError):
        validate(document)


def _validator(document, name):
    from openapi_schema_validator import OAS31Validator

    schema = {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
    return OAS31Validator(schema)


def test_served_answers_match_the_declared_schemas(client):
    call = api_data.public_call("接口文档征集", state="decided")
    publicity = api_data.publicity(call, result=True, scores=True, notice=True)
    evaluation = api_data.evaluation(call, name="长者关爱计划")
    document = _document(client)
    for url, name in [
        ("/api/v1/calls/", "CallPage"),
        (f"/api/v1/calls/{call.pk}/", "Call"),
        ("/api/v1/publicity/", "PublicityPage"),
        (f"/api/v1/publicity/{publicity.pk}/", "Publicity"),
        ("/api/v1/evaluations/", "EvaluationPage"),
        (f"/api/v1/evaluations/{evaluation.pk}/", "Evaluation"),
        ("/api/v1/calls/?year=abc", "Error"),
        ("/api/v1/calls/999999/", "Error"),
    ]:
        answer = json.loads(client.get(url).content)
        errors = list(_validator(document, name).iter_errors(answer))
        assert errors == [], (url, errors[:1])
    # A field the schema does not declare would be refused (extra fields are forbidden).
    answer = json.loads(client.get(f"/api/v1/calls/{call.pk}/").content)
    assert list(_validator(document, "Call").iter_errors({**answer, "secret": "x"}))


def test_human_page_renders_the_document_without_scripts(client):
    response = client.get("/api/v1/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "公益资助平台开放数据接口" in page and "/api/v1/openapi.json" in page
    assert "GET /api/v1/calls/" in page and "每页条数，1–200（默认 50）" in page
    assert "<script" not in page.split("</header>", 1)[-1].split("<footer", 1)[0]
    assert "cdn" not in page.lower()
