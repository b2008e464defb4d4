"""Steps of journey 2 (staff and experts through to the award), written as people do them.

`arrange_closed_call` is the only step done server side: applicants submitting is journey 1's
subject, so here four organizations' admins submit through the one door and the scheduler
closes the call at its deadline, as `run_schedule` does in production.
"""

import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal

from playwright.sync_api import Page, expect

from tests.e2e import flows

CALL_TITLE = "2026年南山区“幸福邻里”公益微创投"
CONTACT = "电话0755-26661234，邮箱gongshi@nanshan.example.cn"
# The default rubric (review.models.plans.DEFAULT_RUBRIC), in order.
CRITERIA = [
    "需求分析与目标",
    "项目设计与活动",
    "创新性",
    "可行性与可持续性",
    "预算合理性",
    "组织与团队能力",
]


@dataclass(frozen=True, eq=False)  # compared and hashed by identity
class Applicant:
    organization: str
    project: str
    category: str
    amount: Decimal
    sheets: tuple  # points per criterion, one list per expert in drawing order
    final: str  # the mean of the three totals, as the ranking shows it

    @property
    def option(self) -> str:
        """How the public objection form names the project."""
        return f"{self.project}（{self.organization}）"


# Budget 250,000: A, B and C fit (100,000 + 80,000 + 70,000); D scores above the minimum of 60 but
# the money is gone, so it is 未入选 for lack of budget and first in line for promotion.
A = Applicant(
    "南山区银龄伙伴社工服务中心",
    "“银龄伙伴”独居长者探访计划",
    "扶老",
    Decimal("100000.00"),
    ([18, 22, 13, 9, 13, 13], [17, 22, 13, 9, 12, 13], [17, 21, 12, 9, 12, 13]),
    "86.00",
)
B = Applicant(
    "南山区同行助残服务中心",
    "“无障碍出行”残障人士社区支持项目",
    "助残",
    Decimal("80000.00"),
    ([16, 20, 12, 8, 12, 12], [16, 19, 12, 8, 11, 12], [17, 20, 12, 8, 12, 13]),
    "80.00",
)
C = Applicant(
    "南山区邻里厨房社区服务中心",
    "“长者饭堂”社区助餐服务",
    "扶老",
    Decimal("70000.00"),
    ([15, 19, 11, 8, 11, 11], [15, 18, 11, 8, 11, 11], [15, 19, 12, 8, 11, 11]),
    "75.00",
)
# The third expert gives 创新性 8 of 15, below 60 %: the sheet asks for a comment first.
D = Applicant(
    "南山区春晖长者服务中心",
    "“时间银行”社区互助养老项目",
    "扶老",
    Decimal("60000.00"),
    ([14, 17, 10, 7, 10, 10], [13, 17, 10, 7, 9.5, 9.5], [13, 16.5, 8, 7, 9.5, 9.5]),
    "65.83",
)
APPLICANTS = [A, B, C, D]


def total(points) -> Decimal:
    return sum((Decimal(str(p)) for p in points), Decimal("0"))


def shot(page: Page, name: str, at: str = "") -> None:
    """A screenshot of any page; `at` scrolls a section into view first (the Wagtail admin
    scrolls inside its own container, so a full-page shot only shows the window)."""
    from tests.e2e.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if at:
        page.locator(at).scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def messages(page: Page):
    """The flash messages of an admin or portal page (both render them in `.messages`)."""
    return page.locator(".messages")


# --- Arranged server side ------------------------------------------------------------------------


def arrange_closed_call():
    """The call, four applications submitted by their organizations' admins, the call closed by
    the scheduler. Returns (call, {applicant: application})."""
    from django.core.management import call_command
    from django.utils import timezone

    from core.workflow import perform_transition
    from grants.models import Application, Call
    from orgs.models import MemberRole
    from tests.factories import (
        ApplicationFactory,
        CallFactory,
        OrganizationFactory,
        UserFactory,
        add_member,
        fill_application,
    )

    department = Call.objects.get(title=flows.VENTURE_CALL).department
    call = CallFactory(
        title=CALL_TITLE,
        department=department,
        total_budget=Decimal("250000.00"),
        per_project_cap=Decimal("100000.00"),
        require_verified=True,
        categories=["扶老", "助残"],
    )
    categories = {c.name: c for c in call.categories.all()}
    founded = timezone.localdate() - datetime.timedelta(days=5 * 365)
    applications = {}
    for n, applicant in enumerate(APPLICANTS, start=1):
        org = OrganizationFactory(name=applicant.organization, state="verified", founded_on=founded)
        admin = UserFactory(email=f"journey2-admin{n}@example.cn", real_name=f"申报管理员{n}")
        add_member(admin, org, MemberRole.ADMIN)
        application = ApplicationFactory(
            call=call, organization=org, project_name=applicant.project
        )
        fill_application(application, amount=applicant.amount)
        Application.objects.filter(pk=application.pk).update(
            category=categories[applicant.category]
        )
        application.category = categories[applicant.category]
        applications[applicant] = perform_transition(application, "submit", by=admin)
    # The deadline passes; the scheduler closes the call the way production does.
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    out = io.StringIO()
    call_command("run_schedule", stdout=out)
    assert f"{call.pk}\tclose\t{CALL_TITLE}" in out.getvalue()
    call.refresh_from_db()
    assert call.state == "closed"
    return call, applications


