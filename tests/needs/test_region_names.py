"""Needs name their region (广东省深圳市南山区), never print the bare code, and take the code from
the region picker with a Chinese refusal for an unknown one."""

import re

import pytest
from django.urls import reverse

from needs.models import Need
from tests.factories import NeedFactory
from tests.needs.test_public import SUBMIT, _public_form

pytestmark = pytest.mark.django_db


def test_public_board_and_detail_name_the_region_not_the_code(client, community):
    need = NeedFactory(organization=community, state="published", region_code="440305")
    for url in ("/needs/", reverse("needs_public:detail", args=[need.pk])):
        html = client.get(url).content.decode()
        assert "南山区" in html, url
        # A filter option's value may carry the code for the machine; the text never does.
        text = re.sub(r"<[^>]*>", " ", html)
        assert "440305" not in text, url


def test_board_filters_by_a_picked_city(client, community):
    NeedFactory(organization=community, state="published", region_code="440305", title="南山需求")
    NeedFactory(organization=community, state="published", region_code="440106", title="天河需求")
    html = client.get("/needs/", {"region": "440300"}).content.decode()
    assert "南山需求" in html and "天河需求" not in html
    # The picked region is echoed by name in the filter.
    assert "广东省深圳市" in html


def test_public_form_offers_the_picker_and_keeps_the_code(client):
    page = client.get(SUBMIT).content.decode()
    assert "data-region-picker" in page and "js/regions.js" in page
    assert client.post(SUBMIT, _public_form(region_code="440304")).status_code == 302
    assert Need.objects.get().region_code == "440304"


def test_public_form_refuses_an_unknown_code_in_chinese(client):
    response = client.post(SUBMIT, _public_form(region_code="440399"))
    assert response.status_code == 200
    assert "“440399”不是有效的行政区划代码，请从省、市、区县、街道列表中选择" in (
        response.content.decode()
    )
    assert not Need.objects.exists()


def test_portal_need_page_names_the_region(client, clerk, community):
    need = NeedFactory(organization=community, region_code="440305")
    client.force_login(clerk)
    html = client.get(f"/portal/needs/{need.pk}/").content.decode()
    assert "广东省深圳市南山区" in html


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_staff_list_filters_and_exports_by_region_name(staff_client, community):
    NeedFactory(organization=community, state="submitted", region_code="440305", title="南山需求")
    NeedFactory(organization=community, state="submitted", region_code="440106", title="天河需求")
    html = staff_client.get("/admin/needs/", {"region_code": "深圳"}).content.decode()
    assert "南山需求" in html and "天河需求" not in html
    assert "广东省深圳市南山区" in html
    response = staff_client.get("/admin/needs/", {"export": "csv"})
    csv = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "所在地区" in csv and "广东省深圳市南山区" in csv


# --- the street level (街道/乡镇) -----------------------------------------------------------------


def test_public_form_takes_a_street_code_and_drops_the_typed_street(client):
    response = client.post(SUBMIT, _public_form(region_code="440305001", street="南头街道"))
    assert response.status_code == 302
    need = Need.objects.get()
    assert need.region_code == "440305001"
    assert need.street == ""  # the code names it; the text would print it twice
    assert need.location == "广东省深圳市南山区南头街道星海名城社区"


def test_public_form_offers_the_street_select_and_refuses_an_unknown_street(client):
    page = client.get(SUBMIT).content.decode()
    assert 'data-streets="街道（乡镇）"' in page and 'maxlength="9"' in page
    response = client.post(SUBMIT, _public_form(region_code="440305999"))
    assert "“440305999”不是有效的行政区划代码，请从省、市、区县、街道列表中选择" in (
        response.content.decode()
    )
    assert not Need.objects.exists()


def test_pages_show_the_street_by_name_not_its_code(client, clerk, community):
    need = NeedFactory(
        organization=community, state="published", region_code="440305001", street=""
    )
    for url in ("/needs/", reverse("needs_public:detail", args=[need.pk])):
        html = client.get(url).content.decode()
        assert "南头街道" in html, url
        assert "440305001" not in html, url
    assert (
        "广东省深圳市南山区南头街道"
        in client.get(reverse("needs_public:detail", args=[need.pk])).content.decode()
    )
    client.force_login(clerk)
    assert "广东省深圳市南山区南头街道" in client.get(f"/portal/needs/{need.pk}/").content.decode()


def test_board_filter_by_a_county_keeps_its_streets_and_by_a_street_only_it(client, community):
    NeedFactory(
        organization=community, state="published", region_code="440305001", title="南头需求"
    )
    NeedFactory(
        organization=community, state="published", region_code="440305007", title="粤海需求"
    )
    html = client.get("/needs/", {"region": "440305"}).content.decode()
    assert "南头需求" in html and "粤海需求" in html
    html = client.get("/needs/", {"region": "440305001"}).content.decode()
    assert "南头需求" in html and "粤海需求" not in html
    assert "广东省深圳市南山区南头街道" in html  # the picked street echoed by name


def test_staff_filter_by_a_district_name_finds_needs_of_its_streets(client, staff, community):
    NeedFactory(
        organization=community, state="submitted", region_code="440305001", title="南头需求"
    )
    client.force_login(staff)
    html = client.get("/admin/needs/", {"region_code": "深圳市南山区"}).content.decode()
    assert "南头需求" in html and "广东省深圳市南山区南头街道" in html


def test_statistics_count_a_street_in_its_county(community):
    from needs.stats import picture

    NeedFactory(organization=community, state="published", region_code="440305001")
    NeedFactory(organization=community, state="published", region_code="440305")
    rows = {row.key: row for row in picture().by_region}
    assert list(rows) == ["440305"]
    assert rows["440305"].label == "广东省深圳市南山区"
