"""Projects at risk, for the staff dashboard: overdue reports, under-spending against elapsed time,
over-spent budget lines, and what is due this week."""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from projects import indicators
from projects.models import FundedProject, ProgressReport, ReportState, TrancheState
from projects.models.states import RUNNING_STATES

# Flag under-spending when the execution rate trails the share of the period elapsed by more than
# this many percentage points (a display threshold of the dashboard, not a rule on anyone).
UNDERSPEND_GAP = Decimal("0.30")


def elapsed_share(project, today) -> Decimal | None:
    if not (project.starts_on and project.ends_on) or project.ends_on <= project.starts_on:
        return None
    total = (project.ends_on - project.starts_on).days
    done = min(max((today - project.starts_on).days, 0), total)
    return Decimal(done) / Decimal(total)


def project_risks(project, today=None) -> list[str]:
    today = today or timezone.localdate()
    risks = []
    overdue = sum(1 for r in project.reports.all() if r.days_overdue(today))
    if overdue:
        risks.append(_("%(n)d份报告逾期") % {"n": overdue})
    elapsed = elapsed_share(project, today)
    rate = indicators.budget_execution_rate(project)
    if elapsed is not None and rate is not None and elapsed - rate > UNDERSPEND_GAP:
        risks.append(
            _("预算执行率%(rate)s，时间已过%(elapsed)s")
            % {"rate": indicators.as_percent(rate), "elapsed": indicators.as_percent(elapsed)}
        )
    for line in indicators.line_indicators(project):
        if line.overspent:
            risks.append(_("“%(line)s”超支") % {"line": f"{line.category}·{line.item}"})
    return risks


def dashboard(today=None, *, user=None) -> dict:
    """What is due, late, waiting and at risk among the projects `user` sees (core.scoping)."""
    today = today or timezone.localdate()
    week_end = today + datetime.timedelta(days=7)
    open_states = (ReportState.DUE, ReportState.RETURNED)
    projects = FundedProject.objects.for_user(user)
    reports = ProgressReport.objects.for_user(user)
    running = list(
        projects.filter(state__in=RUNNING_STATES)
        .select_related("organization", "call")
        .prefetch_related("reports")
    )
    return {
        "today": today,
        "due_this_week": reports.filter(
            state__in=open_states, due_on__gte=today, due_on__lte=week_end
        )
        .select_related("project__organization")
        .order_by("due_on"),
        "late": reports.overdue(today).select_related("project__organization").order_by("due_on"),
        "to_review": reports.filter(state=ReportState.SUBMITTED)
        .select_related("project__organization")
        .order_by("submitted_at"),
        "payable": projects.filter(tranches__state=TrancheState.PAYABLE)
        .select_related("organization")
        .distinct(),
        "awaiting_confirmation": projects.filter(
            agreement_state="uploaded", state="awaiting_agreement"
        ).select_related("organization"),
        "at_risk": [
            {"project": p, "risks": risks} for p in running if (risks := project_risks(p, today))
        ],
    }
