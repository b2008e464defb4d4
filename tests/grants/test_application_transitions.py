"""Each application transition: allowed for the right persona, refused for every other one;
every move leaves an audit entry and e-mails the organization's members with the reason."""

import pytest
from django.core.exceptions import PermissionDenied

from core.audit import history
from core.workflow import TransitionRefused, available_transitions, perform_transition
from grants import actions
from grants.models import Application
from tests.factories import ApplicationFactory
from tests.grants.conftest import PERSONAS

pytestmark = pytest.mark.django_db

# (transition, state it starts from, persona allowed, reason given, state it ends in)
CASES = [
    ("submit", "draft", "owner", "", "submitted"),
    ("resubmit", "returned", "owner", "", "submitted"),
    ("withdraw", "submitted", "owner", "项目负责人离职", "withdrawn"),
    ("start_screening", "submitted", "staff", "", "screening"),
    ("return_for_completion", "screening", "staff", "承诺书未盖章", "returned"),
    ("fail_screening", "screening", "staff", "申请金额超过上限", "screening_failed"),
    ("pass_screening", "screening", "staff", "", "screening_passed"),
    ("start_review", "screening_passed", "staff", "", "reviewing"),
]


def _application(call, org_a, state):
    return ApplicationFactory(call=call, organization=org_a, state=state, complete=True)


@pytest.mark.parametrize(("name", "source", "allowed", "reason", "target"), CASES)
def test_transition_allowed_for_the_right_persona(
    name,
    source,
    allowed,
    reason,
    target,
    call,
    org_a,
    owner,
    member,
    persona,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    application = _application(call, org_a, source)
    user = persona(allowed)
    with django_capture_on_commit_callbacks(execute=True):
        moved = perform_transition(application, name, by=user, reason=reason)
    assert moved.state == target
    assert Application.objects.get(pk=application.pk).state == target
    entry = history(moved).first()
    assert entry.action == "gongyi.transition"
    assert entry.user == user
    assert (entry.data["transition"], entry.data["from"], entry.data["to"]) == (
        name,
        source,
        target,
    )
    assert entry.data["reason"] == reason
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert sorted(mail.to) == ["member@example.cn", "owner@example.cn"]
    assert mail.subject == f"【项目申报】{application.project_name}：{moved.get_state_display()}"
    if reason:
        assert f"处理意见：{reason}" in mail.body


@pytest.mark.parametrize(("name", "source", "allowed", "reason", "target"), CASES)
def test_transition_refused_for_every_other_persona(
    name, source, allowed, reason, target, call, org_a, owner, member, outsider, persona, mailoutbox
):
    application = _application(call, org_a, source)
    for other in PERSONAS:
        if other == allowed:
            continue
        with pytest.raises(PermissionDenied) as refused:
            perform_transition(application, name, by=persona(other), reason=reason or "原因")
        assert str(refused.value)  # says why, e.g. "只有民政工作人员可以执行此操作"
        assert Application.objects.get(pk=application.pk).state == source
    assert not history(application).filter(action="gongyi.transition").exists()
    assert mailoutbox == []


def test_transition_refusals_say_why(call, org_a, owner, member, staff, anonymous):
    application = _application(call, org_a, "submitted")
    with pytest.raises(PermissionDenied, match="只有民政工作人员可以执行此操作"):
        perform_transition(application, "start_screening", by=owner)
    draft = ApplicationFactory(call=call, organization=org_a, complete=True)
    with pytest.raises(PermissionDenied, match="只有申报单位的账号管理员可以提交或撤回申报书"):
        perform_transition(draft, "submit", by=member)
    with pytest.raises(PermissionDenied, match="请先登录"):
        perform_transition(draft, "submit", by=anonymous)


def test_screening_decisions_need_a_reason(call, org_a, staff):
    application = _application(call, org_a, "screening")
    for name in ("return_for_completion", "fail_screening"):
        with pytest.raises(TransitionRefused) as refused:
            perform_transition(application, name, by=staff, reason="  ")
        assert refused.value.reasons == ["请填写原因"]


def test_withdraw_is_refused_once_review_started(call, org_a, owner):
    application = _application(call, org_a, "reviewing")
    with pytest.raises(TransitionRefused) as refused:
        perform_transition(application, "withdraw", by=owner)
    assert refused.value.reasons == ["当前状态下不能执行此操作"]


@pytest.mark.parametrize(
    "state", ["draft", "submitted", "screening", "returned", "screening_passed"]
)
def test_applicant_may_withdraw_before_review(state, call, org_a, owner):
    application = _application(call, org_a, state)
    with pytest.raises(TransitionRefused, match="请填写原因"):
        perform_transition(application, "withdraw", by=owner)
    withdrawn = perform_transition(application, "withdraw", by=owner, reason="负责人离职")
    assert (withdrawn.state, withdrawn.last_reason) == ("withdrawn", "负责人离职")


def test_submit_lists_every_problem(call, org_a, owner):
    application = ApplicationFactory(call=call, organization=org_a, project_name="")
    with pytest.raises(TransitionRefused) as refused:
        perform_transition(application, "submit", by=owner)
    reasons = refused.value.reasons
    assert reasons[0].startswith("以下内容尚未填写：服务领域、项目名称、项目负责人、")
    assert "请至少填写一名项目团队成员" in reasons[0]
    assert "请上传承诺书（法定代表人签字并加盖公章的扫描件）" in reasons[0]
    assert reasons[1] == "请至少填写一条预算明细；请填写申请资助金额"


def test_submit_rechecks_eligibility_and_names_the_rules(call, org_a, owner):
    call.require_verified = True
    call.min_grade = 3
    call.save()
    application = _application(call, org_a, "draft")
    with pytest.raises(TransitionRefused) as refused:
        perform_transition(application, "submit", by=owner)
    assert refused.value.reasons == [
        "平台认证：组织尚未通过平台认证（当前状态：草稿）；"
        "评估等级：等级评估须达到3A（本组织当前：无有效等级）"
    ]


def test_submission_freezes_the_registry_data(call, org_a, owner):
    application = _application(call, org_a, "draft")
    submitted = actions.submit_application(application=application, by=owner)
    snapshot = submitted.org_snapshot
    assert snapshot["name"] == "阳光社工服务中心"
    assert snapshot["uscc"] == org_a.uscc
    assert snapshot["legal_representative"] == "王明"
    org_a.name = "改名后的中心"
    org_a.save()
    submitted.refresh_from_db()
    assert submitted.org_data["name"] == "阳光社工服务中心"
    assert submitted.submitted_at is not None


def test_buttons_list_only_what_the_user_may_do(call, org_a, owner, member, staff):
    application = _application(call, org_a, "submitted")
    assert [t.name for t in available_transitions(application, owner)] == ["withdraw"]
    assert available_transitions(application, member) == []
    assert sorted(t.name for t in available_transitions(application, staff)) == [
        "fail_screening",
        "pass_screening",
        "return_for_completion",
        "start_screening",
    ]
