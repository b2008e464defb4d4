"""Issue 10, journey 1 (applicant), on a fresh database with the demo data:

register → create an organization → submit it for verification → staff approve (signing in with
password and authenticator code) → read the call on the public site → apply → upload a document
→ submit → staff return it with a reason → the applicant completes it and resubmits.

Every public page visited is checked with axe-core (no serious or critical violations).
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e import flows
from tests.factories import make_uscc

ORG_NAME = "南山区晨光社区服务中心"
PROJECT = "“邻里守望”社区长者关爱项目"
RETURN_REASON = "预算明细表未加盖公章，请补正后重新提交。"


@pytest.fixture
def staff_page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_applicant_journey_from_registration_to_resubmission(
    demo_site, page, staff_page, screenshot, tmp_path
):
    from grants.models import Application
    from orgs.models import Organization, User

    base = demo_site
    staff = User.objects.get(email=flows.STAFF_EMAIL)
    flows.enrol_authenticator(staff)

    # --- The public site: home, the calls, the call -------------------------------------------
    page.goto(base + "/")
    flows.assert_accessible(page)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="征集公告").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("征集公告")
    flows.assert_accessible(page)
    page.get_by_role("main").get_by_role("link", name=flows.VENTURE_CALL).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(flows.VENTURE_CALL)
    expect(page.get_by_text("成立满1年")).to_be_visible()
    flows.assert_accessible(page)
    screenshot("c-01-public-call")
    call_page_url = page.url

    # --- Register ------------------------------------------------------------------------------
    page.goto(base + "/accounts/register/")
    flows.assert_accessible(page)
    page.get_by_label("姓名").fill("林晓")
    page.get_by_label("电子邮箱").fill("linxiao@example.cn")
    page.get_by_label("手机号码").fill("13800000031")
    page.locator("#id_password1").fill("Chenguang-2026!")
    page.locator("#id_password2").fill("Chenguang-2026!")
    page.get_by_role("button", name="注册").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("请查收验证邮件")
    flows.assert_accessible(page)
    # The address is proved through the link in the mail, as the person would open it.
    (message,) = [m for m in mail.outbox if m.to == ["linxiao@example.cn"]]
    page.goto(base + re.search(r"https?://[^/\s]+(/accounts/verify/\S+/)", message.body)[1])
    flows.assert_accessible(page)
    page.get_by_role("button", name="确认验证").click()
    flows.sign_in(page, base, "linxiao@example.cn", "Chenguang-2026!")
    expect(page).to_have_url(re.compile(r"/portal/"))
    screenshot("c-02-registered")

    # --- Create the organization and submit it for verification ------------------------------
    page.goto(base + "/portal/orgs/new/")
    page.get_by_label("组织名称").fill(ORG_NAME)
    page.get_by_label("组织类型").select_option(value="service_org")
    page.get_by_label("统一社会信用代码").fill(make_uscc())
    page.get_by_label("成立日期").fill(flows.years_ago(3))
    page.get_by_label("法定代表人").fill("林晓")
    page.get_by_label("住所").fill("深圳市南山区南头街道南头城社区12号")
    page.get_by_label("联系人").fill("林晓")
    page.get_by_label("联系电话").fill("13800000031")
    page.get_by_label("联系邮箱").fill("linxiao@example.cn")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(ORG_NAME)

    page.get_by_label("材料类型").select_option(value="certificate")
    page.get_by_label("标题").fill("民办非企业单位登记证书")
    page.get_by_label("文件").set_input_files(str(flows.pdf_file(tmp_path, "登记证书.pdf")))
    page.get_by_role("button", name="上传").click()
    expect(page.get_by_role("main")).to_contain_text("民办非企业单位登记证书")
    page.get_by_role("button", name="提交认证").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("待审核")
    screenshot("c-03-org-submitted")
    org = Organization.objects.get(name=ORG_NAME)
    assert org.state == "pending"

    # --- Staff approve in the back office (password + authenticator code) --------------------
    flows.sign_in_staff(staff_page, base, staff)
    staff_page.goto(base + f"/admin/organizations/inspect/{org.pk}/")
    expect(staff_page.get_by_role("main")).to_contain_text(ORG_NAME)
    flows.admin_transition(staff_page, "认证通过")
    staff_page.screenshot(path=str(_dir() / "c-04-staff-approved.png"), full_page=True)
    org.refresh_from_db()
    assert org.state == "verified"

    # --- Apply to the open call from its public page -----------------------------------------
    page.goto(call_page_url)
    page.get_by_role("link", name="登录后申报").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(flows.VENTURE_CALL)
    page.get_by_role("button", name=f"以“{ORG_NAME}”名义开始申报").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("填写申报书")
    flows.fill_application(page, project_name=PROJECT)
    page.get_by_role("button", name="保存草稿").click()
    flows.upload_attachment(page, "承诺书", flows.pdf_file(tmp_path, "承诺书.pdf"))
    flows.upload_attachment(page, "项目预算明细表", flows.pdf_file(tmp_path, "预算明细表.pdf"))
    screenshot("c-05-application-filled")
    page.get_by_role("button", name="保存并提交").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("已提交")
    application = Application.objects.get(project_name=PROJECT)
    assert application.state == "submitted"

    # --- Staff return it with a reason ---------------------------------------------------------
    staff_page.goto(base + f"/admin/applications/inspect/{application.pk}/")
    flows.admin_transition(staff_page, "开始形式审查")
    flows.admin_transition(staff_page, "退回补正", reason=RETURN_REASON)
    staff_page.screenshot(path=str(_dir() / "c-06-staff-returned.png"), full_page=True)
    application.refresh_from_db()
    assert application.state == "returned"

    # --- The applicant sees why, completes and resubmits -------------------------------------
    page.goto(base + f"/portal/applications/{application.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("退回补正")
    expect(page.get_by_role("main")).to_contain_text(RETURN_REASON)
    screenshot("c-07-returned")
    page.get_by_role("link", name="填写/修改申报书").click()
    flows.upload_attachment(page, "项目预算明细表", flows.pdf_file(tmp_path, "预算明细表-盖章.pdf"))
    page.get_by_role("button", name="保存并重新提交").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("已提交")
    screenshot("c-08-resubmitted")
    application.refresh_from_db()
    assert application.state == "submitted"
    assert application.attachments.filter(original_name="预算明细表-盖章.pdf").exists()


def _dir():
    from tests.e2e.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
