"""The region picker in a real browser: 省 → 市 → 区县 (→ 街道) selects replace the code input on
the public need form, and the picked region's code is what gets stored."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from needs.models import Need

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_citizen_picks_province_city_district_and_the_code_is_stored(migration_data, page):
    page.goto(migration_data + "/needs/submit/")
    code = page.locator("input[name=region_code]")
    province = page.get_by_role("combobox", name=re.compile("：省$"))
    province.select_option(label="广东省")
    city = page.get_by_role("combobox", name=re.compile("：市$"))
    city.select_option(label="深圳市")
    page.get_by_role("combobox", name=re.compile("：区县$")).select_option(label="南山区")
    expect(code).to_be_hidden()
    expect(code).to_have_value("440305")
    # Going back up a level drops the district and keeps the city.
    city.select_option(index=0)
    expect(code).to_have_value("440000")
    city.select_option(label="深圳市")
    page.get_by_role("combobox", name=re.compile("：区县$")).select_option(label="福田区")

    page.fill("[name=title]", "老人出行协助")
    page.fill("[name=description]", "老旧小区老人下楼难。")
    page.select_option("[name=category]", "elderly")
    page.select_option("[name=urgency]", "normal")
    page.fill("[name=contact_name]", "林女士")
    page.fill("[name=contact_phone]", "13900000000")
    page.get_by_role("button", name=re.compile("提交")).click()
    page.wait_for_load_state()
    assert Need.objects.get().region_code == "440304"


def _fill_the_rest(page):
    page.fill("[name=title]", "老人出行协助")
    page.fill("[name=description]", "老旧小区老人下楼难。")
    page.fill("[name=community]", "星海名城社区")
    page.select_option("[name=category]", "elderly")
    page.select_option("[name=urgency]", "normal")
    page.fill("[name=contact_name]", "林女士")
    page.fill("[name=contact_phone]", "13900000000")


def test_citizen_picks_down_to_a_street_and_its_full_name_is_shown(migration_data, page):
    page.goto(migration_data + "/needs/submit/")
    code = page.locator("input[name=region_code]")
    page.get_by_role("combobox", name=re.compile("：省$")).select_option(label="广东省")
    page.get_by_role("combobox", name=re.compile("：市$")).select_option(label="深圳市")
    district = page.get_by_role("combobox", name=re.compile("：区县$"))
    district.select_option(label="南山区")
    expect(code).to_have_value("440305")  # the street is optional
    street = page.get_by_role("combobox", name=re.compile("：街道（乡镇）$"))
    street.select_option(label="南头街道")
    expect(code).to_have_value("440305001")
    # Another district drops the street list and loads its own.
    district.select_option(label="福田区")
    expect(code).to_have_value("440304")
    expect(street.locator("option", has_text="南头街道")).to_have_count(0)
    district.select_option(label="南山区")
    page.get_by_role("combobox", name=re.compile("：街道（乡镇）$")).select_option(label="南头街道")
    expect(code).to_have_value("440305001")

    _fill_the_rest(page)
    page.get_by_role("button", name=re.compile("提交")).click()
    page.wait_for_load_state()
    need = Need.objects.get()
    assert need.region_code == "440305001"

    # Once published, its page names the street in full, never the digits.
    Need.objects.filter(pk=need.pk).update(state="published", published_at=timezone.now())
    page.goto(migration_data + reverse("needs_public:detail", args=[need.pk]))
    expect(page.get_by_text("广东省深圳市南山区南头街道星海名城社区")).to_be_visible()
    assert "440305001" not in page.content()


def test_the_picker_stops_at_the_county_where_no_street_is_taken(migration_data, page):
    """A list filter without streets (the project directory) keeps three selects."""
    page.goto(migration_data + reverse("projects_public:directory"))
    page.get_by_role("combobox", name=re.compile("：省$")).select_option(label="广东省")
    page.get_by_role("combobox", name=re.compile("：市$")).select_option(label="深圳市")
    page.get_by_role("combobox", name=re.compile("：区县$")).select_option(label="南山区")
    expect(page.locator("input[name=region]")).to_have_value("440305")
    page.wait_for_timeout(500)
    expect(page.get_by_role("combobox", name=re.compile("街道"))).to_have_count(0)
