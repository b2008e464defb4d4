"""Issue 3's journey: home → catalogue → item, then a Chinese search."""

import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cms import demo


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_citizen_browses_the_catalogue_and_searches(migration_data, live_server, page, screenshot):
    demo.seed(io.StringIO())
    year = timezone.localdate().year

    page.goto(live_server.url + "/")
    expect(page).to_have_title(re.compile("首页"))
    expect(page.locator("main")).to_have_count(1)
    screenshot("01-home")

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="指导性目录").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("指导性目录")
    screenshot("02-catalogue-index")

    page.get_by_role("link", name=f"示范市政府购买服务指导性目录（{year}年版）").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"示范市政府购买服务指导性目录（{year}年版）"
    )
    screenshot("03-catalogue")

    page.get_by_role("link", name="社会保障服务", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A-4社会保障服务")
    screenshot("04-category")

    page.get_by_role("main").get_by_role("link", name="居家养老上门服务", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A-4-1居家养老上门服务")
    expect(page.get_by_text("承接主体资格条件")).to_be_visible()
    breadcrumbs = page.get_by_role("navigation", name="面包屑")
    expect(breadcrumbs).to_contain_text("社会保障服务")
    screenshot("05-item")

    search = page.get_by_role("search").get_by_label("站内搜索")
    search.fill("养老")
    search.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("站内搜索")
    expect(page.get_by_role("status")).to_contain_text("与“养老”相关的结果")
    results = page.locator(".search-results")
    expect(results.get_by_role("link", name="居家养老上门服务").first).to_be_visible()
    expect(results.locator("mark").first).to_have_text("养老")
    screenshot("06-search")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/")
    expect(page.get_by_role("link", name="指导性目录").first).to_be_visible()
    screenshot("07-home-mobile")
