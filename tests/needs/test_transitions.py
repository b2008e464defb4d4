"""The need life cycle: each transition, its permission rule and its data guard, through the one
door (core.workflow.perform_transition), audited."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied

from core.audit import TRANSITION, history
from core.workflow import TransitionRefused, available_transitions, perform_transition
from needs import permissions as perms
from needs.models import Need
from tests.factories import ApplicationFactory, CallFactory, NeedFactory

pytestmark = pytest.mark.django_db


def _last(need):
    return history(need).filter(action=TRANSITION).first().data


def test_member_submits_draft(clerk, draft_need, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        need = perform_transition(draft_need, "submit", by=clerk)
    assert need.state == "submitted"
    assert need.submitted_at is not None
    entry = _last(need)
    assert (entry["from_label"], entry["to_label"]) == ("草稿", "已提交")
    assert mail.outbox[0].subject == "【需求库】独居长者上门探访：已提交"


def test_outsider_may_not_submit(outsider, draft_need):
    with pytest.raises(PermissionDenied, match="您不是提出该需求的单位的成员"):
        perform_transition(draft_need, "submit", by=outsider)
    assert Need.objects.get(pk=draft_need.pk).state == "draft"


def test_incomplete_need_may_not_be_submitted(clerk, community):
    need = NeedFactory(organization=community, contact_phone="", contact_email="")
    with pytest.raises(TransitionRefused) as refused:
        perform_transition(need, "submit", by=clerk)
    assert "联系方式" in refused.value.reasons[0]
    assert Need.objects.get(pk=need.pk).state == "draft"


def test_anonymous_may_not_submit_an_organizations_need(draft_need):
    allowed, reason = perms.can_submit.check(draft_need, AnonymousUser())
    assert (allowed, reason) == (False, "请先登录")


def test_staff_publish(staff, submitted_need):
    need = perform_transition(submitted_need, "publish", by=staff)
    assert need.state == "published"
    assert need.published_at is not None
    assert need.is_public


@pytest.mark.parametrize("name", ["publish", "return_for_changes", "reject"])
def test_only_staff_moderate(clerk, director, submitted_need, name):
    for user in (clerk, director):
        with pytest.raises(PermissionDenied, match="只有民政工作人员"):
            perform_transition(submitted_need, name, by=user, reason="理由")


@pytest.mark.parametrize(
    ("name", "target"), [("return_for_changes", "returned"), ("reject", "rejected")]
)
def test_return_and_reject_need_a_reason(staff, submitted_need, name, target):
    with pytest.raises(TransitionRefused, match="请填写原因"):
        perform_transition(submitted_need, name, by=staff, reason="  ")
    need = perform_transition(submitted_need, name, by=staff, reason="请补充受益人数的依据")
    assert need.state == target
    assert need.last_reason == "请补充受益人数的依据"
    assert _last(need)["reason"] == "请补充受益人数的依据"


def test_returned_need_is_edited_and_resubmitted(staff, clerk, submitted_need):
    need = perform_transition(submitted_need, "return_for_changes", by=staff, reason="补充")
    assert perms.can_edit_need(need, clerk)[0]
    need = perform_transition(need, "resubmit", by=clerk)
    assert need.state == "submitted"
    assert need.last_reason == ""


def test_editing_only_in_draft_or_returned(clerk, published_need, draft_need):
    assert perms.can_edit_need(draft_need, clerk) == (True, "")
    assert perms.can_edit_need(published_need, clerk) == (
        False,
        "需求当前状态为“已审核公开”，不能修改",
    )


def test_include_in_call_requires_a_link(staff, published_need):
    with pytest.raises(TransitionRefused, match="请先关联征集或购买公告"):
        perform_transition(published_need, "include_in_call", by=staff)
    Need.objects.filter(pk=published_need.pk).update(call=CallFactory())
    need = perform_transition(published_need, "include_in_call", by=staff)
    assert need.state == "in_call"
    assert need.included_at is not None


def test_satisfy_requires_an_answering_application(staff, community):
    call = CallFactory()
    need = NeedFactory(organization=community, state="in_call", call=call)
    with pytest.raises(TransitionRefused, match="请先关联回应该需求并已立项的申报项目"):
        perform_transition(need, "satisfy", by=staff)
    Need.objects.filter(pk=need.pk).update(answered_by=ApplicationFactory(call=call))
    need = perform_transition(need, "satisfy", by=staff)
    assert need.state == "satisfied"
    assert need.satisfied_at is not None


def test_satisfy_by_staff_or_the_system_only(director, community):
    need = NeedFactory(organization=community, state="in_call")
    assert perms.can_mark_satisfied.check(need, director)[0] is False
    assert perms.can_mark_satisfied.check(need, None) == (True, "")


def test_owner_admin_closes_with_reason_member_may_not(director, clerk, published_need):
    with pytest.raises(PermissionDenied):
        perform_transition(published_need, "close", by=clerk, reason="已由街道解决")
    need = perform_transition(published_need, "close", by=director, reason="已由街道解决")
    assert need.state == "closed"
    assert need.closed_at is not None
    assert need.last_reason == "已由街道解决"


def test_closed_need_moves_no_more(staff, community):
    need = NeedFactory(organization=community, state="closed")
    assert available_transitions(need, staff) == []
    with pytest.raises(TransitionRefused, match="当前状态下不能执行此操作"):
        perform_transition(need, "publish", by=staff)


def test_buttons_follow_the_rules(staff, clerk, director, submitted_need, published_need):
    assert {t.name for t in available_transitions(submitted_need, staff)} == {
        "publish",
        "return_for_changes",
        "reject",
        "close",
    }
    assert {t.name for t in available_transitions(submitted_need, clerk)} == set()
    assert {t.name for t in available_transitions(published_need, director)} == {"close"}


def test_only_community_kinds_record_needs(owner, org_a, clerk, community):
    assert perms.can_create_need(community, clerk) == (True, "")
    allowed, reason = perms.can_create_need(org_a, owner)
    assert not allowed
    assert "社会组织可在已公开的需求上表达承接意向" in reason
    assert perms.can_create_need(org_a, clerk)[0] is False