def publicity_start() -> datetime.date:
    """The latest working day up to today: published on a weekend, the 公示 still runs today."""
    from django.utils import timezone

    from core.workdays import is_working_day

    day = timezone.localdate()
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


# --- Staff ----------------------------------------------------------------------------------------


def pass_screening(staff: Page, base: str, application, applicant: Applicant) -> None:
    """形式审查 on the application's admin page: the checklist is read, then 审查通过."""
    staff.goto(f"{base}/admin/applications/inspect/{application.pk}/")
    main = staff.get_by_role("main")
    expect(main).to_contain_text(applicant.project)
    expect(main).to_contain_text(applicant.organization)
    expect(staff.locator(".application-state")).to_have_text("已提交")
    flows.admin_transition(staff, "审查通过")
    staff.goto(f"{base}/admin/applications/inspect/{application.pk}/")
    expect(staff.locator(".application-state")).to_have_text("审查通过")


def open_workbench(staff: Page, base: str) -> None:
    staff.goto(f"{base}/admin/review/")
    staff.get_by_role("link", name=CALL_TITLE, exact=True).click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text(f"评审：{CALL_TITLE}")


def workbench_action(staff: Page, button: str, message: str | re.Pattern) -> None:
    staff.get_by_role("button", name=button, exact=True).click()
    staff.wait_for_load_state()
    confirm = staff.get_by_role("button", name="确认", exact=True)
    if confirm.count():  # one-way actions ask first (review.admin.workbench.confirm_action)
        confirm.click()
    expect(messages(staff).first).to_contain_text(message)


def ranking_row(staff: Page, applicant: Applicant):
    return staff.locator("#ranking tbody tr").filter(has_text=applicant.project)


# --- Two people (经办/审核) ---------------------------------------------------------------------

APPROVER_EMAIL = "approver@demo.gongyi.cn"
STAFF_NAME = "赵敏（民政局）"
APPROVER_NAME = "钱审核（民政局）"


def propose(page: Page, button: str, action: str) -> None:
    """A workbench button of a two-person action: confirmed, then waiting for an approver."""
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()
    confirm = page.get_by_role("button", name="确认", exact=True)
    if confirm.count():  # one-way actions ask first (review.admin.workbench.confirm_action)
        confirm.click()
    expect(messages(page).first).to_contain_text(f"“{action}”已提交审核，审核人批准后执行")


def open_pending(page: Page, base: str, action: str) -> None:
    """待审核 in the back office, then the waiting proposal of `action`."""
    page.goto(f"{base}/admin/approvals/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("待审核")
    pending = page.get_by_role("region", name="待审核事项")
    pending.get_by_role("link", name=action, exact=True).click()
    expect(page.locator(".approval-state")).to_have_text("待审核")


def approve(page: Page, base: str, action: str, result: str | re.Pattern, *, proposer=STAFF_NAME):
    """The approver reads who proposed what and approves; the action runs then."""
    open_pending(page, base, action)
    expect(page.locator(".approval-proposer")).to_have_text(proposer)
    page.get_by_label("审核意见").fill("同意。")
    page.get_by_role("button", name="批准并执行").click()
    expect(messages(page).first).to_contain_text(result)
    expect(page.locator(".approval-state")).to_have_text("已批准")
    expect(page.locator(".approval-decider")).to_have_text(APPROVER_NAME)


# --- Experts --------------------------------------------------------------------------------------


def sign_in_expert(page: Page, base: str, user) -> None:
    """Password, then the authenticator code; from the portal to the expert's task list."""
    flows.sign_in_with_authenticator(page, base, user)
    page.goto(f"{base}/portal/review/")


def sheet_row(page: Page, criterion: str):
    sheet = page.get_by_role("region", name="评分表")
    return sheet.get_by_role("row").filter(has=page.get_by_text(criterion, exact=True))


def declare_and_score(page: Page, applicant: Applicant, points, *, check=False) -> None:
    """From the task list: the declaration, then the score sheet, submitted. `check`: axe-core
    on the declaration page and on the score sheet."""
    page.get_by_role("link", name=applicant.project, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(applicant.project)
    expect(page.get_by_role("heading", level=1)).to_contain_text("待声明回避")
    if check:
        flows.assert_accessible(page)
    page.get_by_label("与该申报单位不存在利益冲突").check()
    page.get_by_role("button", name="提交声明").click()
    expect(messages(page).first).to_contain_text("已声明无利益冲突，现在可以查看申报内容并评分。")
    expect(page.get_by_role("heading", level=1)).to_contain_text("评分中")
    if check:
        flows.assert_accessible(page)
    for criterion, value in zip(CRITERIA, points, strict=True):
        sheet_row(page, criterion).get_by_label("得分").fill(str(value))
    page.get_by_label("总体评审意见").fill("需求清楚，执行团队有经验，同意按评分结果处理。")
    page.get_by_role("button", name="提交评分（提交后不能修改）").click()
