"""Issue 4's browser test: an applicant signs in, fills a draft, reloads, finds it intact,
submits, and sees the new state."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e import flows

DEMO_DRAFT = "“银龄守望”独居长者探访关爱计划"  # the demo applicant's draft (grants/demo.py)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_applicant_fills_reloads_and_submits_a_draft(demo_site, page, screenshot, tmp_path):
    from grants.models import Application

    base = demo_site

    flows.sign_in(page, base, flows.APPLICANT_EMAIL)
    expect(page).to_have_url(re.compile(r"/portal/$"))
    page.goto(base + "/portal/applications/")
    page.get_by_role("main").get_by_role("link", name=DEMO_DRAFT, exact=True).click()
    page.get_by_role("link", name="填写/修改申报书").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("申报书")

    flows.fill_application(page, project_name="“银龄守望”独居长者探访关爱计划（第二期）")
    page.get_by_role("button", name="保存草稿").click()
    screenshot("b-01-draft-saved")

    page.reload()
    # Everything typed is still there after the reload, read back from the server.
    expect(page.get_by_label("项目名称")).to_have_value("“银龄守望”独居长者探访关爱计划（第二期）")
    expect(page.get_by_label("实施社区（村）")).to_have_value("南头城社区")
    expect(page.get_by_label("申请资助金额（元）")).to_have_value("120000.00")
    expect(page.locator("input[name='budget-0-unit_price']")).to_have_value("6000.00")
    expect(page.locator("input[name='team-0-major']")).to_have_value("社会工作")
    expect(page.get_by_label("项目创新点")).to_have_value("邻里互助员与社工双线探访。")
    expect(page.get_by_label("独居长者")).to_be_checked()
    screenshot("b-02-draft-reloaded")

    flows.upload_attachment(page, "承诺书", flows.pdf_file(tmp_path, "承诺书.pdf"))
    flows.upload_attachment(page, "项目预算明细表", flows.pdf_file(tmp_path, "预算明细表.pdf"))
    expect(page.locator("#submit")).to_contain_text("申报书已填写完整，可以提交。")
    page.get_by_role("button", name="保存并提交").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("已提交")
    screenshot("b-03-submitted")
    application = Application.objects.get(project_name="“银龄守望”独居长者探访关爱计划（第二期）")
    assert application.state == "submitted"
    assert application.budget_lines.get().amount == application.amount_requested
