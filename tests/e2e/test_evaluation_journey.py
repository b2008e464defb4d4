"""Issue 10, journey 3 (evaluation), on a fresh database with the demo data:

the evaluator signs in (password + authenticator code), completes the demo's final evaluation in
the portal (scores with their basis, the report's sections, an interview) and submits it → staff
accept it in the admin, generate the performance report (the test settings run tasks at once, as
a worker would right after the request), review and publish report and result → a member of the
public finds the result on /evaluations/ by following links and downloads the public PDF, which
names the project and the grade and carries none of the private data of the internal version.

Every public page visited is checked with axe-core (no serious or critical violations).
"""

import hashlib
import re

import pytest
from playwright.sync_api import expect

from core.formats import chinese_day
from tests.e2e import evaluation_flows as ef
from tests.e2e import flows

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def new_page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    return context, context.new_page()


@pytest.fixture
def staff_page(browser):
    context, page = new_page(browser)
    yield page
    context.close()


@pytest.fixture
def public_page(browser):
    """A fresh, anonymous browser: no cookie of the evaluator's or the staff member's."""
    context, page = new_page(browser)
    yield page
    context.close()


def test_evaluation_from_scoring_to_published_report_pdf(
    demo_site, page, staff_page, public_page, screenshot
):
    from orgs.models import User
    from reports.models import Evaluation

    base = demo_site
    evaluation = Evaluation.objects.get(project__name=ef.PROJECT, stage="final")
    organization = evaluation.project.organization
    total, grade = ef.expected_result(evaluation)
    evaluator = User.objects.get(email=ef.EVALUATOR_EMAIL)
    staff = User.objects.get(email=flows.STAFF_EMAIL)
    flows.enrol_authenticator(evaluator)
    flows.enrol_authenticator(staff)
    heading = page.get_by_role("heading", level=1)
    status = ef.messages(page)

    # --- The evaluator signs in and opens the evaluation from the portal ----------------------
    flows.sign_in_with_authenticator(page, base, evaluator)
    expect(heading).to_have_text("我的工作台")
    page.get_by_role("link", name="我的评估任务").click()
    expect(heading).to_have_text("评估任务")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=ef.PROJECT))
    expect(row.get_by_role("cell")).to_have_text(
        [
            ef.PROJECT,
            organization.name,
            "终期评估",
            evaluation.agency.name,
            chinese_day(evaluation.due_on),
            "评估中",
        ]
    )
    flows.assert_accessible(page)
    screenshot("evaluation-01-evaluator-tasks")
    row.get_by_role("link", name=ef.PROJECT).click()
    expect(heading).to_have_text(f"{ef.PROJECT} · 终期评估 评估中")
    expect(page.get_by_role("main")).to_contain_text(
        "尚未评分或缺少评分依据的指标：3.1.1、3.2.1、3.3.1、3.4.1、4.1.1、4.1.2、4.2.1、4.2.2"
    )
    flows.assert_accessible(page)
    screenshot("evaluation-02-evaluation-in-progress")

    # Scores and sections are missing: there is nothing to submit yet.
    expect(page.get_by_role("button", name="提交评估结果")).to_have_count(0)

    # --- Scores with their basis ------------------------------------------------------------
    page.get_by_role("link", name="逐项评分").click()
    expect(heading).to_have_text("逐项评分")
    ef.fill_scores(page)
    page.get_by_role("button", name="保存评分").click()
    expect(status).to_have_text("评分已保存。")
    expect(page.get_by_role("main")).to_contain_text(f"当前总分 {total}，等级：{grade}")
    ef.expect_scores_kept(page)
    flows.assert_accessible(page)
    screenshot("evaluation-03-scores-saved")

    # --- The sections of the report ----------------------------------------------------------
    page.get_by_role("navigation", name="面包屑").get_by_role("link", name=str(evaluation)).click()
    page.get_by_role("link", name="撰写报告正文").click()
    expect(heading).to_have_text("报告正文")
    expect(page.get_by_label("一、基本概况", exact=True)).to_have_value(evaluation.overview)
    ef.write_narrative(page)
    flows.assert_accessible(page)
    screenshot("evaluation-04-narrative")
    page.get_by_role("button", name="保存").click()
    expect(status).to_have_text("报告正文已保存。")
    expect(page.get_by_role("main")).not_to_contain_text("尚未评分或缺少评分依据的指标")
    expect(page.get_by_role("main")).to_contain_text(f"总分 {total}，等级：{grade}")

    # --- Fieldwork, then submit --------------------------------------------------------------
    ef.record_interview(page)
    expect(page.get_by_role("main")).to_contain_text(
        f"访谈 南头街道独居长者家中：{ef.INTERVIEW_SUMMARY}"
    )
    page.get_by_role("button", name="提交评估结果").click()
    expect(status).to_have_text("操作成功。")
    expect(heading).to_have_text(f"{ef.PROJECT} · 终期评估 已提交")
    expect(page.get_by_role("button", name="提交评估结果")).to_have_count(0)
    expect(page.get_by_role("link", name="查看评分")).to_be_visible()
    flows.assert_accessible(page)
    screenshot("evaluation-05-submitted")
    evaluation.refresh_from_db()
    assert (evaluation.state, evaluation.total_score, evaluation.grade) == (
        "submitted",
        total,
        grade,
    )

    # --- Staff accept the result in the admin -----------------------------------------------
    flows.sign_in_staff(staff_page, base, staff)
    staff_page.goto(base + "/admin/evaluations/")
    staff_page.get_by_role("link", name=ef.PROJECT, exact=True).click()
    staff_main = staff_page.get_by_role("main")
    expect(staff_main).to_contain_text(
        f"总分 {total}（指标得分 {total - 1:.2f}，加分 1.00，扣分 0.00），等级：{grade}"
    )
    flows.admin_transition(staff_page, "审定评估结果")
    expect(staff_main).to_contain_text(f"“{evaluation}”已审定评估结果，当前状态：已审定。")
    flows.save_screenshot(staff_page, "evaluation-06-staff-accepted")

    # --- Generate the report, review and publish it ------------------------------------------
    staff_page.get_by_role("link", name="绩效评价报告", exact=True).click()
    expect(staff_main).to_contain_text("生成任务：无任务")
    staff_page.get_by_role("button", name="生成报告").click()
    expect(staff_main).to_contain_text("已加入生成队列，完成后此页显示新版本。")
    expect(staff_main).to_contain_text("生成任务：已完成")
    version_row = staff_page.get_by_role("row", name=re.compile(r"^v1 "))
    expect(version_row.get_by_role("cell").last).to_have_text("当前版本")
    with staff_page.expect_download() as internal:
        version_row.get_by_role("link", name="下载").first.click()
    assert internal.value.suggested_filename == f"{ef.PROJECT}-内部版-v1.pdf"
    internal_text = ef.pdf_text(internal.value.path().read_bytes())
    flows.admin_transition(staff_page, "审核通过")
    expect(staff_main).to_contain_text("已审核通过，当前状态：已审核。")
    flows.admin_transition(staff_page, "公开报告")
    expect(staff_main).to_contain_text("已公开报告，当前状态：已公开。")
    expect(version_row.get_by_role("cell").last).to_have_text("已公开的版本")
    flows.save_screenshot(staff_page, "evaluation-07-report-published")

    staff_page.goto(base + "/admin/evaluations/")
    staff_page.get_by_role("link", name=ef.PROJECT, exact=True).click()
    flows.admin_transition(staff_page, "公开评估结果")
    expect(staff_main).to_contain_text(f"“{evaluation}”已公开评估结果，当前状态：已公开。")

    # --- The public finds the result by following links, and downloads the PDF --------------
    public = public_page
    public.goto(base + "/")
    public.get_by_role("navigation", name="主导航").get_by_role("link", name="评估结果").click()
    expect(public.get_by_role("heading", level=1)).to_have_text("绩效评价结果公开")
    # The demo's closed-out 彩虹桥 and this one, and who bought them (issue 21.4).
    expect(public.get_by_role("main").get_by_role("listitem").first).to_have_text(
        f"{ef.CALL}（2 个项目） 购买主体：深圳市南山区民政局"
    )
    flows.assert_accessible(public)
    flows.save_screenshot(public, "evaluation-08-public-index")
    public.get_by_role("link", name=ef.CALL, exact=True).click()
    expect(public.get_by_role("heading", level=1)).to_have_text(f"{ef.CALL} · 评估结果")
    result_row = public.get_by_role("row").filter(has_text=ef.PROJECT)
    expect(result_row.get_by_role("cell")).to_have_text(
        [
            ef.PROJECT,
            organization.name,
            "终期评估",
            evaluation.agency.name,
            str(total),
            grade,
            # The link, and the signed file's SHA-256 with a link to /verify/ (issue 22).
            re.compile(r"^绩效评价报告（PDF） SHA-256 [0-9a-f]{64} · 验证\s*$"),
        ]
    )
    flows.assert_accessible(public)
    flows.save_screenshot(public, "evaluation-09-public-call-results")
    with public.expect_download() as download:
        result_row.get_by_role("link", name="绩效评价报告（PDF）").click()
    assert download.value.suggested_filename == f"{ef.PROJECT}-绩效评价报告.pdf"
    published = download.value.path().read_bytes()
    expect(result_row.get_by_role("cell").last).to_contain_text(
        hashlib.sha256(published).hexdigest()
    )
    public_text = ef.pdf_text(published)

    assert f"项目名称：{ef.PROJECT}" in public_text
    assert f"评价等级：{grade}" in public_text
    assert f"评价总分：{total}" in public_text
    assert "公开版（已隐去个人信息）" in public_text
    assert "［电话已隐去］" in public_text
    # What only the internal version may carry: contacts, evaluators, interviewees, notes.
    private = (
        organization.contact_phone,
        organization.contact_email,
        ef.NARRATIVE_PHONE,
        ef.INTERVIEWEE,
        ef.INTERNAL_NOTE,
        evaluator.real_name,
    )
    assert "内部版（含个人信息，不得公开）" in internal_text
    for secret in private:
        assert secret in internal_text.replace("\n", "")
        assert secret not in public_text.replace("\n", "")
