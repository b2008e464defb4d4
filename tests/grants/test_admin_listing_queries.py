"""The screening listing's database work does not grow with the rows on the page: each row's
"more" menu checks whether the user administers the applicant (the withdraw rule), answered for
the whole page in one query, and the filter drawer's calls and categories are read as values,
not model objects (bench/README.md has the figures)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orgs.models import MemberRole
from tests.factories import CallFactory, OrganizationFactory, add_member
from tests.grants import admin_support
from tests.grants.admin_support import INDEX, handed_in, listed
from tests.instances import objects_built

pytestmark = pytest.mark.django_db
staff_client = admin_support.staff_client


def _queries(client) -> tuple[int, set[str], str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(INDEX)
    assert response.status_code == 200
    return len(queries), listed(response), response.content.decode()


def test_listing_queries_stay_the_same_from_two_rows_to_twelve(staff_client, call):
    orgs = [OrganizationFactory() for _ in range(12)]
    for i in range(2):
        handed_in(call, orgs[i], f"项目{i}")
    staff_client.get(INDEX)  # caches warmed: site, locales, permissions
    few, names, _html = _queries(staff_client)
    assert names == {"项目0", "项目1"}
    for i in range(2, 12):
        handed_in(call, orgs[i], f"项目{i}")
    many, names, _html = _queries(staff_client)
    assert names == {f"项目{i}" for i in range(12)}
    assert many == few


def test_listing_offers_withdraw_only_for_the_organization_the_user_administers(
    staff_client, staff, call, org_a, org_b
):
    # A staff member who is also the account admin of an applicant (an edge case, but the rule
    # must answer per row from the cache filled for the page).
    add_member(staff, org_a, MemberRole.ADMIN)
    mine = handed_in(call, org_a, "本机构的项目")
    theirs = handed_in(call, org_b, "别的机构的项目")
    _count, names, html = _queries(staff_client)
    assert names == {"本机构的项目", "别的机构的项目"}
    assert f"{INDEX}transition/{mine.pk}/withdraw/" in html
    assert f"{INDEX}transition/{theirs.pk}/withdraw/" not in html
    assert f"{INDEX}transition/{theirs.pk}/start_screening/" in html


def test_call_filter_lists_every_call_escaped_and_marks_the_chosen_one(staff_client, call):
    odd = CallFactory(title="<b>试点</b>征集")
    handed_in(call, OrganizationFactory(), "项目甲")
    html = staff_client.get(INDEX, {"call": call.pk}).content.decode()
    assert f'<option value="{call.pk}" selected>2025年南山区公益创投</option>' in html
    assert f'<option value="{odd.pk}">&lt;b&gt;试点&lt;/b&gt;征集</option>' in html
    assert "<b>试点</b>" not in html


def _request(client, params=None):
    with objects_built() as built, CaptureQueriesContext(connection) as queries:
        response = client.get(INDEX, params or {})
    assert response.status_code == 200
    return len(queries), built, response.content.decode()


def test_filter_choices_are_read_as_values_whatever_the_number_of_calls(staff_client, call):
    # Every call is an option and every category name; they are read as values, so neither
    # the queries nor the call and category objects built grow with the calls.
    handed_in(call, OrganizationFactory(), "项目甲")
    handed_in(call, OrganizationFactory(), "项目乙")
    staff_client.get(INDEX)  # caches warmed
    few, built_few, _html = _request(staff_client)
    calls = [
        CallFactory(title=f"第{i}期公益创投", categories=["扶老", "助残", f"类{i}"])
        for i in range(12)
    ]
    many, built_many, html = _request(staff_client)
    assert many == few
    assert built_many["CallCategory"] == built_few["CallCategory"] == 2  # the rows' own
    assert built_many["Call"] == built_few["Call"] == 2
    for i, other in enumerate(calls):
        assert f'<option value="{other.pk}">{other.title}</option>' in html
        assert f'<option value="类{i}">类{i}</option>' in html
    assert html.count('<option value="助残">') == 1


def test_chosen_call_and_category_filter_the_rows_and_show_as_active_filters(staff_client, call):
    other = CallFactory(title="2025年福田区公益创投")
    handed_in(call, OrganizationFactory(), "南山的项目")
    elsewhere = handed_in(other, OrganizationFactory(), "福田的项目")
    _count, _built, html = _request(staff_client, {"call": other.pk})
    assert "福田的项目" in html and "南山的项目" not in html
    assert f'<option value="{other.pk}" selected>2025年福田区公益创投</option>' in html
    assert '<b class="w-ml-1">2025年福田区公益创投</b>' in html  # the active-filter chip
    type(elsewhere.category).objects.filter(pk=elsewhere.category_id).update(name="助残")
    _count, _built, html = _request(staff_client, {"category": "助残"})
    assert "福田的项目" in html and "南山的项目" not in html
    assert '<b class="w-ml-1">助残</b>' in html


def test_unknown_call_or_category_ids_are_ignored_not_errors(staff_client, call):
    handed_in(call, OrganizationFactory(), "项目甲")
    for value in ("999999", "abc", str(10**30), "-1"):
        _count, _built, html = _request(staff_client, {"call": value, "category": value})
        assert "项目甲" in html
