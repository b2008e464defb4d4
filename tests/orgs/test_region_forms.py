"""Organizations take their 行政区划代码 from the region picker and show its name: registration,
profile page, and the staff list (column, filter by name, export)."""

import csv
import io

import pytest
from django.urls import reverse

from orgs.models import Organization
from tests.factories import OrganizationFactory, UserFactory, add_member, make_uscc
from tests.orgs.test_portal import VALID

pytestmark = pytest.mark.django_db


def test_registration_form_offers_the_picker(client):
    client.force_login(UserFactory())
    html = client.get(reverse("portal:org_create")).content.decode()
    assert "data-region-picker" in html and "js/regions.js" in html


def test_registration_refuses_an_unknown_code_and_keeps_nothing(client):
    client.force_login(UserFactory())
    data = {**VALID, "uscc": make_uscc("service_org"), "region_code": "440399"}
    html = client.post(reverse("portal:org_create"), data).content.decode()
    assert "“440399”不是有效的行政区划代码，请从省、市、区县列表中选择" in html
    assert not Organization.objects.exists()


def test_registration_keeps_a_picked_code(client):
    client.force_login(UserFactory())
    data = {**VALID, "uscc": make_uscc("service_org"), "region_code": "110105"}
    client.post(reverse("portal:org_create"), data)
    assert Organization.objects.get().region_code == "110105"


def test_organization_page_names_the_region_not_the_code(client):
    # The USCC carries a region code of its own: keep it apart from the one under test.
    org = OrganizationFactory(region_code="440305", uscc=make_uscc(region="440304"))
    user = UserFactory()
    add_member(user, org, "admin")
    client.force_login(user)
    html = client.get(reverse("portal:org_detail", args=[org.pk])).content.decode()
    assert "广东省深圳市南山区" in html
    assert "440305" not in html
    # The edit form echoes the name beside the code input.
    edit = client.get(reverse("portal:org_edit", args=[org.pk])).content.decode()
    assert "广东省深圳市南山区" in edit


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_staff_list_shows_names_and_filters_by_name(staff_client):
    OrganizationFactory(name="南山区阳光社工服务中心", region_code="440305")
    OrganizationFactory(name="广州市天河区扶老基金会", region_code="440106")
    html = staff_client.get("/admin/organizations/", {"region_code": "深圳市"}).content.decode()
    assert "南山区阳光社工服务中心" in html and "广州市天河区扶老基金会" not in html
    assert "广东省深圳市南山区" in html
    response = staff_client.get("/admin/organizations/", {"export": "csv", "region_code": "天河"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    heading = rows[0].index("所在地区")
    assert [(r[0], r[heading]) for r in rows[1:]] == [
        ("广州市天河区扶老基金会", "广东省广州市天河区")
    ]


def test_registration_place_stays_at_county_level(client):
    """登记地: registration authorities are county-level or above, so no street is offered or
    taken (docs/decisions.md 32)."""
    client.force_login(UserFactory())
    assert "data-streets" not in client.get(reverse("portal:org_create")).content.decode()
    data = {**VALID, "uscc": make_uscc("service_org"), "region_code": "440305001"}
    html = client.post(reverse("portal:org_create"), data).content.decode()
    assert "行政区划代码应为6位数字" in html
    assert not Organization.objects.exists()
