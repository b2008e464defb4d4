"""Issue 10, journey 2 (staff and experts), on a fresh database with the demo data:

a closed call with four submitted applications → staff pass the 形式审查, set the review plan,
start the review and draw a panel (password + authenticator code) → the three drawn experts
declare no conflict and submit their score sheets → staff finish the review, generate the
recommendation and propose the decision, which a second staff member with the approver role
approves (经办/审核; the proposer cannot approve), then the 公示 the same way → a member of the
public reads it and files an objection through the public form → staff uphold it (the project is
cancelled and the next in the ranking promoted) → the 公示 runs its days and the scheduler, with
the award needing a second person, leaves it → the approver's own proposal of the award cannot be
approved by themself and is withdrawn; staff propose it, the approver approves → the result is
public with its publication times and the plan in force, and the funded projects exist.

Every public page visited is checked with axe-core (no serious or critical violations).
"""

import datetime
import io
import re

import pytest
from playwright.sync_api import expect

from core.formats import chinese_day
from tests.e2e import flows
from tests.e2e import review_flows as rf
from tests.e2e.review_flows import APPLICANTS, CALL_TITLE, A, B, C, D

OBJECTOR = "南头街道居民 陈先生"
OBJECTION = "该中心负责人同时担任另一获资助机构理事，且申报书中的服务对象名单与去年项目重复。"
UPHOLD_REASON = "经核查，服务对象名单与2025年项目重复，异议成立。"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.two_person,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def new_page(browser):
    """Pages in fresh browser contexts (one person each), closed at the end."""
    contexts = []

    def make():
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def visit_public(page, screenshot, name):
    flows.assert_accessible(page)
    screenshot(f"review-{name}")


def cn(day) -> str:
    """A date as the zh-hans admin shows it."""
    return f"{day.year}年{day.month}月{day.day}日"


def public_cells(applicant):
    return [applicant.project, applicant.organization, applicant.category]


def expect_ranking(staff, applicant, position, suggestion, amount, state):
    cells = rf.ranking_row(staff, applicant).locator("td")
    expect(cells.nth(0)).to_have_text(str(position))
    expect(cells.nth(1)).to_have_text(f"{applicant.project}{applicant.organization}")
    expect(cells.nth(2)).to_have_text(applicant.category)
    expect(cells.nth(3)).to_have_text("3")
    expect(cells.nth(4)).to_have_text(applicant.final)
    expect(cells.nth(7)).to_have_text(f"{applicant.amount:,}")
    expect(cells.nth(8)).to_have_text(suggestion)
    expect(cells.nth(9)).to_have_text(amount)
    expect(cells.nth(10)).to_have_text(state)


