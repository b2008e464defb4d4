"""Founding teams register during incubation; who counts as incubated, for the calls' rule."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.workflow import TransitionRefused
from orgs.incubation import actions, is_incubated
from orgs.models import Membership, Organization
from orgs.models.incubation.states import ExitReason
from tests.factories import make_uscc
from tests.orgs.incubation_support import (
    admitted,
    full_points,
    incubating,
    move,
    org_application,
    team_application,
)

pytest_plugins = ["tests.orgs.incubation_fixtures"]

D = datetime.date


# --- Founding team registration ----------------------------------------------------------------


def test_founding_team_registration_refuses_a_bad_uscc(base, team_lead, incubator_manager):
    incubation = admitted(
        team_application(base, team_lead), manager=incubator_manager, applicant=team_lead
    )
    good = make_uscc()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(ValidationError) as error:
        actions.link_registration(incubation=incubation, by=team_lead, code=bad)
    assert "校验位应为" in str(error.value.message_dict["uscc"])
    incubation.refresh_from_db()
    assert incubation.organization is None
    assert not Organization.objects.filter(uscc=bad).exists()


def test_founding_team_registration_links_a_good_uscc(base, team_lead, incubator_manager):
    incubation = admitted(
        team_application(base, team_lead), manager=incubator_manager, applicant=team_lead
    )
    code = make_uscc()
    incubation = actions.link_registration(
        incubation=incubation, by=team_lead, code=f" {code.lower()} "
    )
    org = incubation.organization
    assert (org.uscc, org.name, org.kind, org.state) == (
        code,
        "南山区晨曦助老服务中心",
        "service_org",
        "draft",
    )
    assert Membership.objects.get(organization=org).user == team_lead
    assert incubation.as_founding_team
    with pytest.raises(PermissionDenied, match="已关联"):
        actions.link_registration(incubation=incubation, by=team_lead, code=make_uscc())


def test_linking_to_someone_elses_organization_is_refused(
    base, team_lead, incubator_manager, org_b, outsider
):
    incubation = admitted(
        team_application(base, team_lead), manager=incubator_manager, applicant=team_lead
    )
    with pytest.raises(PermissionDenied, match="已由其他账号登记"):
        actions.link_registration(incubation=incubation, by=team_lead, code=org_b.uscc)
    linked = actions.link_registration(incubation=incubation, by=incubator_manager, code=org_b.uscc)
    assert linked.organization == org_b


def test_graduation_refused_while_unregistered(base, team_lead, incubator_manager):
    incubation = incubating(
        team_application(base, team_lead), manager=incubator_manager, applicant=team_lead
    )
    incubation = move(incubation, "start_midterm", by=incubator_manager)
    _a, incubation = actions.record_assessment(
        incubation=incubation, by=incubator_manager, points=full_points(base)
    )
    incubation = move(incubation, "start_final", by=incubator_manager)
    with pytest.raises(TransitionRefused) as refused:
        actions.record_assessment(
            incubation=incubation, by=incubator_manager, points=full_points(base)
        )
    assert refused.value.reasons == ["筹备团队尚未完成登记注册，不能出壳：请先关联登记后的社会组织"]
    assert incubation.assessments.filter(stage="final").count() == 0  # nothing recorded
    incubation.refresh_from_db()
    assert incubation.state == "final"
    actions.link_registration(incubation=incubation, by=team_lead, code=make_uscc())
    _a, incubation = actions.record_assessment(
        incubation=incubation, by=incubator_manager, points=full_points(base)
    )
    assert incubation.state == "graduated"


# --- Is this organization incubated? -----------------------------------------------------------


def _graduate(incubation, manager):
    incubation = move(incubation, "start_midterm", by=manager)
    _a, incubation = actions.record_assessment(
        incubation=incubation, by=manager, points=full_points(incubation.base)
    )
    incubation = move(incubation, "start_final", by=manager)
    _a, incubation = actions.record_assessment(
        incubation=incubation, by=manager, points=full_points(incubation.base)
    )
    return incubation


def test_is_incubated_while_incubating_and_after_graduation(
    base, org_a, owner, incubator_manager, freeze
):
    freeze(D(2025, 3, 3))
    incubation = incubating(
        org_application(base, org_a, owner), manager=incubator_manager, applicant=owner
    )
    assert not is_incubated(org_a, D(2025, 3, 2))
    assert is_incubated(org_a, D(2025, 3, 3))
    freeze(D(2026, 3, 10))
    incubation = _graduate(incubation, incubator_manager)
    assert (incubation.state, incubation.graduated_on) == ("graduated", D(2026, 3, 10))
    assert is_incubated(org_a, D(2027, 1, 1))
    assert is_incubated(org_a, datetime.datetime(2027, 1, 1, 12, tzinfo=datetime.UTC))


def test_is_incubated_ends_with_an_exit(base, org_a, owner, incubator_manager, freeze):
    freeze(D(2025, 3, 3))
    incubation = incubating(
        org_application(base, org_a, owner), manager=incubator_manager, applicant=owner
    )
    freeze(D(2025, 6, 2))
    actions.exit_incubation(
        incubation=incubation,
        by=incubator_manager,
        exit_reason=ExitReason.CONDITIONS_UNMET,
        reason="未开展活动",
    )
    assert is_incubated(org_a, D(2025, 6, 1))
    assert not is_incubated(org_a, D(2025, 6, 2))
    assert not is_incubated(org_a, D(2026, 1, 1))


def test_not_incubated_when_rejected_or_only_applied(
    base, org_a, owner, org_b, outsider, incubator_manager
):
    move(org_application(base, org_a, owner), "submit", by=owner)
    rejected = move(org_application(base, org_b, outsider), "submit", by=outsider)
    move(rejected, "reject", by=incubator_manager, reason="不符合")
    today = datetime.date.today()
    assert not is_incubated(org_a, today)
    assert not is_incubated(org_b, today)
    assert not is_incubated(None, today)


def test_a_calls_eligibility_rule_recognises_an_incubated_organization(
    base, org_a, owner, incubator_manager, freeze
):
    # The rule asks the incubation records through the check GrantsConfig.ready() registers.
    from grants.eligibility import check_eligibility
    from tests.factories import CallFactory

    freeze(D(2025, 3, 3))
    call = CallFactory(min_grade=3, min_years_registered=3, admit_incubated=True)
    before = {f.rule for f in check_eligibility(org_a, call, D(2025, 3, 3))}
    assert {"min_grade", "years_registered"} <= before
    incubating(org_application(base, org_a, owner), manager=incubator_manager, applicant=owner)
    after = {f.rule for f in check_eligibility(org_a, call, D(2025, 3, 3))}
    assert not {"min_grade", "years_registered"} & after
    call.admit_incubated = False
    assert {"min_grade", "years_registered"} <= {
        f.rule for f in check_eligibility(org_a, call, D(2025, 3, 3))
    }
