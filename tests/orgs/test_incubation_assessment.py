"""Assessments: scoring against the base's checklist, the pass mark, and the moves they make."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given
from hypothesis import strategies as st

from orgs.incubation import actions
from orgs.incubation.assessment import DEFAULT_CHECKLIST, score
from orgs.models import Assessment, AssessmentItem
from orgs.models.incubation.states import ExitReason
from tests.orgs.incubation_support import (
    full_points,
    incubating,
    move,
    org_application,
    transitions_logged,
)

pytest_plugins = ["tests.orgs.incubation_fixtures"]

D = datetime.date


class Item:
    def __init__(self, pk, max_points):
        self.pk, self.name, self.max_points = pk, f"项目{pk}", Decimal(max_points)


def test_new_base_gets_the_default_checklist(base):
    items = [(i.name, i.max_points) for i in base.checklist.all()]
    assert items == DEFAULT_CHECKLIST
    assert sum(points for _name, points in items) == Decimal("100")
    assert base.pass_mark == Decimal("60")


@pytest.mark.parametrize(
    ("points", "passed"),
    [
        ({1: "30", 2: "30"}, True),  # exactly the pass mark
        ({1: "30", 2: "29.5"}, False),  # half a point below
        ({1: "40", 2: "40"}, True),
        ({1: "0", 2: "0"}, False),
    ],
)
def test_pass_is_at_or_above_the_mark(points, passed):
    items = [Item(1, 40), Item(2, 40)]
    result = score(items, {k: Decimal(v) for k, v in points.items()}, Decimal("60"))
    assert result.passed is passed
    assert result.total == sum(Decimal(v) for v in points.values())
    assert result.max_total == Decimal("80")


@given(
    st.lists(st.integers(min_value=0, max_value=20), min_size=1, max_size=8),
    st.integers(min_value=0, max_value=160),
)
def test_score_passes_exactly_when_total_reaches_the_mark(values, mark):
    items = [Item(i, 20) for i in range(len(values))]
    result = score(items, {i: Decimal(v) for i, v in enumerate(values)}, Decimal(mark))
    assert result.total == sum(values)
    assert result.passed is (sum(values) >= mark)


def test_each_item_must_be_scored_within_its_maximum():
    items = [Item(1, 10), Item(2, 10)]
    with pytest.raises(ValidationError) as error:
        score(items, {1: Decimal("10.5")}, Decimal("10"))
    assert error.value.messages == ["“项目1”的得分须在0到10之间", "请为“项目2”打分"]


def points_totalling(base, total: Decimal) -> dict:
    """Scores filling the checklist in order until they add up to `total`."""
    points, left = {}, total
    for item in base.checklist.all():
        points[item.pk] = min(item.max_points, left)
        left -= points[item.pk]
    assert left == 0 and sum(points.values()) == total
    return points


def _midterm(base, org, applicant, manager):
    incubation = incubating(
        org_application(base, org, applicant), manager=manager, applicant=applicant
    )
    return move(incubation, "start_midterm", by=manager)


def test_midterm_pass_exactly_at_the_mark_continues_incubation(
    base, org_a, owner, incubator_manager
):
    incubation = _midterm(base, org_a, owner, incubator_manager)
    points = points_totalling(base, Decimal("60"))  # exactly the pass mark
    assessment, incubation = actions.record_assessment(
        incubation=incubation, by=incubator_manager, points=points, comments="基本达标"
    )
    assert (assessment.total, assessment.passed, assessment.stage) == (
        Decimal("60"),
        True,
        "midterm",
    )
    assert incubation.state == "incubating"
    assert incubation.midterm_passed_on is not None
    assert incubation.next_assessment_stage == "final"
    assert transitions_logged(incubation)[-1]["label"] == "中期评估通过"


def test_midterm_fail_half_a_point_below_the_mark_extends(
    base, org_a, owner, incubator_manager, freeze
):
    freeze(D(2025, 1, 6))
    incubation = _midterm(base, org_a, owner, incubator_manager)
    points = points_totalling(base, Decimal("59.5"))  # half a point below the mark
    assessment, incubation = actions.record_assessment(
        incubation=incubation,
        by=incubator_manager,
        points=points,
        on_fail="extend",
        new_end_on=D(2026, 6, 30),
        comments="内部治理薄弱",
    )
    assert (assessment.total, assessment.passed) == (Decimal("59.5"), False)
    assert (incubation.state, incubation.planned_end_on) == ("extended", D(2026, 6, 30))
    entry = transitions_logged(incubation)[-1]
    assert entry["label"] == "延期孵化"
    assert entry["reason"] == "录入中期评估结果：59.5分（合格分60.0），未通过；内部治理薄弱"


def test_failed_assessment_may_end_in_exit(base, org_a, owner, incubator_manager):
    incubation = _midterm(base, org_a, owner, incubator_manager)
    points = {pk: Decimal("0") for pk in full_points(base)}
    _assessment, incubation = actions.record_assessment(
        incubation=incubation,
        by=incubator_manager,
        points=points,
        on_fail="exit",
        exit_reason=ExitReason.CONDITIONS_UNMET,
    )
    assert (incubation.state, incubation.exit_reason) == ("exited", "conditions_unmet")
    assert incubation.space_return_due_on is not None


def test_failed_assessment_needs_the_managers_choice(base, org_a, owner, incubator_manager):
    incubation = _midterm(base, org_a, owner, incubator_manager)
    points = {pk: Decimal("0") for pk in full_points(base)}
    with pytest.raises(ValidationError, match="请选择延期孵化或退出孵化"):
        actions.record_assessment(incubation=incubation, by=incubator_manager, points=points)
    assert not Assessment.objects.exists()
    incubation.refresh_from_db()
    assert incubation.state == "midterm"


def test_graduation_assessment_pass_graduates(base, org_a, owner, incubator_manager, freeze):
    freeze(D(2025, 1, 6))
    incubation = _midterm(base, org_a, owner, incubator_manager)
    _a, incubation = actions.record_assessment(
        incubation=incubation, by=incubator_manager, points=full_points(base)
    )
    incubation = move(incubation, "start_final", by=incubator_manager)
    freeze(D(2026, 1, 9))
    assessment, incubation = actions.record_assessment(
        incubation=incubation, by=incubator_manager, points=full_points(base, minus=10)
    )
    assert (assessment.stage, assessment.total) == ("final", Decimal("90"))
    assert (incubation.state, incubation.graduated_on) == ("graduated", D(2026, 1, 9))
    assert incubation.next_assessment_due_on is None


def test_a_bases_own_checklist_and_pass_mark_are_used(base, org_a, owner, incubator_manager):
    base.checklist.all().delete()
    AssessmentItem.objects.create(
        base=base, name="服务成效", max_points=Decimal("50"), sort_order=0
    )
    AssessmentItem.objects.create(
        base=base, name="财务自立", max_points=Decimal("50"), sort_order=1
    )
    base.pass_mark = Decimal("80")
    base.save()
    incubation = _midterm(base, org_a, owner, incubator_manager)
    a, b = base.checklist.all()
    assessment, incubation = actions.record_assessment(
        incubation=incubation,
        by=incubator_manager,
        points={a.pk: Decimal("40"), b.pk: Decimal("39")},
        on_fail="extend",
        new_end_on=incubation.planned_end_on.replace(year=incubation.planned_end_on.year + 1),
    )
    assert assessment.scores == [
        {"name": "服务成效", "max": "50.0", "points": "40"},
        {"name": "财务自立", "max": "50.0", "points": "39"},
    ]
    assert (assessment.pass_mark, assessment.passed) == (Decimal("80"), False)
    base.checklist.all().update(max_points=Decimal("10"))  # a later change rewrites nothing
    assessment.refresh_from_db()
    assert assessment.scores[0]["max"] == "50.0"


@pytest.mark.parametrize("persona", ["other_manager", "owner", "team_lead"])
def test_only_the_base_records_assessments(request, base, org_a, owner, incubator_manager, persona):
    incubation = _midterm(base, org_a, owner, incubator_manager)
    with pytest.raises(PermissionDenied):
        actions.record_assessment(
            incubation=incubation, by=request.getfixturevalue(persona), points=full_points(base)
        )
    assert not Assessment.objects.exists()


def test_no_assessment_outside_an_assessment_stage(base, org_a, owner, incubator_manager):
    incubation = incubating(
        org_application(base, org_a, owner), manager=incubator_manager, applicant=owner
    )
    with pytest.raises(PermissionDenied, match="中期评估或出壳评估阶段"):
        actions.record_assessment(
            incubation=incubation, by=incubator_manager, points=full_points(base)
        )
