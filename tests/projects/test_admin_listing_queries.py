"""The staff project listing's database work does not grow with the projects or the calls: its
call filter is read as (id, title) values, not model objects (bench/README.md has the figures)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CallFactory, OrganizationFactory, make_funded_project
from tests.instances import objects_built

pytestmark = pytest.mark.django_db

BASE = "/admin/funded_projects/"


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def _request(client, params=None):
    with objects_built() as built, CaptureQueriesContext(connection) as queries:
        response = client.get(BASE, params or {})
    assert response.status_code == 200
    return len(queries), built, response.content.decode()


def _funded(n, *, prefix):
    projects = []
    for i in range(n):
        call = CallFactory(title=f"{prefix}第{i}期公益创投")
        projects.append(make_funded_project(organization=OrganizationFactory(), call=call))
    return projects


def test_listing_queries_and_objects_stay_the_same_from_two_projects_to_twelve(staff_client):
    _funded(2, prefix="甲")
    staff_client.get(BASE)  # caches warmed: site, locales, permissions
    few, built_few, _html = _request(staff_client)
    CallFactory.create_batch(10)  # calls without projects are not offered
    projects = _funded(10, prefix="乙")
    many, built_many, html = _request(staff_client)
    assert many == few
    # The rows' own calls only: twenty a page at most, whatever the number of calls.
    assert built_few["Call"] == 2 and built_many["Call"] == 12
    assert built_many["FundedProject"] == 12
    for project in projects:
        assert f'<option value="{project.call_id}">{project.call.title}</option>' in html
    assert html.count("<option value=") == 12 + 1  # the funded calls and 全部


def test_call_filter_lists_the_rows_of_that_call_and_shows_as_active_filter(staff_client):
    first, second = _funded(2, prefix="丙")
    _count, _built, html = _request(staff_client, {"call": second.call_id})
    assert second.name in html and f">{first.name}<" not in html
    assert f'<option value="{second.call_id}" selected>{second.call.title}</option>' in html
    assert f'<b class="w-ml-1">{second.call.title}</b>' in html  # the active-filter chip
    _count, _built, html = _request(staff_client, {"call": "999999", "state": "nonsense"})
    assert first.name in html and second.name in html  # unknown values are ignored
