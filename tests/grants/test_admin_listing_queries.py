"""The screening listing's database work does not grow with the rows on the page: each row's
"more" menu checks whether the user administers the applicant (the withdraw rule), answered for
the whole page in one query (bench/README.md has the figures)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orgs.models import MemberRole
from tests.factories import CallFactory, OrganizationFactory, add_member
from tests.grants import admin_support
from tests.grants.admin_support import INDEX, handed_in, listed

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
