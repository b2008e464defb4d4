"""Steps of the browser journeys, written as a person does them: by labels, buttons and links.

Every public page a journey visits is checked with axe-core (`assert_accessible`): no serious or
critical violation may appear.
"""

import datetime
import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.hostile_files import make_pdf

DEMO_PASSWORD = "demo-pass-2026"  # the printed password of the demo accounts
STAFF_EMAIL = "staff@demo.gongyi.cn"
APPLICANT_EMAIL = "applicant@demo.gongyi.cn"
VENTURE_CALL = "2026年南山区第五届公益创投大赛"
BLOCKING_IMPACTS = {"serious", "critical"}


def assert_accessible(page: Page) -> None:
    """axe-core on the current page: no serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    blocking = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING_IMPACTS
    ]
    assert blocking == [], f"{page.url}: {blocking}"


def pdf_file(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(make_pdf())
    return path


def sign_in(page: Page, base_url: str, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(base_url + "/accounts/login/")
    assert_accessible(page)  # the sign-in page is public
    page.get_by_label("邮箱或手机号码").fill(email)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def totp_code(user) -> str:
    """The code the staff member's authenticator app would show now."""
    from django_otp.oath import totp

    device = user.totpdevice_set.get(confirmed=True)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def enrol_authenticator(user) -> None:
    """Server side, what scanning the QR code does: the user has a confirmed TOTP device."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=user).delete()
    TOTPDevice.objects.create(user=user, name="手机验证器", confirmed=True)


def sign_in_staff(page: Page, base_url: str, user) -> None:
    """Password, then the second factor typed from the authenticator, as staff must."""
    page.goto(base_url + "/accounts/login/?next=/admin/")
    page.get_by_label("邮箱或手机号码").fill(user.email)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/verify/"))
    page.get_by_label(re.compile("验证码")).fill(totp_code(user))
    page.get_by_role("button", name="验证", exact=True).click()
    expect(page).to_have_url(re.compile(r"/admin/"))


def admin_transition(page: Page, label: str, reason: str = "") -> None:
    """On an admin inspect page: the header button `label`, then its confirmation page."""
    page.get_by_role("link", name=label, exact=True).first.click()
    if reason:
        page.get_by_label(re.compile("原因")).fill(reason)
    page.get_by_role("button", name=f"确认{label}").click()


def fill_application(page: Page, *, project_name: str) -> None:
    """Every section of the 申报书 of the demo venture call, as an applicant types it."""
    page.get_by_label("服务领域").select_option(label="扶老")
    page.get_by_label("项目名称").fill(project_name)
    page.get_by_label("项目周期（月）").fill("10")
    page.get_by_label("申请资助金额（元）").fill("120000.00")
    page.get_by_label("机构简介").fill("扎根南头街道八年的社区服务机构，专职社工12人。")
    page.get_by_label("项目负责人").fill("林晓")
    page.get_by_label("负责人电话").fill("13800000021")
    page.get_by_label("项目联系人").fill("陈静")
    page.get_by_label("联系人手机").fill("13800000022")
    page.get_by_label("项目概述").fill("为南头街道独居长者提供每周探访、安全评估和邻里互助服务。")
    page.get_by_label("需求分析（项目必要性）").fill("街道独居长者约600人，缺少日常照看。")
    page.get_by_label("项目目标").fill("一年内建立覆盖200名独居长者的探访网络。")
    page.get_by_label("活动安排与实施进度").fill("第1-2月招募培训志愿者；第3-10月每周探访。")
    page.get_by_label("预期产出与成效").fill("探访4000人次，安全隐患整改率90%。")
    page.get_by_label("风险防控与可持续性").fill("购买意外险；与社区居委会共建长效机制。")
    pick_region(page, "广东省", "深圳市", "南山区")
    page.get_by_label("实施街道（镇）").fill("南头街道")
    page.get_by_label("实施社区（村）").fill("南头城社区")
    page.get_by_label("直接受益人数").fill("200")
    page.get_by_label("间接受益人数（估算）").fill("800")
    page.locator("input[name='team-0-name']").fill("林晓")
    page.locator("input[name='team-0-education']").fill("本科")
    page.locator("input[name='team-0-major']").fill("社会工作")
    page.locator("select[name='team-0-qualification']").select_option(index=1)
    page.locator("input[name='team-0-role']").fill("项目负责人")
    page.locator("input[name='team-0-phone']").fill("13800000021")
    page.locator("input[name='budget-0-category']").fill("人员费用")
    page.locator("input[name='budget-0-item']").fill("社工补贴")
    page.locator("input[name='budget-0-unit_price']").fill("6000.00")
    page.locator("input[name='budget-0-quantity']").fill("20")
    page.locator("select[name='budget-0-funding_source']").select_option(value="requested")
    page.get_by_label("项目创新点").fill("邻里互助员与社工双线探访。")
    page.get_by_label("独居长者").check()


def upload_attachment(page: Page, heading: str, path: Path) -> None:
    """Upload `path` in the attachment box titled `heading` (each box is its own form)."""
    box = page.locator("#attachments .card").filter(
        has=page.get_by_role("heading", name=re.compile(re.escape(heading)))
    )
    box.get_by_label("选择文件").set_input_files(str(path))
    box.get_by_role("button", name="上传").click()
    expect(
        page.locator("#attachments .card")
        .filter(has=page.get_by_role("heading", name=re.compile(re.escape(heading))))
        .get_by_role("link", name=path.name)
    ).to_be_visible()


def years_ago(years: int) -> str:
    today = datetime.date.today()
    return today.replace(year=today.year - years, day=min(today.day, 28)).isoformat()


def sign_in_with_authenticator(page: Page, base_url: str, user, landing: str = "/portal/") -> None:
    """Sign in from the public sign-in page (password, then the authenticator code) and arrive
    where the site sends `user` by default: staff at the admin, everyone else in the portal."""
    sign_in(page, base_url, user.email)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/verify/"))
    page.get_by_label(re.compile("验证码")).fill(totp_code(user))
    page.get_by_role("button", name="验证", exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(base_url + landing) + "$"))


def save_screenshot(page: Page, name: str) -> Path:
    """A full-page PNG of any page (not only the `page` fixture's) under artifacts/screenshots/."""
    from tests.e2e.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def pick_region(page, province, city, county):
    """The region picker (static/js/regions.js): 省 → 市 → 区县 selects over the code input."""
    for level, label in (("省", province), ("市", city), ("区县", county)):
        page.get_by_role("combobox", name=re.compile(f"：{level}$")).select_option(label=label)
