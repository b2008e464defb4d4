"""/api/v1/releases/ and /api/v1/grants/ page exactly what the bulk files hold: the mapping
functions' output (opendata.ocds.releases, opendata.giving360.grants), filters passed through."""

import json

import pytest

from opendata import giving360, ocds
from tests.opendata import api_data

pytestmark = pytest.mark.django_db


def _all(client, url) -> list:
    rows, page = [], 1
    while True:
        data = json.loads(client.get(f"{url}{'&' if '?' in url else '?'}page={page}").content)
        rows += data["results"]
        if data["next"] is None:
            return rows
        page += 1


def test_releases_page_the_ocds_mapping(client):
    call = api_data.public_call("政府购买服务项目", kind="purchase", state="published")
    expected = ocds.releases()
    assert expected, "the purchase call's tender release"
    assert _all(client, "/api/v1/releases/?page_size=1") == expected
    department = call.department
    assert _all(client, f"/api/v1/releases/?department={department.name}") == ocds.releases(
        department=department.pk
    )
    assert _all(client, "/api/v1/releases/?department=没有这个部门") == []
    assert client.get("/api/v1/releases/?state=nonsense").status_code == 400


def test_grants_page_the_360giving_mapping(client):
    from tests.factories import make_funded_project

    call = api_data.public_call("公益创投大赛", state="decided")
    make_funded_project(call=call)
    expected = giving360.grants()
    served = _all(client, "/api/v1/grants/")
    strip = lambda rows: [{k: v for k, v in r.items() if k != "dateModified"} for r in rows]  # noqa: E731
    assert len(served) == len(expected) == 1 and strip(served) == strip(expected)
    first = client.get("/api/v1/grants/")
    # dateModified is the moment of generation: left out of the ETag, so a copy stays current.
    assert client.get("/api/v1/grants/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get("/api/v1/grants/?state=published").status_code == 400


def test_kept_grants_are_fresh_after_any_public_write(client, django_assert_max_num_queries):
    """The mapped list is kept under the public cache's token: a second page costs no mapping,
    and a new award shows at once."""
    from tests.factories import make_funded_project

    call = api_data.public_call("公益创投大赛", state="decided")
    make_funded_project(call=call)
    assert len(_all(client, "/api/v1/grants/")) == 1
    with django_assert_max_num_queries(0):
        from opendata.api.mapped import grants

        assert len(grants()) == 1
    make_funded_project(call=call)
    assert len(_all(client, "/api/v1/grants/")) == 2
