"""Journey 4 (issue #10): a member of the public searches the catalogue in Chinese, reads a call,
then reads a 公示 and its result — on a fresh database with the demo data, in Chromium.

Every page visited is checked with axe-core (no serious or critical violations) and saved as a
screenshot under artifacts/screenshots/public-*.png.
"""

import re

import pytest
from playwright.sync_api import expect

from core.formats import chinese_day
from tests.e2e.flows import assert_accessible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


# The demo's 公示 (grants, review and projects demos: last year's edition, awarded).
PUBLICITY = "2025年南山区第四届公益创投大赛拟资助项目公示"
RESULT = "2025年南山区第四届公益创投大赛立项结果"
FUNDED = [
    ("“银龄同行”独居长者关爱计划", "南山区阳光长者综合服务中心", "扶老", "120,000.00"),
    ("“彩虹桥”困境儿童成长陪伴", "南山区彩虹社会工作服务中心", "救孤", "90,000.00"),
]


def visit(page, screenshot, name):
    assert_accessible(page)
    screenshot(f"public-{name}")


def test_public_searches_in_chinese_and_reads_a_call(live_server, page, screenshot, demo_site):
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


def test_public_reads_a_publicity_and_its_result(live_server, page, screenshot, demo_site):
    """Last year's edition, awarded by the demo through the real review: its 公示 (with the
    rejected objection) and its result, reached by following links."""
    from review.models import Publicity

    # Its dates follow the day the demo was seeded ("last year"); names and amounts are fixed.
    publicity = Publicity.objects.get(snapshot__title=PUBLICITY)
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="公示").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("拟资助项目公示与立项结果")
    main = page.get_by_role("main")
    listed = main.get_by_role("listitem").filter(has_text=PUBLICITY)
    expect(listed).to_contain_text(
        f"公示期 {chinese_day(publicity.starts_on)} 至 {chinese_day(publicity.ends_on)}"
    )
    expect(listed.get_by_role("link", name=RESULT)).to_be_visible()
    visit(page, screenshot, "06-publicity-index")

    listed.get_by_role("link", name=PUBLICITY).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PUBLICITY)
    rows = main.get_by_role("table").locator("tbody tr")
    expect(rows).to_have_count(len(FUNDED))
    for i, (project, organization, field, amount) in enumerate(FUNDED):
        cells = [str(i + 1), project, organization, field, amount, ""]
        expect(rows.nth(i).locator("td")).to_have_text(cells)
    expect(main).to_contain_text("评审专家：吴敏会计师、周强督导、孙立教授、郑洁研究员、钱红副教授")
    expect(main.get_by_role("region", name="公示期间的更正与处理结果")).to_contain_text(
        "对“‘彩虹桥’困境儿童成长陪伴”的异议经核查不成立：该机构现有专职社工12名，本项目配备专职社工2名"
    )
    expect(main.get_by_role("heading", name="在线提出异议")).to_have_count(0)
    visit(page, screenshot, "07-publicity")

    main.get_by_role("link", name=RESULT).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(RESULT)
    decided = publicity.result_snapshot["decided_on"]
    expect(main).to_contain_text(f"公示期满，经核查，以下项目于{chinese_day(decided)}确定立项。")
    rows = main.get_by_role("table").locator("tbody tr")
    expect(rows).to_have_count(len(FUNDED))
    for i, (project, organization, field, amount) in enumerate(FUNDED):
        expect(rows.nth(i).locator("td")).to_have_text(
            [str(i + 1), project, organization, field, amount]
        )
    expect(main.get_by_role("table").locator("tfoot tr")).to_have_text(
        re.compile(r"合计\s*210,000\.00")
    )
    visit(page, screenshot, "08-result")
