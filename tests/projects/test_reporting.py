import datetime

import pytest
from django.core import mail

from projects.models import FundedProject, ProjectState, ReportKind, ReportState, TrancheState
from projects.reporting import mark_overdue, planned_reports

D = datetime.date


def test_monthly_schedule_crosses_the_year_end():
    rows = planned_reports([ReportKind.MONTHLY], D(2026, 11, 15), D(2027, 2, 14), 10)
    assert [(r["period_start"], r["period_end"], r["due_on"]) for r in rows] == [
        (D(2026, 11, 15), D(2026, 11, 30), D(2026, 12, 10)),
        (D(2026, 12, 1), D(2026, 12, 31), D(2027, 1, 10)),
        (D(2027, 1, 1), D(2027, 1, 31), D(2027, 2, 10)),
        (D(2027, 2, 1), D(2027, 2, 14), D(2027, 2, 24)),
    ]


def test_quarterly_schedule_with_midterm_and_final_crosses_the_year_end():
    kinds = [ReportKind.QUARTERLY, ReportKind.MIDTERM, ReportKind.FINAL]
    rows = planned_reports(kinds, D(2026, 11, 1), D(2027, 8, 31), 15)
    assert [(r["kind"], r["period_start"], r["period_end"], r["due_on"]) for r in rows] == [
        ("quarterly", D(2026, 11, 1), D(2026, 12, 31), D(2027, 1, 15)),
        ("quarterly", D(2027, 1, 1), D(2027, 3, 31), D(2027, 4, 15)),
        # Half-way through 303 days: 151 days after the start.
        ("midterm", D(2026, 11, 1), D(2027, 4, 1), D(2027, 4, 16)),
        ("quarterly", D(2027, 4, 1), D(2027, 6, 30), D(2027, 7, 15)),
        # The last quarter (07-01..08-31) ends with the project: the final report covers it.
        ("final", D(2026, 11, 1), D(2027, 8, 31), D(2027, 9, 15)),
    ]


@pytest.mark.django_db
def test_confirming_the_agreement_creates_the_due_reports(running):
    reports = list(running.reports.order_by("due_on", "kind"))
    assert [(r.title, r.due_on) for r in reports] == [
        ("2026年第1季度报告", D(2026, 4, 10)),
        ("2026年第2季度报告", D(2026, 7, 10)),
        ("中期报告", D(2026, 8, 10)),
        ("2026年第3季度报告", D(2026, 10, 10)),
        ("结项报告", D(2027, 1, 10)),
    ]
    assert {r.state for r in reports} == {ReportState.DUE}


@pytest.mark.django_db
def test_overdue_marking_is_idempotent_and_midterm_late_counts_as_fail(running, staff):
    mail.outbox.clear()
    done = mark_overdue(today=D(2026, 8, 11))
    assert sorted(r.title for r in done) == ["2026年第1季度报告", "2026年第2季度报告", "中期报告"]
    assert mark_overdue(today=D(2026, 8, 11)) == []  # a second run changes nothing
    assert running.reports.filter(state=ReportState.OVERDUE).count() == 3
    project = FundedProject.objects.get(pk=running.pk)
    assert project.state == ProjectState.SUSPENDED
    assert project.midterm_passed is False
    assert set(project.tranches.values_list("state", flat=True)) >= {TrancheState.SUSPENDED}


@pytest.mark.django_db
def test_overdue_job_does_not_touch_reports_before_their_due_date(running):
    assert mark_overdue(today=D(2026, 4, 10)) == []  # due today: not late yet
    assert [r.title for r in mark_overdue(today=D(2026, 4, 11))] == ["2026年第1季度报告"]
    assert FundedProject.objects.get(pk=running.pk).state == ProjectState.IN_PROGRESS


@pytest.mark.django_db
def test_scheduler_runs_the_overdue_job(running, monkeypatch):
    from grants.schedule import run_due_transitions

    # The due-date check compares with today (2026-11-29 or later): every 2026 report but the
    # final one is past due.
    run_due_transitions()
    assert running.reports.filter(state=ReportState.OVERDUE).count() == 4
    run_due_transitions()
    assert running.reports.filter(state=ReportState.OVERDUE).count() == 4
    assert running.reports.get(kind="final").state == ReportState.DUE
