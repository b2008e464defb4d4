"""Two-person approvals (经办/审核): the door refuses the money and publication moves without an
approved proposal; the proposer cannot approve; both names and times are recorded."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core import approvals
from core.admin import history_rows
from core.audit import TRANSITION, history
from core.models import Approval, ApprovalState, TwoPersonRule
from core.workflow import available_transitions, perform_transition
from grants.models import ApplicationState, CallState
from projects.approvals import PAY, payment_data
from projects.models import TrancheState
from projects.tranches import record_payment
from review.approvals import AWARD, DECIDE, PUBLISH, decision_list, publicity_list
from review.award import award_due
from review.decisions import change_line, decide, finish_review, propose
from review.draw import draw_panel
from review.models import Publicity
from tests.review.conftest import experts, make_reviewing_call  # noqa: F401  (fixture)
from tests.review.test_ranking import set_totals

pytestmark = [pytest.mark.django_db, pytest.mark.two_person]

SECOND_PERSON = "审核人不能是经办人本人"
NEEDS_APPROVAL = "此操作须经审核人批准"


@pytest.fixture
def reviewed(staff, experts):  # noqa: F811  (the imported fixture)
    """A call whose review is finished and whose proposed list is ready to be decided."""
    call, apps = make_reviewing_call(staff, n=3, amounts=[Decimal("40000.00")] * 3, min_scores=3)
    draw_panel(call=call, by=staff, size=3, seed=8)
    for application, score in zip(apps, ["90", "85", "50"], strict=True):
        set_totals(application, [score] * 3)
    finish_review(call, by=staff)
    propose(call, by=staff)
    return call, apps


def decide_proposal(call, staff):
    return approvals.propose(DECIDE, call, by=staff, data={"lines": decision_list(call)})


def states(apps):
    return [type(a).objects.get(pk=a.pk).state for a in apps]


# --- The door -----------------------------------------------------------------------------------


def test_door_refuses_two_person_move_without_approval(reviewed, staff, admin_user):
    _call, apps = reviewed
    for who in (staff, admin_user):
        with pytest.raises(PermissionDenied, match=NEEDS_APPROVAL):
            perform_transition(apps[0], "recommend", by=who)
    with pytest.raises(PermissionDenied, match=NEEDS_APPROVAL):
        decide(reviewed[0], by=staff)
    assert states(apps) == [ApplicationState.REVIEWED] * 3


def test_application_buttons_do_not_offer_the_call_decision(reviewed, staff):
    _call, apps = reviewed
    names = [t.name for t in available_transitions(apps[0], staff)]
    assert "recommend" not in names and "not_select" not in names


def test_same_user_cannot_approve_own_proposal(reviewed, approver):
    call, apps = reviewed
    approval = decide_proposal(call, approver)
    with pytest.raises(PermissionDenied, match=SECOND_PERSON):
        approvals.approve(approval, by=approver)
    assert Approval.objects.get(pk=approval.pk).state == ApprovalState.PENDING
    assert states(apps) == [ApplicationState.REVIEWED] * 3


def test_superuser_cannot_approve_own_proposal(reviewed, admin_user):
    call, _apps = reviewed
    approval = decide_proposal(call, admin_user)
    with pytest.raises(PermissionDenied, match=SECOND_PERSON):
        approvals.approve(approval, by=admin_user)


def test_staff_without_approver_role_cannot_approve(reviewed, staff, approver):
    call, _apps = reviewed
    approval = decide_proposal(call, approver)
    with pytest.raises(PermissionDenied, match="只有审核人可以审批"):
        approvals.approve(approval, by=staff)


def test_approval_performs_decision_and_records_both_names(reviewed, staff, approver):
    call, apps = reviewed
    approval = decide_proposal(call, staff)
    assert states(apps) == [ApplicationState.REVIEWED] * 3
    with pytest.raises(ValidationError, match="已提交审核"):
        decide_proposal(call, staff)
    approval = approvals.approve(approval, by=approver, reason="同意")
    assert states(apps) == [
        ApplicationState.RECOMMENDED,
        ApplicationState.RECOMMENDED,
        ApplicationState.NOT_SELECTED,
    ]
    approval.refresh_from_db()
    assert (approval.state, approval.proposed_by, approval.decided_by) == (
        ApprovalState.APPROVED,
        staff,
        approver,
    )
    assert approval.proposed_at <= approval.decided_at
    assert approval.result == "已作出拟资助决定"
    entry = history(apps[0]).filter(action=TRANSITION).first()
    assert entry.user == approver
    assert entry.data["proposed_by"] == "赵科员"
    assert entry.data["approved_by"] == "钱审核"
    assert entry.data["proposed_at"] and entry.data["approved_at"]
    note = history_rows(apps[0])[0]["note"]
    assert "经办人赵科员（" in note and "审核人钱审核（" in note
    summaries = [e.data.get("summary") for e in history(call)]
    assert "提交审核：拟资助决定" in summaries
    assert "审核批准：拟资助决定（经办人赵科员）" in summaries


def test_list_changed_after_proposal_is_not_approved(reviewed, staff, approver):
    call, apps = reviewed
    approval = decide_proposal(call, staff)
    line = call.recommendation_lines.get(application=apps[2])
    change_line(line, by=staff, selected=True, amount=Decimal("10000.00"), reason="补充")
    with pytest.raises(ValidationError, match="名单在提交审核后已有变化"):
        approvals.approve(approval, by=approver)
    assert Approval.objects.get(pk=approval.pk).state == ApprovalState.PENDING
    assert states(apps) == [ApplicationState.REVIEWED] * 3


def test_reject_needs_reason_and_withdraw_is_the_proposers(reviewed, staff, approver):
    call, _apps = reviewed
    approval = decide_proposal(call, staff)
    with pytest.raises(PermissionDenied, match="只有经办人本人可以撤回"):
        approvals.withdraw(approval, by=approver)
    rejected = approvals.reject(approval, by=approver, reason="金额需复核")
    assert (rejected.state, rejected.decided_by, rejected.decision_reason) == (
        ApprovalState.REJECTED,
        approver,
        "金额需复核",
    )
    second = decide_proposal(call, staff)
    assert approvals.withdraw(second, by=staff).state == ApprovalState.WITHDRAWN


# --- Publication and award --------------------------------------------------------------------


def decided_by_two(call, staff, approver):
    approvals.approve(decide_proposal(call, staff), by=approver)


def test_publish_and_award_need_approval_and_the_window(reviewed, staff, approver):
    call, _apps = reviewed
    decided_by_two(call, staff, approver)
    proposal = approvals.propose(
        PUBLISH,
        call,
        by=staff,
        data={"start": "", "contact": "电话", "applications": publicity_list(call)},
    )
    assert not Publicity.objects.filter(call=call).exists()
    approvals.approve(proposal, by=approver)
    call.refresh_from_db()
    publicity = call.publicity
    assert call.state == CallState.PUBLICITY
    assert publicity.published_by == approver
    with pytest.raises(ValidationError, match="尚未结束"):
        approvals.propose(AWARD, call, by=staff)
    # The scheduler leaves the award to the approval while a second person is required.
    later = datetime.datetime.combine(
        publicity.ends_on + datetime.timedelta(days=30), datetime.time(9), datetime.UTC
    )
    assert award_due(later) == []
    call.refresh_from_db()
    assert call.state == CallState.PUBLICITY


# --- Payments -----------------------------------------------------------------------------------


def test_payment_only_through_an_approved_proposal(staff, approver, admin_user):
    from tests.factories import make_funded_project

    project = make_funded_project(amount=Decimal("100000.00"))
    tranche = project.tranches.order_by("position").first()
    type(tranche).objects.filter(pk=tranche.pk).update(state=TrancheState.PAYABLE)
    tranche.refresh_from_db()
    day = datetime.date.today() - datetime.timedelta(days=1)
    with pytest.raises(PermissionDenied, match=NEEDS_APPROVAL):
        record_payment(tranche, paid_on=day, voucher_number="记-1", by=staff)
    tranche.refresh_from_db()
    assert (tranche.state, tranche.voucher_number) == (TrancheState.PAYABLE, "")
    approval = approvals.propose(
        PAY, tranche, by=approver, data=payment_data(paid_on=day, voucher_number="记-1")
    )
    with pytest.raises(PermissionDenied, match=SECOND_PERSON):
        approvals.approve(approval, by=approver)
    with pytest.raises(PermissionDenied, match="只有审核人可以审批"):
        approvals.approve(approval, by=staff)
    approvals.approve(approval, by=admin_user)
    tranche.refresh_from_db()
    assert (tranche.state, tranche.voucher_number) == (TrancheState.PAID, "记-1")
    entry = history(tranche).filter(action=TRANSITION).first()
    assert (entry.user, entry.data["proposed_by"]) == (admin_user, "钱审核")


# --- The setting --------------------------------------------------------------------------------


def test_switching_off_is_for_admins_with_a_reason(reviewed, staff, admin_user):
    with pytest.raises(PermissionDenied, match="只有系统管理员"):
        approvals.set_required(DECIDE, required=False, by=staff, reason="只有一名工作人员")
    with pytest.raises(ValidationError, match="须填写原因"):
        approvals.set_required(DECIDE, required=False, by=admin_user, reason=" ")
    approvals.set_required(DECIDE, required=False, by=admin_user, reason="本单位只有一名工作人员")
    setting = TwoPersonRule.objects.get(action=DECIDE)
    assert (setting.required, setting.changed_by) == (False, admin_user)
    assert history(setting).first().data["summary"] == "关闭双人审核：拟资助决定"
    call, apps = reviewed
    approval, message = approvals.submit(DECIDE, call, by=staff, data={})
    assert (approval, message) == (None, "已作出拟资助决定")
    entry = history(apps[0]).filter(action=TRANSITION).first()
    assert entry.data["two_person"] == "off"
    assert (
        "未经第二人审核（双人审核已关闭：本单位只有一名工作人员）"
        in history_rows(apps[0])[0]["note"]
    )
    summaries = [e.data.get("summary") for e in history(call)]
    assert "未经审核人批准：拟资助决定（双人审核已关闭）" in summaries
    # Other actions still need a second person.
    with pytest.raises(PermissionDenied, match=NEEDS_APPROVAL):
        perform_transition(apps[0], "start_publicity", by=staff)


# --- Views --------------------------------------------------------------------------------------


def test_workbench_decide_proposes_and_approval_page_refuses_the_proposer(
    reviewed, client, staff, approver
):
    call, apps = reviewed
    client.force_login(approver)
    response = client.post(
        reverse("review_call_action", args=[call.pk, "decide"]), {"confirmed": "1"}
    )
    assert response.status_code == 302
    approval = Approval.objects.get(action=DECIDE)
    assert approval.proposed_by == approver
    assert states(apps) == [ApplicationState.REVIEWED] * 3
    page = client.get(reverse("approval", args=[approval.pk])).content.decode()
    assert SECOND_PERSON in page
    assert "批准并执行" not in page
    response = client.post(reverse("approval", args=[approval.pk]), {"decision": "approve"})
    assert response.status_code == 403
    assert SECOND_PERSON in response.content.decode()
    assert states(apps) == [ApplicationState.REVIEWED] * 3

    client.force_login(staff)
    response = client.post(reverse("approval", args=[approval.pk]), {"decision": "approve"})
    assert response.status_code == 403
    assert "只有审核人可以审批" in response.content.decode()

    other = type(approver).objects.create_user(
        email="approver2@example.cn", password="x", real_name="孙审核"
    )
    from django.contrib.auth.models import Group

    other.groups.add(Group.objects.get(name="staff"), Group.objects.get(name="approver"))
    other.departments.add(call.department)  # an approver of the call's department
    client.force_login(other)
    listing = client.get(reverse("approvals")).content.decode()
    assert "拟资助决定" in listing and "钱审核" in listing
    response = client.post(
        reverse("approval", args=[approval.pk]), {"decision": "approve", "reason": "同意"}
    )
    assert response.status_code == 302
    assert states(apps)[0] == ApplicationState.RECOMMENDED
    page = client.get(reverse("review_call", args=[call.pk])).content.decode()
    assert "经办与审核" in page and "钱审核" in page and "孙审核" in page


def test_reject_without_reason_is_refused_on_the_page(reviewed, client, staff, approver):
    call, _apps = reviewed
    approval = decide_proposal(call, staff)
    client.force_login(approver)
    response = client.post(reverse("approval", args=[approval.pk]), {"decision": "reject"})
    assert response.status_code == 200
    assert "退回须填写原因" in response.content.decode()
    assert Approval.objects.get(pk=approval.pk).state == ApprovalState.PENDING


def test_rules_page_is_for_admins(client, staff, admin_user):
    client.force_login(staff)
    refused = client.get(reverse("two_person_rules"))
    assert (refused.status_code, refused.url) == (302, "/admin/")  # Wagtail's refusal
    client.force_login(admin_user)
    page = client.get(reverse("two_person_rules")).content.decode()
    assert "拟资助决定" in page and "登记拨付" in page and "公开绩效评价报告" in page
    response = client.post(reverse("two_person_rules"), {"action": PAY, "reason": ""})
    assert "关闭双人审核须填写原因" in response.content.decode()
    assert approvals.required(PAY)
    response = client.post(
        reverse("two_person_rules"), {"action": PAY, "reason": "本单位只有一名工作人员"}
    )
    assert response.status_code == 302
    assert not approvals.required(PAY)
