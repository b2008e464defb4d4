"""Issue 21's proof: the main staff pages do the same database work with 2 departments as with
50, for a district officer (who sees their own department's rows) and for the city bureau's
officer (who sees every department's rows, read-only): the scope is read once per request and
the lists filter in the query, never per department or per row."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from orgs.models import Organization, OrgKind
from orgs.roles import Role
from tests.factories import (
    CallFactory,
    GovernmentFactory,
    OrganizationFactory,
    UserFactory,
    make_funded_project,
)
from tests.grants.admin_support import handed_in

pytestmark = pytest.mark.django_db

PAGES = {
    "application list": "/admin/applications/",
    "project list": "/admin/funded_projects/",
    "to-do home": "/admin/",
    "call list": "/admin/calls/",
}


def _purchases(department, n):
    """A call of `department` with an application handed in and a funded project."""
    call = CallFactory(department=department, title=f"{department.name}第{n}期公益创投")
    handed_in(call, OrganizationFactory(), f"{department.name}申报项目")
    make_funded_project(call=call, amount=Decimal("30000.00"))
    return call


def _queries(user) -> dict[str, int]:
    client = Client()
    client.force_login(user)
    counts = {}
    for label, path in PAGES.items():
        client.get(path)  # caches warmed: site, locales, permissions
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (label, response.status_code)
        counts[label] = len(queries)
    return counts


def _calls_listed(user) -> tuple[int, set[str]]:
    """(calls in the list, the titles on its first page)."""
    client = Client()
    client.force_login(user)
    response = client.get(PAGES["call list"])
    titles = {call.title for call in response.context["object_list"]}
    return response.context["paginator"].count, titles


def test_staff_pages_do_the_same_queries_with_2_departments_and_with_50():
    city = GovernmentFactory(name="深圳市民政局", jurisdiction_code="440300")
    district = GovernmentFactory(
        name="深圳市南山区民政局", jurisdiction_code="440305", parent_department=city
    )
    officer = UserFactory(roles=[Role.STAFF], departments=[district])
    city_officer = UserFactory(roles=[Role.STAFF], departments=[city])
    own = _purchases(district, 1)
    _purchases(city, 1)
    few = {"district": _queries(officer), "city": _queries(city_officer)}

    # 48 more: districts under the city, each with street offices, every one buying.
    added = 0
    while added < 48:
        parent = GovernmentFactory(
            name=f"深圳市第{added}区民政局",
            jurisdiction_code="440304",
            parent_department=city,
        )
        _purchases(parent, 1)
        added += 1
        for street in range(3):
            if added == 48:
                break
            office = GovernmentFactory(
                name=f"深圳市第{added}区第{street}街道办事处",
                jurisdiction_code="440304001",
                parent_department=parent,
            )
            _purchases(office, 1)
            added += 1
    assert Organization.objects.filter(kind=OrgKind.GOVERNMENT).count() == 50
    many = {"district": _queries(officer), "city": _queries(city_officer)}
    assert many == few
    # The district officer's call list is still only their own; the city's has all 50.
    assert _calls_listed(officer) == (1, {own.title})
    assert _calls_listed(city_officer)[0] == 50
