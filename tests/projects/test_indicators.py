import datetime
from decimal import Decimal

import pytest

from core.workflow import perform_transition
from projects.entry import save_report
from projects.indicators import (
    as_percent,
    budget_execution_rate,
    budget_line_execution_rate,
    funds_arrival_rate,
    line_indicators,
)
from projects.tranches import record_payment
from tests.projects.conftest import on_day

pytestmark = pytest.mark.django_db


def report_spending(project, *, owner, staff, activities, amounts, approve=True):
    report = project.reports.order_by("due_on").first()
    lines = list(project.budget_lines.order_by("position"))
    save_report(
        report,
        by=owner,
        summary="本期完成探访",
        beneficiaries_reached=120,
        problems="",
        activities=activities,
        spending=dict(zip(lines, amounts, strict=True)),
    )
    report = perform_transition(report, "submit", by=owner)
    if approve:
        report = perform_transition(report, "approve", by=staff)
    return report


ACTIVITY = [
    {
        "held_on": datetime.date(2026, 3, 15),
        "place": "红花园社区党群服务中心",
        "participants": 40,
        "description": "长者探访与健康讲座",
    }
]


def test_funds_arrival_rate_counts_paid_tranches_only(running, staff):
    assert funds_arrival_rate(running) == Decimal("0.0000")
    first = running.tranches.get(position=1)  # 40 000 of 100 000
    with on_day(datetime.date(2026, 3, 10)):
        record_payment(first, paid_on=datetime.date(2026, 3, 10), voucher_number="记-031", by=staff)
    assert funds_arrival_rate(running) == Decimal("0.4000")
    assert as_percent(funds_arrival_rate(running)) == "40.00%"


def test_budget_execution_rate_per_project_and_line(running, owner, staff):
    # Budget: 活动费 60 000, 人员费 40 000. Approved spending: 45 000 and 2 500.
    report_spending(
        running,
        owner=owner,
        staff=staff,
        activities=ACTIVITY,
        amounts=[Decimal("45000.00"), Decimal("2500.00")],
    )
    assert budget_execution_rate(running) == Decimal("0.4750")
    rows = {r.category: r for r in line_indicators(running)}
    assert rows["活动费"].execution_rate == Decimal("0.7500")
    assert rows["人员费"].execution_rate == Decimal("0.0625")
    line = running.budget_lines.get(category="人员费")
    assert budget_line_execution_rate(line) == Decimal("0.0625")


def test_spending_of_unapproved_reports_is_not_counted(running, owner, staff):
    report_spending(
        running,
        owner=owner,
        staff=staff,
        activities=ACTIVITY,
        amounts=[Decimal("1000.00"), Decimal("0")],
        approve=False,
    )
    assert budget_execution_rate(running) == Decimal("0.0000")


def test_rates_are_none_without_a_denominator(running):
    running.budget_lines.all().delete()
    assert budget_execution_rate(running) is None
    assert as_percent(None) == "—"


def test_report_approval_releases_a_report_triggered_tranche(running, owner, staff):
    from projects.models import TrancheState
    from projects.tranches import replace_plan

    running.tranches.all().delete()
    replace_plan(
        running,
        [
            {"amount": Decimal("70000.00"), "trigger": "agreement_signed"},
            {
                "amount": Decimal("30000.00"),
                "trigger": "report_approved",
                "trigger_report_kind": "quarterly",
            },
        ],
    )
    report_spending(
        running, owner=owner, staff=staff, activities=ACTIVITY, amounts=[Decimal("1"), Decimal("0")]
    )
    assert running.tranches.get(position=2).state == TrancheState.PAYABLE
