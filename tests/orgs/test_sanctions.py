from datetime import date

import pytest

from orgs.models import ProgrammeScope, Sanction
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


def test_sanction_lifted_no_longer_restricts(sanction, org_a):
    from django.utils import timezone

    sanction.lifted_at = timezone.now()
    sanction.lifted_reason = "复核撤销"
    sanction.save()
    assert not is_restricted(org_a, date(2026, 6, 1), ProgrammeScope.VENTURE)


def test_sanction_other_org_unaffected(sanction, org_b):
    assert not is_restricted(org_b, date(2026, 6, 1), ProgrammeScope.VENTURE)
