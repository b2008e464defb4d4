"""Demo evaluation data, idempotently: the running demo project gets a final evaluation
commissioned to the demo agency, started by the demo evaluator, partly scored, with fieldwork,
survey answers and the call's evaluation settings (welfare-lottery funded, sanction rule).

The project whose period is over (projects/demo.py) goes the whole way, as real users move it:
its final evaluation is commissioned, scored and submitted by the evaluator, accepted (staff@
proposes, approver@ approves), its performance report generated as the worker does, reviewed,
published (proposed and approved) and the result made public; the last tranche is paid and the
project closed. A visitor thus finds the public report PDF on the project page and the results
page without signing in.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from core import approvals
from core.workflow import perform_transition
from orgs.models import MemberRole, Membership, Organization, OrgKind, User
from orgs.roles import Role
from reports.actions import (
    assign_evaluators,
    commission_evaluations,
    record_activity,
    save_narrative,
)
from reports.generation import request_generation, run_generation
from reports.models import (
    CallEvaluationSettings,
    Evaluation,
    EvaluationScheme,
    PerformanceReport,
    Stage,
)
from reports.scoring import leaf_indicators, save_scores
from reports.shipped import INPUT_PROCESS
from reports.surveys import answer_survey, generate_codes

PROJECT = "“银龄同行”独居长者关爱计划"
CLOSED_PROJECT = "“彩虹桥”困境儿童成长陪伴"
CLOSED_NARRATIVE = {
    "overview": "项目为南山区困境儿童提供入户陪伴、课业辅导和亲子活动，结对志愿者30名。",
    "implementation": "评估组查阅项目台账和财务资料，入户访谈服务对象家庭，开展满意度调查。",
    "methodology": "采用投入—过程—产出—效果通用指标体系，按分值计分。",
    "achievement": "结对陪伴困境儿童52名，开展成长小组活动36场，主要产出指标全部完成。",
    "problems": "个别家庭搬迁导致结对关系中断，需建立转介机制。",
    "conclusions": "项目总体成效良好，建议在更多社区推广志愿者结对模式。",
    "other": "无。",
}


def _approver() -> User:
    return User.objects.get(email="approver@demo.gongyi.cn")


def _generate(report, *, by) -> PerformanceReport:
    """Staff ask for the report; the worker's task body runs here, since the seed's own
    transaction would only enqueue it at its end. The task enqueued after commit then finds its
    job done and skips (`reports.generation`)."""
    request_generation(report, by=by)
    report = PerformanceReport.objects.get(pk=report.pk)
    run_generation(report.pk, str(report.job_token))
    return PerformanceReport.objects.get(pk=report.pk)


def _start_final_evaluation(project, *, staff, agency, evaluator, due_in_days):
    """Staff commission the final evaluation on the input-process scheme; the evaluator is
    assigned and starts it."""
    evaluation = commission_evaluations(
        [project],
        stage=Stage.FINAL,
        agency=agency,
        scheme=EvaluationScheme.objects.get(name=INPUT_PROCESS["name"]),
        due_on=timezone.localdate() + datetime.timedelta(days=due_in_days),
        by=staff,
    )[0]
    assign_evaluators(evaluation, [evaluator], by=evaluator)
    return perform_transition(evaluation, "start", by=evaluator)


def _close_out(project, *, staff, agency, evaluator) -> bool:
    """The final evaluation of a project whose period is over, to the published report and the
    close-out. Idempotent: nothing is done once the project has a final evaluation."""
    from projects.demo import pay

    if Evaluation.objects.filter(project=project, stage=Stage.FINAL).exists():
        return False
    evaluation = _start_final_evaluation(
        project, staff=staff, agency=agency, evaluator=evaluator, due_in_days=14
    )
    scheme = evaluation.scheme
    record_activity(
        evaluation,
        by=evaluator,
        kind="interview",
        held_on=timezone.localdate(),
        place="南山区彩虹社会工作服务中心",
        participants="服务对象家庭 6 户",
        summary="入户访谈服务对象家庭，反映陪伴稳定、孩子学习习惯改善。",
    )
    codes = generate_codes(evaluation.survey, count=8, by=evaluator)
    for code, rating in zip(codes, (5, 5, 4, 5, 4, 5), strict=False):
        answer_survey(
            evaluation.survey,
            code=code.code,
            answers={f"q{i}": rating for i in range(1, 6)},
            comment="",
        )
    rows = {
        indicator.pk: (
            (indicator.max_points * Decimal("0.9")).quantize(Decimal("0.01")),
            f"查阅{indicator.evidence or '项目资料'}，{indicator.name}符合要求。",
        )
        for indicator in leaf_indicators(scheme)
        if indicator.kind == "normal" and indicator.source == "manual"
    }
    save_scores(evaluation, rows, by=evaluator)
    save_narrative(evaluation, CLOSED_NARRATIVE, by=evaluator)
    evaluation = perform_transition(evaluation, "submit", by=evaluator)
    # 经办/审核: staff@ proposes, approver@ approves (core.approvals), as in the back office.
    approvals.approve(approvals.propose("accept_evaluation", evaluation, by=staff), by=_approver())
    report = _generate(evaluation.report, by=staff)
    report = perform_transition(report, "review", by=staff)
    approvals.approve(approvals.propose("publish_report", report, by=staff), by=_approver())
    evaluation = perform_transition(Evaluation.objects.get(pk=evaluation.pk), "publish", by=staff)
    project.refresh_from_db()
    pay(
        project.tranches.get(position=3),
        paid_on=timezone.localdate(),
        voucher="南民拨〔2026〕215",
        staff=staff,
    )
    perform_transition(project, "close", by=staff)
    return True


def seed(stdout) -> None:
    from projects.models import FundedProject

    project = FundedProject.objects.filter(name=PROJECT).first()
    staff = User.objects.filter(groups__name=Role.STAFF.value).first()
    agency = Organization.objects.filter(kind=OrgKind.EVALUATION_AGENCY).first()
    evaluator = User.objects.filter(groups__name=Role.EVALUATOR.value).first()
    if None in (project, staff, agency, evaluator):
        stdout.write("reports: 缺少演示项目、工作人员或评估机构，跳过评估演示数据")
        return
    CallEvaluationSettings.objects.get_or_create(
        call=project.call,
        defaults={
            "sanction_on_fail": True,
            "sanction_months": 24,
            "lottery_funded": True,
            "lead_office": "社会组织管理科",
            "contact_office": "社会事务科",
            "contact_phone": "0755-26600000",
        },
    )
    Membership.objects.filter(user=evaluator, organization=agency).update(role=MemberRole.ADMIN)
    closed = FundedProject.objects.filter(name=CLOSED_PROJECT).first()
    if closed is not None and _close_out(closed, staff=staff, agency=agency, evaluator=evaluator):
        stdout.write("reports: 演示项目已完成终期评估、公开绩效评价报告并结项")
    if Evaluation.objects.filter(project=project, stage=Stage.FINAL).exists():
        stdout.write("reports: 演示评估已存在")
        return
    evaluation = _start_final_evaluation(
        project, staff=staff, agency=agency, evaluator=evaluator, due_in_days=30
    )
    scheme = evaluation.scheme
    rows = {}
    for indicator in leaf_indicators(scheme)[:10]:
        if indicator.kind == "normal" and indicator.source == "manual":
            rows[indicator.pk] = (
                (indicator.max_points * Decimal("0.85")).quantize(Decimal("0.01")),
                f"查阅{indicator.evidence or '项目资料'}，{indicator.name}基本符合要求。",
            )
    record_activity(
        evaluation,
        by=evaluator,
        kind="site_visit",
        held_on=timezone.localdate(),
        place="南头街道红花园社区长者服务站",
        participants="社工 王芳；服务对象 3 名",
        summary="查看探访记录与活动现场，服务台账完整。",
    )
    # Answers come in the way service users give them: with printed survey codes.
    codes = generate_codes(evaluation.survey, count=12, by=evaluator)
    ratings_each = ((5, 5, 5, 5, 5), (4, 4, 4, 4, 4), (5, 4, 5, 4, 5))
    for code, ratings in zip(codes, ratings_each, strict=False):
        answer_survey(
            evaluation.survey,
            code=code.code,
            answers=dict(zip(("q1", "q2", "q3", "q4", "q5"), ratings, strict=True)),
            comment="",
        )
    save_scores(evaluation, rows, by=evaluator)
    save_narrative(
        evaluation,
        {"overview": "项目为南头街道独居长者提供定期探访、互助小组和应急联络服务。"},
        by=evaluator,
    )
    stdout.write("reports: 演示终期评估已委托并开始评分")
