"""Demo evaluation data, idempotently: the running demo project gets a final evaluation
commissioned to the demo agency, started by the demo evaluator, partly scored, with fieldwork,
survey answers and the call's evaluation settings (welfare-lottery funded, sanction rule)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from core.workflow import perform_transition
from orgs.models import MemberRole, Membership, Organization, OrgKind, User
from orgs.roles import Role
from reports.actions import (
    assign_evaluators,
    commission_evaluations,
    record_activity,
    save_narrative,
)
from reports.models import (
    CallEvaluationSettings,
    Evaluation,
    EvaluationScheme,
    Stage,
)
from reports.scoring import leaf_indicators, save_scores
from reports.shipped import INPUT_PROCESS
from reports.surveys import answer_survey, generate_codes

PROJECT = "“银龄同行”独居长者关爱计划"


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
    if Evaluation.objects.filter(project=project, stage=Stage.FINAL).exists():
        stdout.write("reports: 演示评估已存在")
        return
    Membership.objects.filter(user=evaluator, organization=agency).update(role=MemberRole.ADMIN)
    scheme = EvaluationScheme.objects.get(name=INPUT_PROCESS["name"])
    evaluation = commission_evaluations(
        [project],
        stage=Stage.FINAL,
        agency=agency,
        scheme=scheme,
        due_on=timezone.localdate() + datetime.timedelta(days=30),
        by=staff,
    )[0]
    assign_evaluators(evaluation, [evaluator], by=evaluator)
    evaluation = perform_transition(evaluation, "start", by=evaluator)
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
