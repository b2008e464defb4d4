from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from core.audit import EVENT, TRANSITION, history
from core.workflow import TransitionRefused, perform_transition
from orgs.models import ProgrammeScope, Sanction, SanctionState
from orgs.sanctions import is_restricted


@pytest.fixture
def sanction(org_a, staff):
    return Sanction.objects.create(
        organization=org_a,
        reason="项目终止未退回资金",
        scope=ProgrammeScope.VENTURE,
        starts_on=date(2026, 1, 1),
        ends_on=date(2027, 12, 31),
        decision_ref="南民〔2026〕12号",
        created_by=staff,
    )


@pytest.mark.parametrize(
    ("day", "scope", "expected"),
    [
        (date(2025, 12, 31), ProgrammeScope.VENTURE, False),  # before it starts
        (date(2026, 1, 1), ProgrammeScope.VENTURE, True),  # first day
        (date(2027, 12, 31), ProgrammeScope.VENTURE, True),  # last day
        (date(2028, 1, 1), ProgrammeScope.VENTURE, False),  # after it ends
        (date(2026, 6, 1), ProgrammeScope.PURCHASE, False),  # other programme
    ],
)
def test_sanction_restricts_within_dates_and_scope(sanction, org_a, day, scope, expected):
    assert is_restricted(org_a, day, scope) is expected


def test_sanction_all_scope_restricts_every_programme(org_a, staff):
    Sanction.objects.create(
        organization=org_a,
        reason="严重失信",
        scope=ProgrammeScope.ALL,
        starts_on=date(2026, 1, 1),
        decision_ref="南民〔2026〕13号",
    )
    for scope in (ProgrammeScope.VENTURE, ProgrammeScope.PURCHASE, ProgrammeScope.INCUBATION):
        assert is_restricted(org_a, date(2030, 1, 1), scope)


def test_sanction_lifted_no_longer_restricts(sanction, org_a, staff):
    perform_transition(sanction, "lift", by=staff, reason="复核撤销")
    assert not is_restricted(org_a, date(2026, 6, 1), ProgrammeScope.VENTURE)


# --- lifting: the sanction's life cycle ---------------------------------------------------------


def test_lift_sets_time_and_reason_and_is_audited(sanction, org_a, staff):
    lifted = perform_transition(sanction, "lift", by=staff, reason="原决定已撤销")
    assert lifted.state == SanctionState.LIFTED
    assert lifted.lifted_at is not None and lifted.lifted_reason == "原决定已撤销"
    entry = history(lifted).get(action=TRANSITION)
    assert (entry.user, entry.data["transition"], entry.data["reason"]) == (
        staff,
        "lift",
        "原决定已撤销",
    )
    assert (entry.data["from_label"], entry.data["to_label"]) == ("未解除", "已解除")
    org_entry = history(org_a).get(action=EVENT)
    assert org_entry.data["summary"] == "解除限制措施：公益创投"


def test_lift_needs_a_reason(sanction, staff):
    with pytest.raises(TransitionRefused, match="请填写原因"):
        perform_transition(sanction, "lift", by=staff, reason="  ")
    sanction.refresh_from_db()
    assert sanction.state == SanctionState.IN_FORCE and sanction.lifted_at is None


def test_only_staff_may_lift(sanction, owner):
    with pytest.raises(PermissionDenied, match="只有民政工作人员"):
        perform_transition(sanction, "lift", by=owner, reason="自行解除")
    sanction.refresh_from_db()
    assert sanction.state == SanctionState.IN_FORCE
    assert not history(sanction).exists()


def test_lifted_sanction_cannot_be_lifted_again(sanction, staff):
    sanction = perform_transition(sanction, "lift", by=staff, reason="复核撤销")
    first = sanction.lifted_at
    with pytest.raises(TransitionRefused):
        perform_transition(sanction, "lift", by=staff, reason="再次")
    sanction.refresh_from_db()
    assert (sanction.lifted_at, sanction.lifted_reason) == (first, "复核撤销")


def test_sanction_other_org_unaffected(sanction, org_b):
    assert not is_restricted(org_b, date(2026, 6, 1), ProgrammeScope.VENTURE)
