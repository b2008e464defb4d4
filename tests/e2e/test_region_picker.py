"""The region picker in a real browser: 省 → 市 → 区县 selects replace the code input on the
public need form, and the picked district's code is what gets stored."""

import re

import pytest
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
