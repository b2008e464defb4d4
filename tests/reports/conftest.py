"""Fixtures of the evaluation tests: an agency with an evaluator, a running project, a scheme."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from orgs.models import MemberRole, OrgKind
from orgs.roles import Role
from reports.models import EvaluationScheme, IndicatorScore, Stage
from tests.factories import ApplicationFactory, OrganizationFactory, UserFactory, add_member

MIDTERM_SCHEME = "项目中期评估指标（项目实施—投入—财务—成效）"
FINAL_SCHEME = "绩效评价通用指标体系（投入—过程—产出—效果）"


def make_running_project(*, organization=None, call=None, amount=Decimal("100000.00"), name=""):
    """A funded project under way: first half paid on signing, second half after the mid-term."""
    from projects.creation import create_project
    from projects.models import FundedProject
    from projects.tranches import plan_from_shares

    kwargs = {"complete": True}
    if organization is not None:
        kwargs["organization"] = organization
    if call is not None:
        kwargs["call"] = call
    if name:
        kwargs["project_name"] = name
    application = ApplicationFactory(**kwargs)
    project = create_project(application, amount=amount)
    plan_from_shares(
        project,
        [
            {"title": "首期", "share": Decimal(50), "trigger": "agreement_signed"},
            {"title": "二期", "share": Decimal(50), "trigger": "midterm_passed"},
        ],
    )
    FundedProject.objects.filter(pk=project.pk).update(state="in_progress")
    project.tranches.filter(position=1).update(
        state="paid", paid_on=timezone.localdate(), voucher_number="PZ-1"
    )
    return FundedProject.objects.get(pk=project.pk)


@pytest.fixture
def agency(db):
    return OrganizationFactory(name="深圳市公益评估中心", kind=OrgKind.EVALUATION_AGENCY)


@pytest.fixture
def agency_admin(agency):
    user = UserFactory(real_name="黄主任", email="agency-admin@example.cn", roles=[Role.EVALUATOR])
    add_member(user, agency, MemberRole.ADMIN)
    return user


@pytest.fixture
def agency_evaluator(agency, evaluator):
    add_member(evaluator, agency, MemberRole.MEMBER)
    return evaluator


@pytest.fixture
def project(org_a):
    return make_running_project(organization=org_a, name="长者关爱计划")


@pytest.fixture
def midterm_scheme(db):
    return EvaluationScheme.objects.get(name=MIDTERM_SCHEME)


@pytest.fixture
def final_scheme(db):
    return EvaluationScheme.objects.get(name=FINAL_SCHEME)


def due(days=30) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def commission(project, scheme, agency, staff, stage=Stage.MIDTERM):
    from reports.actions import commission_evaluations

    return commission_evaluations(
        [project], stage=stage, agency=agency, scheme=scheme, due_on=due(), by=staff
    )[0]


def score_everything(evaluation, *, share=Decimal("0.8"), by=None):
    """Give every manual leaf `share` of its maximum with a basis; fill the narrative."""
    from reports.scoring import leaf_indicators, save_scores

    rows = {}
    for indicator in leaf_indicators(evaluation.scheme):
        if indicator.kind == "normal":
            rows[indicator.pk] = (
                (indicator.max_points * share).quantize(Decimal("0.01")),
                f"查阅资料：{indicator.name}符合要求",
            )
    save_scores(evaluation, rows, by=by)
    # Computed leaves without data yet (no survey answers, no spending) get a value too.
    for indicator in leaf_indicators(evaluation.scheme):
        if indicator.kind == "normal":
            IndicatorScore.objects.get_or_create(
                evaluation=evaluation,
                indicator=indicator,
                defaults={
                    "value": (indicator.max_points * share).quantize(Decimal("0.01")),
                    "basis": "系统计算",
                    "computed": True,
                },
            )
    from reports.scoring import recompute

    recompute(evaluation)
    from reports.models import Evaluation
    from reports.models.states import NARRATIVE_SECTIONS

    Evaluation.objects.filter(pk=evaluation.pk).update(
        **{
            name: f"{label}：项目按计划实施，联系电话13812345678。"
            for name, label in NARRATIVE_SECTIONS
        },
        internal_notes="内部备注：负责人身份证440305199001011234，仅供内部。",
    )
    return Evaluation.objects.get(pk=evaluation.pk)