def test_review_journey_from_screening_to_award(demo_site, page, screenshot, new_page, tmp_path):
    from django.core.management import call_command
    from django.utils import timezone

    from core.chinese_text import nested
    from grants.models import Application
    from orgs.models import User
    from projects.models import FundedProject
    from review.models import Objection, Panel, Publicity
    from review.publication import publicity_dates

    base = demo_site
    call, applications = rf.arrange_closed_call()
    staff = User.objects.get(email=flows.STAFF_EMAIL)
    flows.enrol_authenticator(staff)
    desk = new_page()
    flows.sign_in_staff(desk, base, staff)

    # --- 形式审查: staff pass each application -------------------------------------------------
    for applicant in APPLICANTS:
        rf.pass_screening(desk, base, applications[applicant], applicant)

    # --- The review plan: a panel of three, three scores each, scores published -------------
    rf.open_workbench(desk, base)
    expect(desk.get_by_role("main")).to_contain_text("状态：已截止")
    desk.get_by_role("link", name="评审方案与评分标准").click()
    desk.get_by_label("评审组人数").fill("3")
    desk.get_by_label("每份申报书最少评分数").fill("3")
    desk.get_by_label("公示评审得分").check()
    desk.get_by_role("button", name="保存", exact=True).click()
    expect(rf.messages(desk)).to_contain_text("评审方案已保存")
    plan = desk.locator("#plan")
    expect(plan).to_contain_text("拟资助最低分60.00 · 每份最少3份评分 · 评审组3人")
    expect(plan.locator("tbody tr").last).to_have_text("合计100.0")

    # --- Start the review and draw the panel ---------------------------------------------------
    rf.workbench_action(
        desk,
        "开始评审（锁定评审方案，审查通过的申报书进入评审）",
        "评审已开始，评审方案（含评分标准、计分规则、最低分、资金与配额）已锁定",
    )
    expect(desk.get_by_role("main")).to_contain_text("状态：评审中")
    expect(desk.get_by_role("spinbutton", name=re.compile("人数"))).to_have_value("3")
    rf.workbench_action(
        desk, "随机抽取专家", re.compile(r"已抽取评审组（随机种子\d+），抽取记录已存档")
    )
    panel = Panel.objects.get(call=call)
    members = list(panel.members.select_related("expert__user").order_by("position"))
    assert len(members) == 3
    drawn = desk.locator("#draw ul").first.locator("li")
    expect(drawn).to_have_text([f"{n}. {m.expert}" for n, m in enumerate(members, start=1)])
    expect(rf.messages(desk)).to_contain_text(
        f"已抽取评审组（随机种子{panel.seed}），抽取记录已存档"
    )
    expect(desk.locator("#draw h3")).to_have_text(
        f"{CALL_TITLE} · 全部领域 · 随机种子{panel.seed}，抽取范围{len(panel.pool)}人"
    )
    expect(desk.locator("#progress")).to_contain_text(
        "分配12份 · 已声明0份 · 回避0份 · 已评分0份 · 待完成12份"
    )
    rf.shot(desk, "review-01-staff-panel-drawn", at="#progress")

    # --- Each drawn expert: sign in, declare, score, submit ----------------------------------
    for n, member in enumerate(members):
        expert = member.expert.user
        flows.enrol_authenticator(expert)
        portal = new_page()
        rf.sign_in_expert(portal, base, expert)
        expect(portal.get_by_role("heading", level=1)).to_have_text("我的评审任务")
        progress = (
            portal.get_by_role("region", name="评审进度")
            .get_by_role("row")
            .filter(has_text=CALL_TITLE)
        )
        expect(progress.locator("td")).to_have_text([CALL_TITLE, "4", "0", "0", "4"])
        if n == 0:  # the expert's pages, once: task list, declaration, score sheet
            flows.assert_accessible(portal)
        for applicant in APPLICANTS:
            points = applicant.sheets[n]
            if applicant is D and n == 2:
                # 创新性 8 of 15 is below 60 %: the sheet is refused until a comment says why.
                rf.declare_and_score(portal, applicant, points)
                expect(rf.messages(portal)).to_contain_text("“创新性”得分低于满分的60%，请填写评语")
                expect(portal.get_by_role("heading", level=1)).to_contain_text("评分中")
                rf.sheet_row(portal, "创新性").get_by_label("评语").fill(
                    "互助积分模式在本区已有多家机构实施，创新性一般。"
                )
                portal.get_by_role("button", name="提交评分（提交后不能修改）").click()
            else:
                rf.declare_and_score(portal, applicant, points, check=n == 0 and applicant is A)
            expect(rf.messages(portal)).to_contain_text(
                "评分已提交。提交后不能修改，如需更正请联系工作人员。"
            )
            row = portal.get_by_role("row").filter(has_text=applicant.project)
            expect(row.locator("td").nth(3)).to_have_text("已提交评分")
            expect(row.locator("td").nth(4)).to_have_text(f"{rf.total(points):.1f}")
        expect(progress.locator("td")).to_have_text([CALL_TITLE, "4", "4", "4", "0"])
        rf.shot(portal, f"review-0{2 + n}-expert-{n + 1}-scored")

    # --- Staff: finish the review, rank, propose, decide, publish -----------------------------
    rf.open_workbench(desk, base)
    expect(desk.locator("#progress")).to_contain_text(
        "分配12份 · 已声明12份 · 回避0份 · 已评分12份 · 待完成0份"
    )
    rf.workbench_action(desk, "完成评审", "评审已完成")
    rf.workbench_action(desk, "按规则生成拟资助建议名单", "已按排名生成拟资助建议名单")
    expect_ranking(desk, A, 1, "按排名拟资助", "100,000.00", "已评审")
    expect_ranking(desk, B, 2, "按排名拟资助", "80,000.00", "已评审")
    expect_ranking(desk, C, 3, "按排名拟资助", "70,000.00", "已评审")
    expect_ranking(desk, D, 4, "资金总额不足", "—", "已评审")
    expect(desk.locator("#ranking tfoot")).to_have_text(
        "拟资助合计 / 资金总额250,000.00 / 250,000.00"
    )
    # 经办: staff propose the decision; nothing is decided until an approver approves it.
    rf.propose(desk, "作出拟资助决定", "拟资助决定")
    for applicant in APPLICANTS:
        expect(rf.ranking_row(desk, applicant).locator("td").nth(10)).to_have_text("已评审")
    panel_rows = desk.locator(".approvals-panel tbody tr")
    expect(panel_rows.first).to_contain_text("拟资助决定")
    expect(panel_rows.first).to_contain_text(rf.STAFF_NAME)
    expect(panel_rows.first).to_contain_text("待审核")
    # Staff without the approver role see the proposal but cannot approve it.
    rf.open_pending(desk, base, "拟资助决定")
    expect(desk.locator(".approval-refusal")).to_have_text("只有审核人可以审批")
    expect(desk.get_by_role("button", name="批准并执行")).to_have_count(0)
    # 审核: a second staff member, holding the approver role, approves; the decision is made.
    approver = User.objects.get(email=rf.APPROVER_EMAIL)
    flows.enrol_authenticator(approver)
    checker = new_page()
    flows.sign_in_staff(checker, base, approver)
    rf.approve(checker, base, "拟资助决定", "已作出拟资助决定")
    rf.shot(checker, "review-04b-approver-approved")
    rf.open_workbench(desk, base)
    for applicant in (A, B, C):
        expect(rf.ranking_row(desk, applicant).locator("td").nth(10)).to_have_text("拟资助")
    expect(rf.ranking_row(desk, D).locator("td").nth(10)).to_have_text("未入选")
    start = rf.publicity_start()
    first, last, objections_until, covered = publicity_dates(call, start)
    desk.get_by_label("公示开始日期").fill(start.isoformat())
    desk.get_by_label("异议受理联系方式").fill(rf.CONTACT)
    if not covered:  # run in late December: the next year's arrangement may not be entered yet
        desk.get_by_label("确认按推算日期公示").check()
    rf.propose(desk, "发布公示", "发布公示")
    expect(desk.get_by_role("main")).to_contain_text("状态：评审中")
    rf.approve(checker, base, "发布公示", f"公示已发布：{first}至{last}")
    rf.open_workbench(desk, base)
    expect(desk.get_by_role("main")).to_contain_text("状态：公示中")
    expect(desk.locator("#publicity")).to_contain_text(
        f"公示期{cn(first)}至{cn(last)}，异议受理至{cn(objections_until)}。"
    )
    rf.shot(desk, "review-05-staff-published", at="#publicity")

    # --- The public reads the 公示 and files an objection ------------------------------------
    page.goto(base + "/publicity/")
    expect(page.get_by_role("heading", level=1)).to_have_text("拟资助项目公示与立项结果")
    visit_public(page, screenshot, "06-publicity-index")
    page.get_by_role("link", name=f"{CALL_TITLE}拟资助项目公示").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{CALL_TITLE}拟资助项目公示")
    listed = page.get_by_role("table", name="拟资助项目名单").locator("tbody tr")
    expect(listed).to_have_count(3)
    for n, (applicant, amount) in enumerate(
        [(A, "100,000.00"), (B, "80,000.00"), (C, "70,000.00")], start=1
    ):
        expect(listed.nth(n - 1).locator("td")).to_have_text(
            [str(n), *public_cells(applicant), amount, applicant.final, ""]
        )
    # Published by name order as the database sorts it; the snapshot keeps that order.
    experts = Publicity.objects.get(call=call).snapshot["experts"]
    assert sorted(experts) == sorted(str(m.expert) for m in members)
    expect(page.get_by_role("main")).to_contain_text(f"评审专家：{'、'.join(experts)}")
    expect(page.get_by_role("main")).to_contain_text(f"联系方式：{rf.CONTACT}")
    expect(page.get_by_role("main")).to_contain_text("发布时间")  # when the approval published it
    visit_public(page, screenshot, "07-publicity")
    publicity_url = page.url

    form = page.get_by_role("region", name="在线提出异议")
    form.get_by_label("异议项目").select_option(label=B.option)
    form.get_by_label("异议人姓名（或单位）").fill(OBJECTOR)
    form.get_by_label("联系方式").fill("13800000088")
    form.get_by_label("异议内容").fill(OBJECTION)
    # Sent at once, faster than a person types: the signed fill-time token refuses it.
    form.get_by_role("button", name="提交异议").click()
    expect(page.get_by_role("alert").first).to_contain_text(
        "提交过快或页面已过期，请刷新页面后重新填写"
    )
    assert not Objection.objects.filter(publicity__call=call).exists()
    visit_public(page, screenshot, "08-objection-too-fast")
    # The form came back filled, with a new token; the person reads it over, attaches evidence.
    form = page.get_by_role("region", name="在线提出异议")
    expect(form.get_by_label("异议内容")).to_have_value(OBJECTION)
    form.get_by_label("证明材料（可选）").set_input_files(
        str(flows.pdf_file(tmp_path, "服务对象名单比对.pdf"))
    )
    page.wait_for_timeout(5_500)  # review.spam.MIN_FILL_SECONDS
    form.get_by_role("button", name="提交异议").click()
    expect(rf.messages(page)).to_have_text(
        "异议已提交，我们将在核查后通过您留下的联系方式反馈处理结果。"
    )
    assert page.url == publicity_url
    visit_public(page, screenshot, "09-objection-filed")
    objection = Objection.objects.get(publicity__call=call)
    assert (objection.application_id, objection.name, objection.state) == (
        applications[B].pk,
        OBJECTOR,
        "received",
    )

    # --- Staff uphold it: B is cancelled, D (next in the ranking, money now free) promoted ---
    rf.open_workbench(desk, base)
    section = desk.locator("#publicity")
    row = section.locator("tbody tr").filter(has_text=OBJECTOR)
    expect(row).to_contain_text(B.project)
    expect(row).to_contain_text(OBJECTION)
    expect(row).to_contain_text("已受理")
    expect(row.get_by_role("link", name="服务对象名单比对.pdf")).to_be_visible()
    expect(section).to_contain_text("尚有异议未处理完毕")
    row.get_by_label("处理结果").select_option(label="异议成立")
    # By name: the correction form above also renders a field with id "id_reason", so the label
    # of this one points at that one (duplicate ids on the workbench, reported to review/).
    row.locator("textarea[name='reason']").fill(UPHOLD_REASON)
    expect(row.get_by_label("按排名递补")).to_be_checked()
    rf.workbench_action(desk, "处理", "异议成立，已取消该项目并公布")
    row = desk.locator("#publicity tbody tr").filter(has_text=OBJECTOR)
    expect(row.locator("td").nth(3)).to_have_text(f"异议成立{UPHOLD_REASON}")
    expect(rf.ranking_row(desk, B).locator("td").nth(10)).to_have_text("已取消")
    expect(rf.ranking_row(desk, D).locator("td").nth(10)).to_have_text("公示中")
    expect(rf.ranking_row(desk, D).locator("td").nth(9)).to_have_text("60,000.00")
    publicity = Publicity.objects.get(call=call)
    expect(desk.locator("#publicity")).to_contain_text(
        f"公示期至{publicity.ends_on.isoformat()}，尚未结束"
    )
    expect(desk.get_by_role("button", name="确定立项")).to_have_count(0)
    rf.shot(desk, "review-10-staff-upheld", at="#publicity")

    # The public page now carries the dated notices; the published list itself is unchanged.
    promoted_first, promoted_last, _until, _c = publicity_dates(call, timezone.localdate())
    page.goto(publicity_url)
    notices = page.get_by_role("region", name="公示期间的更正与处理结果")
    expect(notices.locator("li")).to_have_text(
        [
            re.compile(
                re.escape(
                    f"经核查，对“{nested(B.project)}”（{B.organization}）的异议成立，取消其拟资助资格。"
                )
            ),
            re.compile(
                re.escape(
                    f"按评审排名递补“{nested(D.project)}”（{D.organization}），拟资助60,000.00元，"
                    f"递补项目公示期为{chinese_day(promoted_first)}至{chinese_day(promoted_last)}。"
                )
            ),
        ]
    )
    listed = page.get_by_role("table", name="拟资助项目名单").locator("tbody tr")
    expect(listed).to_have_count(4)
    expect(listed.nth(1).locator("td")).to_have_text(
        ["2", *public_cells(B), "80,000.00", B.final, "已取消"]
    )
    expect(listed.nth(1).locator("del")).to_have_text(B.project)
    expect(listed.nth(3).locator("td")).to_have_text(
        [
            "4",
            *public_cells(D),
            "60,000.00",
            D.final,
            f"递补，公示期{chinese_day(promoted_first)}至{chinese_day(promoted_last)}",
        ]
    )
    visit_public(page, screenshot, "11-publicity-notices")

    # --- The 公示 runs its days. The award needs a second person: the scheduler leaves it ------
    # Time passes: the 公示 was published (and so started) a week ago and ended yesterday.
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    started = min(publicity.starts_on, yesterday - datetime.timedelta(days=7))
    Publicity.objects.filter(pk=publicity.pk).update(
        starts_on=started,
        ends_on=yesterday,
        objections_until=yesterday,
        published_at=min(
            publicity.published_at,
            timezone.make_aware(datetime.datetime.combine(started, datetime.time(9))),
        ),
    )
    out = io.StringIO()
    call_command("run_schedule", stdout=out)
    assert "conclude_publicity" not in out.getvalue()
    rf.open_workbench(desk, base)
    expect(desk.get_by_role("main")).to_contain_text("状态：公示中")

    # The approver (also programme staff) proposes the award, and cannot approve it themself.
    rf.open_workbench(checker, base)
    rf.propose(checker, "确定立项", "确定立项")
    rf.open_pending(checker, base, "确定立项")
    expect(checker.locator(".approval-proposer")).to_have_text(rf.APPROVER_NAME)
    expect(checker.locator(".approval-refusal")).to_have_text("审核人不能是经办人本人")
    expect(checker.get_by_role("button", name="批准并执行")).to_have_count(0)
    checker.get_by_role("button", name="撤回").click()
    expect(checker.locator(".approval-state")).to_have_text("已撤回")
    # Staff propose it; the approver approves, and the award happens now, after the window.
    rf.open_workbench(desk, base)
    rf.propose(desk, "确定立项", "确定立项")
    expect(desk.get_by_role("main")).to_contain_text("状态：公示中")
    rf.approve(checker, base, "确定立项", "已确定立项3个项目")

    rf.open_workbench(desk, base)
    expect(desk.get_by_role("main")).to_contain_text("状态：已确定")
    for applicant in (A, C, D):
        expect(rf.ranking_row(desk, applicant).locator("td").nth(10)).to_have_text("已立项")
    expect(rf.ranking_row(desk, B).locator("td").nth(10)).to_have_text("已取消")
    proposals = desk.locator(".approvals-panel tbody tr")
    for action in ("确定立项", "发布公示", "拟资助决定"):
        row = proposals.filter(has_text=action).filter(has_text="已批准")
        expect(row.locator("td").nth(2)).to_have_text(rf.STAFF_NAME)
        expect(row.locator("td").nth(5)).to_have_text(rf.APPROVER_NAME)
    expect(proposals.filter(has_text="已撤回").locator("td").nth(2)).to_have_text(rf.APPROVER_NAME)
    rf.shot(desk, "review-12-staff-awarded", at="#ranking")

    page.goto(base + "/publicity/")
    result_title = f"{CALL_TITLE}立项结果"
    visit_public(page, screenshot, "13-publicity-index-result")
    page.get_by_role("link", name=result_title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(result_title)
    expect(page.get_by_role("main")).to_contain_text(
        f"公示期满，经核查，以下项目于{chinese_day(timezone.localdate())}确定立项。"
    )
    # Publication times and the review plan in force are on the public result page.
    expect(page.get_by_role("main")).to_contain_text("发布时间")
    expect(page.get_by_role("main")).to_contain_text("公示发布时间")
    expect(page.get_by_role("main")).to_contain_text("评审方案：")
    funded = page.get_by_role("table", name="立项项目名单")
    rows = funded.locator("tbody tr")
    expect(rows).to_have_count(3)
    for n, (applicant, amount) in enumerate(
        [(A, "100,000.00"), (C, "70,000.00"), (D, "60,000.00")], start=1
    ):
        expect(rows.nth(n - 1).locator("td")).to_have_text(
            [str(n), *public_cells(applicant), amount]
        )
    expect(funded.locator("tfoot")).to_have_text("合计230,000.00")
    visit_public(page, screenshot, "14-result")

    projects = FundedProject.objects.filter(call=call).order_by("-amount")
    assert [(p.name, p.organization.name, p.amount) for p in projects] == [
        (x.project, x.organization, x.amount) for x in (A, C, D)
    ]
    states = dict(Application.objects.filter(call=call).values_list("project_name", "state"))
    assert states == {
        A.project: "funded",
        B.project: "cancelled",
        C.project: "funded",
        D.project: "funded",
    }
