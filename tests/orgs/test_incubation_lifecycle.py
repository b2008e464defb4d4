"""The incubation life cycle: each move for the right role and refused otherwise, with audit
entries; capacity; working-day deadlines (registration: test_incubation_registration.py)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.workflow import TransitionRefused, perform_transition
from orgs.incubation import actions
from orgs.models import Incubation
from orgs.models.incubation.states import ExitReason, Placement
from tests.orgs.incubation_support import (
    admitted,
    incubating,
    move,
    new_org_with_admin,
    org_application,
    pdf,
    team_application,
    transitions_logged,
)

pytest_plugins = ["tests.orgs.incubation_fixtures"]

D = datetime.date


# --- Applying ----------------------------------------------------------------------------------


def test_submit_by_applicant_counts_answer_deadline_across_national_day(base, team_lead, freeze):
    freeze(D(2025, 9, 30))  # 1-8 October 2025 are holidays, Saturday 11 October is a working day
    incubation = move(team_application(base, team_lead), "submit", by=team_lead)
    assert incubation.state == "applied"
    assert incubation.answer_due_on == D(2025, 10, 14)
    [entry] = transitions_logged(incubation)
    assert (entry["from"], entry["to"], entry["label"]) == ("draft", "applied", "提交入驻申请")


def test_answer_deadline_uses_the_bases_own_number(base, team_lead, freeze):
    base.answer_days = 10
    base.save()
    freeze(D(2025, 9, 30))
    incubation = move(team_application(base, team_lead), "submit", by=team_lead)
    assert incubation.answer_due_on == D(2025, 10, 21)


def test_answer_overdue_only_after_the_deadline(base, team_lead, freeze):
    freeze(D(2025, 9, 30))
    incubation = move(team_application(base, team_lead), "submit", by=team_lead)
    freeze(D(2025, 10, 14))
    assert not incubation.is_answer_overdue
    assert not Incubation.objects.answer_overdue().exists()
    freeze(D(2025, 10, 15))
    assert incubation.is_answer_overdue
    assert list(Incubation.objects.answer_overdue()) == [incubation]
    incubation = move(incubation, "start_review", by=base.managers.get())
    assert incubation.is_answer_overdue  # reviewing is not an answer yet


@pytest.mark.parametrize("persona", ["member", "outsider", "incubator_manager", "staff"])
def test_submit_refused_for_anyone_but_the_applicant(request, base, org_a, owner, persona):
    incubation = org_application(base, org_a, owner)
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied, match="只有申请人"):
        perform_transition(incubation, "submit", by=user)
    incubation.refresh_from_db()
    assert incubation.state == "draft"
    assert transitions_logged(incubation) == []


def test_org_admin_submits_for_the_organization(base, org_a, owner):
    incubation = move(org_application(base, org_a, owner), "submit", by=owner)
    assert incubation.state == "applied"


def test_incomplete_application_is_refused(base, team_lead):
    incubation = team_application(base, team_lead, mission="")
    with pytest.raises(TransitionRefused) as refused:
        perform_transition(incubation, "submit", by=team_lead)
    assert refused.value.reasons == ["请完整填写服务领域、宗旨使命、计划开展的服务和团队情况"]


def test_founding_team_needs_a_founder(base, team_lead):
    incubation = team_application(base, team_lead)
    incubation.founders.all().delete()
    with pytest.raises(TransitionRefused, match="至少填写一名发起人"):
        perform_transition(incubation, "submit", by=team_lead)


def test_placement_not_offered_is_refused(base, team_lead):
    base.offers_virtual = False
    base.save()
    incubation = team_application(base, team_lead, placement=Placement.VIRTUAL)
    with pytest.raises(TransitionRefused, match="不接受该孵化方式"):
        perform_transition(incubation, "submit", by=team_lead)


def test_applicant_withdraws_but_manager_cannot(base, team_lead, incubator_manager):
    incubation = move(team_application(base, team_lead), "submit", by=team_lead)
    with pytest.raises(PermissionDenied):
        perform_transition(incubation, "withdraw", by=incubator_manager)
    incubation = move(incubation, "withdraw", by=team_lead, reason="另有安排")
    assert (incubation.state, incubation.last_reason) == ("withdrawn", "另有安排")
    assert [e["to"] for e in transitions_logged(incubation)] == ["applied", "withdrawn"]


def test_an_organization_cannot_apply_twice_while_one_is_open(base, other_base, org_a, owner):
    from orgs.forms.incubation import FounderFormSet, IncubationForm
    from tests.orgs.incubation_support import application_fields

    move(org_application(base, org_a, owner), "submit", by=owner)
    data = {**application_fields(), "organization": org_a.pk, "needs": ["space"]}
    form = IncubationForm(data, instance=Incubation(base=other_base), user=owner, base=other_base)
    founders = FounderFormSet(
        {"founders-TOTAL_FORMS": "0", "founders-INITIAL_FORMS": "0"},
        instance=Incubation(),
        prefix="founders",
    )
    assert form.is_valid(), form.errors
    assert founders.is_valid()
    with pytest.raises(ValidationError, match="不能重复申请"):
        actions.save_application(form=form, founders=founders, by=owner, base=other_base)


# --- The base decides --------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["incubator_manager", "staff"])
def test_manager_of_the_base_and_staff_review_and_reject(request, base, team_lead, persona):
    user = request.getfixturevalue(persona)
    incubation = move(team_application(base, team_lead), "submit", by=team_lead)
    incubation = move(incubation, "start_review", by=user)
    incubation = move(incubation, "reject", by=user, reason="服务领域与基地定位不符")
    assert (incubation.state, incubation.last_reason) == ("rejected", "服务领域与基地定位不符")
    assert incubation.answered_at is not None
    assert [e["to"] for e in transitions_logged(incubation)] == ["applied", "reviewing", "rejected"]
    assert transitions_logged(incubation)[-1]["reason"] == "服务领域与基地定位不符"


@pytest.mark.parametrize("persona", ["other_manager", "owner", "outsider", "expert", "team_lead"])
def test_others_cannot_decide(request, base, team_lead, persona):
    incubation = move(team_application(base, team_lead), "submit", by=team_lead)
    user = request.getfixturevalue(persona)
    for name in ("start_review", "reject"):
        with pytest.raises(PermissionDenied, match="只有本基地的管理员或民政工作人员"):
            perform_transition(incubation, name, by=user, reason="x")
    incubation.refresh_from_db()
    assert incubation.state == "applied"
    assert len(transitions_logged(incubation)) == 1


def test_manager_without_the_role_any_more_cannot_decide(base, team_lead, incubator_manager):
    incubator_manager.groups.clear()
    incubation = move(team_application(base, team_lead), "submit", by=team_lead)
    incubator_manager = type(incubator_manager).objects.get(pk=incubator_manager.pk)
    with pytest.raises(PermissionDenied):
        perform_transition(incubation, "start_review", by=incubator_manager)


def test_reject_needs_a_reason(base, team_lead, incubator_manager):
    incubation = move(team_application(base, team_lead), "submit", by=team_lead)
    with pytest.raises(TransitionRefused, match="请填写原因"):
        perform_transition(incubation, "reject", by=incubator_manager)


def test_admit_needs_the_signed_agreement(base, team_lead, incubator_manager):
    incubation = move(team_application(base, team_lead), "submit", by=team_lead)
    incubation = move(incubation, "start_review", by=incubator_manager)
    with pytest.raises(TransitionRefused) as refused:
        actions.admit(
            incubation=incubation, by=incubator_manager, placement="physical", desk_number="A-01"
        )
    assert refused.value.reasons == ["请先上传双方签署的入驻协议"]
    incubation.refresh_from_db()
    assert (incubation.state, incubation.desk_number) == ("reviewing", "")


def test_admit_physical_needs_a_desk_number(base, team_lead, incubator_manager, private_dir):
    incubation = move(team_application(base, team_lead), "submit", by=team_lead)
    incubation = move(incubation, "start_review", by=incubator_manager)
    with pytest.raises(TransitionRefused, match="实体孵化须填写工位号"):
        actions.admit(
            incubation=incubation, by=incubator_manager, placement="physical", agreement=pdf()
        )
    assert incubation.documents.count() == 0
    assert not [p for p in private_dir.rglob("*") if p.is_file()]  # the refused agreement is gone


def test_admit_stores_agreement_and_desk(base, team_lead, incubator_manager, freeze):
    freeze(D(2025, 3, 3))
    incubation = admitted(
        team_application(base, team_lead),
        manager=incubator_manager,
        applicant=team_lead,
        desk="B-07",
    )
    assert (incubation.state, incubation.desk_number) == ("admitted", "B-07")
    assert incubation.admitted_on == D(2025, 3, 3)
    assert incubation.documents.get().kind == "agreement"
    assert transitions_logged(incubation)[-1]["label"] == "同意入驻"


# --- Capacity ----------------------------------------------------------------------------------


def test_capacity_is_respected_on_admission(base, team_lead, incubator_manager):
    assert base.desks == 2
    for desk in ("A-01", "A-02"):
        org, admin = new_org_with_admin(f"在孵组织{desk}")
        admitted(
            org_application(base, org, admin), manager=incubator_manager, applicant=admin, desk=desk
        )
    assert base.occupied_desks() == 2
    third = move(team_application(base, team_lead), "submit", by=team_lead)
    third = move(third, "start_review", by=incubator_manager)
    with pytest.raises(TransitionRefused) as refused:
        actions.admit(
            incubation=third,
            by=incubator_manager,
            placement="physical",
            desk_number="A-03",
            agreement=pdf(),
        )
    assert refused.value.reasons == [
        "该基地实体孵化工位已满，不能再以实体孵化方式入驻（可改为虚拟孵化）"
    ]
    third.refresh_from_db()
    assert third.state == "reviewing"
    virtual = actions.admit(
        incubation=third, by=incubator_manager, placement="virtual", agreement=pdf()
    )
    assert (virtual.state, virtual.placement) == ("admitted", "virtual")
    assert base.occupied_desks() == 2


def test_an_exit_frees_the_desk(base, team_lead, incubator_manager):
    occupants = []
    for desk in ("A-01", "A-02"):
        org, admin = new_org_with_admin(f"在孵组织{desk}")
        occupants.append(
            admitted(
                org_application(base, org, admin),
                manager=incubator_manager,
                applicant=admin,
                desk=desk,
            )
        )
    actions.exit_incubation(
        incubation=occupants[0],
        by=incubator_manager,
        exit_reason=ExitReason.OWN_REQUEST,
        reason="自行申请退出",
    )
    newcomer = admitted(
        team_application(base, team_lead),
        manager=incubator_manager,
        applicant=team_lead,
        desk="A-01",
    )
    assert newcomer.state == "admitted"


def test_a_taken_desk_number_is_refused(base, team_lead, incubator_manager, org_a, owner):
    admitted(
        org_application(base, org_a, owner), manager=incubator_manager, applicant=owner, desk="A-01"
    )
    incubation = move(team_application(base, team_lead), "submit", by=team_lead)
    incubation = move(incubation, "start_review", by=incubator_manager)
    with pytest.raises(TransitionRefused, match="该工位号已被其他在孵组织占用"):
        actions.admit(
            incubation=incubation,
            by=incubator_manager,
            placement="physical",
            desk_number="A-01",
            agreement=pdf(),
        )


# --- Incubation period, extension, exit --------------------------------------------------------


def test_start_sets_the_period_from_the_bases_numbers(base, team_lead, incubator_manager, freeze):
    base.default_period_months, base.midterm_after_months = 24, 9
    base.save()
    freeze(D(2025, 1, 31))
    incubation = incubating(
        team_application(base, team_lead), manager=incubator_manager, applicant=team_lead
    )
    assert incubation.state == "incubating"
    assert incubation.started_on == D(2025, 1, 31)
    assert incubation.midterm_due_on == D(2025, 10, 31)
    assert incubation.planned_end_on == D(2027, 1, 31)
    assert (incubation.next_assessment_stage, incubation.next_assessment_due_on) == (
        "midterm",
        D(2025, 10, 31),
    )


def test_graduation_assessment_waits_for_the_midterm(base, team_lead, incubator_manager):
    incubation = incubating(
        team_application(base, team_lead), manager=incubator_manager, applicant=team_lead
    )
    with pytest.raises(TransitionRefused, match="须先通过中期评估"):
        perform_transition(incubation, "start_final", by=incubator_manager)


def test_extension_needs_a_later_end_date(base, team_lead, incubator_manager, freeze):
    freeze(D(2025, 1, 6))
    incubation = incubating(
        team_application(base, team_lead), manager=incubator_manager, applicant=team_lead
    )
    with pytest.raises(TransitionRefused, match="须晚于原结束日期"):
        actions.extend(
            incubation=incubation,
            by=incubator_manager,
            new_end_on=D(2025, 12, 1),
            reason="需要更多时间",
        )
    incubation = actions.extend(
        incubation=incubation, by=incubator_manager, new_end_on=D(2026, 7, 6), reason="登记尚在办理"
    )
    assert (incubation.state, incubation.planned_end_on) == ("extended", D(2026, 7, 6))
    assert (incubation.next_assessment_stage, incubation.next_assessment_due_on) == (
        "final",
        D(2026, 7, 6),
    )
    entry = transitions_logged(incubation)[-1]
    assert (entry["label"], entry["reason"], entry["new_end_on"]) == (
        "延期孵化",
        "登记尚在办理",
        "2026-07-06",
    )


def test_exit_counts_space_return_in_working_days_across_a_holiday(
    base, team_lead, incubator_manager, freeze
):
    freeze(D(2025, 9, 1))
    incubation = incubating(
        team_application(base, team_lead), manager=incubator_manager, applicant=team_lead
    )
    freeze(D(2025, 9, 30))  # notice the day before National Day: 8 days off, then 15 working days
    incubation = actions.exit_incubation(
        incubation=incubation,
        by=incubator_manager,
        exit_reason=ExitReason.AGREEMENT_BREACHED,
        reason="多次违反场地使用规定",
    )
    assert incubation.state == "exited"
    assert incubation.exit_notice_on == D(2025, 9, 30)
    assert incubation.space_return_due_on == D(2025, 10, 28)
    assert incubation.get_exit_reason_display() == "违反协议"
    assert incubation.next_assessment_due_on is None


def test_space_return_uses_the_bases_own_number_and_notice_date(base, team_lead, incubator_manager):
    base.space_return_days = 5
    base.save()
    incubation = admitted(
        team_application(base, team_lead), manager=incubator_manager, applicant=team_lead
    )
    incubation = actions.exit_incubation(
        incubation=incubation,
        by=incubator_manager,
        exit_reason=ExitReason.CONDITIONS_UNMET,
        reason="未按期开展活动",
        notice_on=D(2025, 9, 30),
    )
    assert incubation.space_return_due_on == D(2025, 10, 14)


def test_virtual_incubation_has_no_space_to_return(base, team_lead, incubator_manager):
    incubation = admitted(
        team_application(base, team_lead, placement="virtual"),
        manager=incubator_manager,
        applicant=team_lead,
        placement=Placement.VIRTUAL,
        desk="",
    )
    incubation = actions.exit_incubation(
        incubation=incubation,
        by=incubator_manager,
        exit_reason=ExitReason.OWN_REQUEST,
        reason="自行申请",
    )
    assert incubation.space_return_due_on is None


def test_exit_needs_a_reason_from_the_list(base, team_lead, incubator_manager):
    incubation = admitted(
        team_application(base, team_lead), manager=incubator_manager, applicant=team_lead
    )
    with pytest.raises(TransitionRefused, match="请选择退出原因"):
        actions.exit_incubation(
            incubation=incubation, by=incubator_manager, exit_reason="", reason="x"
        )
    with pytest.raises(PermissionDenied):
        actions.exit_incubation(
            incubation=incubation, by=team_lead, exit_reason=ExitReason.OWN_REQUEST, reason="x"
        )
    incubation.refresh_from_db()
    assert (incubation.state, incubation.exit_reason) == ("admitted", "")
