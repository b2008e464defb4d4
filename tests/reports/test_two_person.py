"""Accepting an evaluation result needs a second person (经办/审核): the admin button proposes it,
the door refuses it without an approval, an approver other than the proposer approves."""

import pytest
from django.core.exceptions import PermissionDenied

from core import approvals
from core.models import Approval, ApprovalState
from core.workflow import perform_transition
from reports.models import EvaluationState
from tests.reports.test_evaluations import _submitted

pytestmark = [pytest.mark.django_db, pytest.mark.two_person]


def test_accept_button_proposes_and_an_approver_accepts(
    client, project, midterm_scheme, agency, staff, agency_admin, agency_evaluator, approver
):
    evaluation = _submitted(project, midterm_scheme, agency, staff, agency_admin, agency_evaluator)
    with pytest.raises(PermissionDenied, match="此操作须经审核人批准"):
        perform_transition(evaluation, "accept", by=staff)

    client.force_login(staff)
    page = client.get(f"/admin/evaluations/transition/{evaluation.pk}/accept/").content.decode()
    assert "此操作须经审核人批准" in page and "提交审核：审定评估结果" in page
    response = client.post(
        f"/admin/evaluations/transition/{evaluation.pk}/accept/", {"reason": "结果经复核无误"}
    )
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.state == EvaluationState.SUBMITTED
    approval = Approval.objects.get(action="accept_evaluation")
    assert (approval.proposed_by, approval.proposal_reason) == (staff, "结果经复核无误")

    with pytest.raises(PermissionDenied, match="只有审核人可以审批"):
        approvals.approve(approval, by=staff)
    approvals.approve(approval, by=approver)
    evaluation.refresh_from_db()
    assert (evaluation.state, evaluation.accepted_by) == (EvaluationState.ACCEPTED, approver)
    assert Approval.objects.get(pk=approval.pk).state == ApprovalState.APPROVED
    page = client.get(f"/admin/evaluations/inspect/{evaluation.pk}/").content.decode()
    assert "经办与审核" in page and "钱审核" in page
