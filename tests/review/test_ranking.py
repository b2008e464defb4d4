"""The ranking: computed in the database by the stated rule (trimmed mean, half-up, ties)."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grants.models import Application
from review.draw import draw_panel
from review.models import AssignmentState, ReviewAssignment, ScoringRule
from review.ranking import final_score, ranking
from tests.review.conftest import make_reviewing_call

pytestmark = pytest.mark.django_db


def set_totals(application, totals):
    """Submitted totals for the application's first len(totals) assignments; others withdrawn."""
    rows = list(application.review_assignments.order_by("pk"))
    for row, total in zip(rows, totals, strict=False):
        ReviewAssignment.objects.filter(pk=row.pk).update(
            state=AssignmentState.SUBMITTED, total=total, total_halves=int(Decimal(total) * 2)
        )
    for row in rows[len(totals) :]:
        ReviewAssignment.objects.filter(pk=row.pk).update(
            state=AssignmentState.WITHDRAWN, total=None, total_halves=None
        )


@pytest.fixture
def reviewing(staff, experts):
    call, apps = make_reviewing_call(staff, n=3)
    draw_panel(call=call, by=staff, size=7, seed=1)
    return call, apps


def by_app(call):
    return {row.application.pk: row for row in ranking(call)}


def test_trimmed_mean_with_exactly_the_threshold(reviewing):
    call, apps = reviewing
    set_totals(apps[0], ["80", "85", "90", "70", "95"])  # 5 = threshold: drop 95 and 70
    set_totals(apps[1], ["80", "85", "90", "70"])  # 4 < 5: plain mean
    rows = by_app(call)
    assert rows[apps[0].pk].final == Decimal("85.00")
    assert rows[apps[0].pk].trimmed is True
    assert rows[apps[0].pk].plain == Decimal("84.00")
    assert rows[apps[1].pk].final == Decimal("81.25")
    assert rows[apps[1].pk].trimmed is False


def test_plain_mean_rule_never_trims(reviewing):
    call, apps = reviewing
    plan = call.review_plan
    # Arithmetic only: the rule is written straight to the database, past the freeze of
    # 开始评审 (which tests/review/test_integrity.py covers).
    type(plan).objects.filter(pk=plan.pk).update(scoring_rule=ScoringRule.MEAN)
    plan.scoring_rule = ScoringRule.MEAN
    set_totals(apps[0], ["80", "85", "90", "70", "95"])
    assert by_app(call)[apps[0].pk].final == Decimal("84.00")


def test_rounding_is_half_up_with_halves(reviewing):
    call, apps = reviewing
    set_totals(apps[0], ["80.5", "80", "80", "80"])  # 80.125 → 80.13 (banker's would say 80.12)
    set_totals(apps[1], ["85.5", "85", "85"])  # 85.1666… → 85.17
    set_totals(apps[2], ["70.5", "70", "70", "70.5", "70", "70.5", "70"])  # trimmed: 70.2 → 70.20
    rows = by_app(call)
    assert rows[apps[0].pk].final == Decimal("80.13")
    assert rows[apps[1].pk].final == Decimal("85.17")
    assert rows[apps[2].pk].final == Decimal("70.20")


def test_ties_broken_by_plain_mean_then_first_submission(reviewing):
    call, apps = reviewing
    # Same trimmed mean 80; apps[1] has the higher plain mean → ranks first.
    set_totals(apps[0], ["80", "80", "80", "70", "90"])
    set_totals(apps[1], ["80", "80", "80", "70", "95"])
    # apps[2]: same final and plain mean as apps[0] but submitted earlier → ahead of apps[0].
    set_totals(apps[2], ["80", "80", "80", "70", "90"])
    moment = datetime.datetime(2025, 5, 6, 9, tzinfo=datetime.UTC)
    Application.objects.filter(call=call).update(first_submitted_at=moment)
    Application.objects.filter(pk=apps[2].pk).update(
        first_submitted_at=moment - datetime.timedelta(hours=1)
    )
    rows = ranking(call)
    assert [r.application.pk for r in rows] == [apps[1].pk, apps[2].pk, apps[0].pk]
    assert [r.position for r in rows] == [1, 2, 3]
    assert all(r.final == Decimal("80.00") for r in rows)
    assert all(r.tied for r in rows)


def test_spread_warning_and_z_scores(reviewing):
    call, apps = reviewing
    set_totals(apps[0], ["95", "60", "80"])  # spread 35 > 20
    set_totals(apps[1], ["85", "80", "82"])
    set_totals(apps[2], ["70", "75", "72"])
    rows = by_app(call)
    assert rows[apps[0].pk].spread_warning is True
    assert rows[apps[0].pk].spread == Decimal("35.0")
    assert rows[apps[1].pk].spread_warning is False
    assert rows[apps[1].pk].z > 0 > rows[apps[2].pk].z
    # Every expert scored all three, so each expert's z-scores, and their means, sum to zero.
    assert sum(row.z for row in rows.values()) == pytest.approx(0, abs=1e-9)
    # The i-th sheet of each application is the i-th expert's: (85 − 83.33)/10.27,
    # (80 − 71.67)/8.50 and (82 − 78)/4.32 (population SDs), averaged.
    assert rows[apps[1].pk].z == pytest.approx(0.68954, abs=1e-4)


def test_ranking_query_count_constant(staff, experts, django_assert_num_queries):
    call, apps = make_reviewing_call(staff, n=2)
    draw_panel(call=call, by=staff, size=5, seed=4)
    for a in apps:
        set_totals(a, ["80", "81", "82"])
    ranking(call)  # warm the plan
    with django_assert_num_queries(3):
        small = ranking(call)
    more = make_more(call, staff, 6)
    with django_assert_num_queries(3):
        large = ranking(call)
    assert len(small) == 2 and len(large) == 2 + more


def make_more(call, staff, n):
    from core.workflow import perform_transition
    from review.models import Panel
    from tests.factories import ApplicationFactory
    from tests.review.conftest import force_state

    panel = Panel.objects.filter(call=call).first()
    member = panel.members.first()
    for i in range(n):
        a = ApplicationFactory(call=call, project_name=f"追加{i}", complete=True)
        force_state(a, "screening_passed")
        perform_transition(a, "start_review", by=staff)
        ReviewAssignment.objects.create(
            member=member,
            expert=member.expert,
            application=a,
        )
        set_totals(a, ["70"])
    return n


@pytest.fixture
def one_application(staff, experts):
    call, apps = make_reviewing_call(staff, n=1)
    draw_panel(call=call, by=staff, size=7, seed=9)
    return call, apps[0]


halves = st.integers(min_value=0, max_value=200).map(lambda h: Decimal(h) / 2)


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(totals=st.lists(halves, min_size=1, max_size=7), threshold=st.integers(3, 7))
def test_property_final_between_lowest_and_highest(one_application, totals, threshold):
    call, application = one_application
    plan = call.review_plan
    # Arithmetic only: past the freeze of 开始评审, as in test_plain_mean_rule_never_trims.
    type(plan).objects.filter(pk=plan.pk).update(trim_threshold=threshold)
    plan.trim_threshold = threshold
    set_totals(application, [str(t) for t in totals])
    (row,) = ranking(call)
    assert min(totals) <= row.final <= max(totals)
    assert row.final == final_score(totals, rule=plan.scoring_rule, threshold=threshold)
    assert Q  # the ranking is read from annotations (see test_ranking_query_count_constant)
