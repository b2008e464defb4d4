"""Commissioning, assigning, the evaluation life cycle and what an accepted result does."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.workflow import TransitionRefused, perform_transition
from orgs.models import Sanction
from reports.actions import assign_evaluators, commission_evaluations
from reports.models import CallEvaluationSettings, EvaluationState, Stage
from tests.reports.conftest import commission, due, make_running_project, score_everything

pytestmark = pytest.mark.django_db


def test_commission_creates_evaluation_report_and_survey(project, midterm_scheme, agency, staff):
    evaluation = commission(project, midterm_scheme, agency, staff)
    assert evaluation.state == EvaluationState.COMMISSIONED
    assert evaluation.report.state == "draft"
    assert evaluation.survey.is_open
    assert midterm_scheme.is_frozen


def test_commission_batch_is_all_or_nothing(project, midterm_scheme, agency, staff, org_b):
    other = make_running_project(organization=org_b)
    commission(other, midterm_scheme, agency, staff)
    with pytest.raises(ValidationError) as refused:
        commission_evaluations(
            [project, other],
            stage=Stage.MIDTERM,
            agency=agency,
            scheme=midterm_scheme,
            due_on=due(),
            by=staff,
        )
    assert "已委托过中期评估" in str(refused.value)
    assert not project.evaluations.exists()


def test_commission_refuses_non_agency_and_non_staff(project, midterm_scheme, org_b, staff, owner):
    with pytest.raises(ValidationError, match="第三方评估机构"):
        commission(project, midterm_scheme, org_b, staff)
    with pytest.raises(PermissionDenied):
        commission(project, midterm_scheme, org_b, owner)


def test_assign_evaluators_only_agency_admin_and_only_evaluators(
    project, midterm_scheme, agency, staff, agency_admin, agency_evaluator, member
):
    evaluation = commission(project, midterm_scheme, agency, staff)
    with pytest.raises(PermissionDenied):
        assign_evaluators(evaluation, [agency_evaluator], by=agency_evaluator)
    with pytest.raises(ValidationError, match="不具有第三方评估机构人员角色"):
        assign_evaluators(evaluation, [member], by=agency_admin)
    assign_evaluators(evaluation, [agency_evaluator], by=agency_admin)
    assert list(evaluation.evaluators.all()) == [agency_evaluator]


def _submitted(
    project, scheme, agency, staff, admin, evaluator, share=Decimal("0.8"), stage=Stage.MIDTERM
):
    evaluation = commission(project, scheme, agency, staff, stage=stage)
    with pytest.raises(TransitionRefused, match="尚未分派评估人员"):
        perform_transition(evaluation, "start", by=admin)
    assign_evaluators(evaluation, [evaluator], by=admin)
    evaluation = perform_transition(evaluation, "start", by=evaluator)
    with pytest.raises(TransitionRefused, match="还有指标未评分"):
        perform_transition(evaluation, "submit", by=evaluator)
    evaluation = score_everything(evaluation, share=share, by=evaluator)
    return perform_transition(evaluation, "submit", by=evaluator)


def test_accepting_midterm_pass_releases_next_tranche(
    project, midterm_scheme, agency, staff, agency_admin, agency_evaluator
):
    evaluation = _submitted(project, midterm_scheme, agency, staff, agency_admin, agency_evaluator)
    # 80% everywhere except the computed 资金到位率 (50% paid: 2.5 of 5) and 预算执行率 (no
    # approved spending yet: 0 of 5): 80 − 4 + 2.5 − 4 = 74.5.
    assert (evaluation.total_score, evaluation.grade) == (Decimal("74.50"), "合格")
    with pytest.raises(PermissionDenied):
        perform_transition(evaluation, "accept", by=agency_evaluator)
    perform_transition(evaluation, "accept", by=staff)
    project.refresh_from_db()
    second = project.tranches.get(position=2)
    assert second.state == "payable"
    assert project.state == "in_progress"
    assert project.midterm_passed is True


def test_accepting_midterm_fail_stops_tranches_and_sanctions_per_call_rule(
    project, midterm_scheme, agency, staff, agency_admin, agency_evaluator
):
    CallEvaluationSettings.objects.create(
        call=project.call, sanction_on_fail=True, sanction_months=12
    )
    evaluation = _submitted(
        project, midterm_scheme, agency, staff, agency_admin, agency_evaluator, share=Decimal("0.5")
    )
    assert evaluation.grade == "不合格"
    evaluation = perform_transition(evaluation, "accept", by=staff)
    project.refresh_from_db()
    assert project.tranches.get(position=2).state == "suspended"
    assert project.state == "suspended"
    sanction = Sanction.objects.get(organization=project.organization)
    assert "不合格" in sanction.reason
    assert evaluation.sanction_id == sanction.pk


def test_failed_result_without_call_rule_creates_no_sanction(
    project, midterm_scheme, agency, staff, agency_admin, agency_evaluator
):
    evaluation = _submitted(
        project, midterm_scheme, agency, staff, agency_admin, agency_evaluator, share=Decimal("0.5")
    )
    perform_transition(evaluation, "accept", by=staff)
    assert not Sanction.objects.exists()


def test_return_needs_reason_and_resubmit(
    project, midterm_scheme, agency, staff, agency_admin, agency_evaluator
):
    evaluation = _submitted(project, midterm_scheme, agency, staff, agency_admin, agency_evaluator)
    with pytest.raises(TransitionRefused, match="请填写原因"):
        perform_transition(evaluation, "return_for_changes", by=staff)
    evaluation = perform_transition(
        evaluation, "return_for_changes", by=staff, reason="评分依据不足"
    )
    assert (evaluation.state, evaluation.last_reason) == (EvaluationState.RETURNED, "评分依据不足")
    evaluation = perform_transition(evaluation, "submit", by=agency_evaluator)
    evaluation = perform_transition(evaluation, "accept", by=staff)
    evaluation = perform_transition(evaluation, "publish", by=staff)
    assert evaluation.state == EvaluationState.PUBLISHED


def test_computed_indicators_come_from_project_data(
    project, midterm_scheme, agency, staff, agency_admin, agency_evaluator
):
    from reports.scoring import refresh_computed

    evaluation = commission(project, midterm_scheme, agency, staff)
    refresh_computed(evaluation)
    funds = evaluation.scores.get(indicator__code="3.1")
    # Half of the award is paid: 资金到位率 50% of 5 points.
    assert (funds.value, funds.computed) == (Decimal("2.50"), True)
    assert "资金到位率为50.00%" in funds.basis
