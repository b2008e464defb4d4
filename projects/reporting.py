"""The reporting plan: which reports a project owes and when (from the call's terms), and the
scheduled job that marks reports not submitted by their due date 逾期.

Periodic reports follow calendar months / quarters, clipped to the project period, so a project
from 2026-11-15 to 2027-02-14 owes a November report for 11-15..11-30 and a Q1 report for
2027-01-01..2027-02-14. A periodic report ending on the project's last day is not asked for when a
final report is: the final report covers it.
"""

import calendar
import datetime
import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.inbox import site_url
from core.notifications import Message, notify
from core.sms import text_after_commit
from core.workflow import TransitionRefused, perform_transition
from projects.models import ProgressReport, ReportKind, ReportState

logger = logging.getLogger(__name__)

OVERDUE_REASON = _("报告到期未提交，由系统自动标记逾期")
MIDTERM_LATE_REASON = _("中期报告逾期未提交，按中期评估未通过处理")


def add_months(d: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day when it has no such day)."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    day = min(d.day, calendar.monthrange(year, month + 1)[1])
    return datetime.date(year, month + 1, day)


def _month_end(d: datetime.date) -> datetime.date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def _quarter_end(d: datetime.date) -> datetime.date:
    last_month = ((d.month - 1) // 3 + 1) * 3
    return _month_end(d.replace(month=last_month, day=1))


def _periods(start, end, period_end_of):
    cursor = start
    while cursor <= end:
        stop = min(period_end_of(cursor), end)
        yield cursor, stop
        cursor = stop + datetime.timedelta(days=1)


def planned_reports(kinds, start, end, due_days: int) -> list[dict]:
    """(kind, period_start, period_end, due_on) of every report owed over start..end."""
    due = datetime.timedelta(days=due_days)
    rows = []
    periodic = {ReportKind.MONTHLY: _month_end, ReportKind.QUARTERLY: _quarter_end}
    for kind, period_end_of in periodic.items():
        if kind not in kinds:
            continue
        for a, b in _periods(start, end, period_end_of):
            if b == end and ReportKind.FINAL in kinds:
                continue
            rows.append({"kind": kind, "period_start": a, "period_end": b, "due_on": b + due})
    if ReportKind.MIDTERM in kinds:
        middle = start + (end - start) / 2
        rows.append(
            {
                "kind": ReportKind.MIDTERM,
                "period_start": start,
                "period_end": middle,
                "due_on": middle + due,
            }
        )
    if ReportKind.FINAL in kinds:
        rows.append(
            {
                "kind": ReportKind.FINAL,
                "period_start": start,
                "period_end": end,
                "due_on": end + due,
            }
        )
    return sorted(rows, key=lambda r: (r["due_on"], r["kind"]))


def generate_reports(project) -> list[ProgressReport]:
    """Create the reports `project` owes (idempotent). Reports not yet worked on that fall outside
    a changed period are removed; submitted ones are kept."""
    from projects.creation import terms_for

    if not (project.starts_on and project.ends_on):
        return []
    terms = terms_for(project.call)
    rows = planned_reports(
        terms.report_kinds(), project.starts_on, project.ends_on, terms.report_due_days
    )
    wanted = {(r["kind"], r["period_end"]) for r in rows}
    with transaction.atomic():
        for report in project.reports.filter(state=ReportState.DUE):
            if (report.kind, report.period_end) not in wanted and not report.activities.exists():
                report.delete()
        made = []
        for row in rows:
            report, _created = ProgressReport.objects.get_or_create(
                project=project,
                kind=row["kind"],
                period_end=row["period_end"],
                defaults={"period_start": row["period_start"], "due_on": row["due_on"]},
            )
            made.append(report)
    return made


def mark_overdue(today=None) -> list[ProgressReport]:
    """The scheduled job: every report still 待提交 after its due date becomes 逾期 (idempotent:
    a second run finds nothing 待提交 and past due). Overdue mid-term material counts as a failed
    mid-term evaluation. Staff get one message listing the newly overdue reports; each project's
    applicant gets one text naming its newly overdue reports (after commit)."""
    from projects.evaluation import record_evaluation_result
    from projects.models.states import RUNNING_STATES

    today = today or timezone.localdate()
    candidates = (
        ProgressReport.objects.filter(state=ReportState.DUE, due_on__lt=today)
        .select_related("project", "project__organization", "project__application__organization")
        .order_by("due_on", "pk")
    )
    done = []
    for report in candidates:
        try:
            report = perform_transition(report, "mark_overdue", by=None, reason=str(OVERDUE_REASON))
        except TransitionRefused as refused:
            logger.warning("Report %s not marked overdue: %s", report.pk, refused)
            continue
        done.append(report)
        project = report.project
        if (
            report.kind == ReportKind.MIDTERM
            and project.midterm_passed is None
            and project.state in RUNNING_STATES
        ):
            record_evaluation_result(
                project,
                stage="midterm",
                passed=False,
                grade="",
                by=None,
                reason=str(MIDTERM_LATE_REASON),
            )
    text_overdue(done)
    if done:
        from orgs.notify import staff_emails

        notify(
            Message.PROJECT_REPORTS_OVERDUE,
            recipients=staff_emails(),
            context={
                "count": len(done),
                "reports": [
                    {
                        "project": r.project.name,
                        "organization": r.project.organization.name,
                        "title": r.title,
                        "due": r.due_on.isoformat(),
                    }
                    for r in done
                ],
                "path": "/admin/projects/dashboard/",
            },
        )
    return done


def text_overdue(reports) -> None:
    """One SMS per project listing its newly overdue reports, to the applicant's mobile."""
    from grants.notify import applicant_mobile

    by_project = {}
    for report in reports:
        by_project.setdefault(report.project, []).append(report)
    for project, overdue in by_project.items():
        phone = applicant_mobile(project.application)
        if not phone:
            continue
        text = _(
            "【公益资助平台】贵单位资助项目《%(project)s》的%(titles)s已逾期未提交，"
            "请尽快登录平台提交：%(link)s"
        ) % {
            "project": project.name,
            "titles": "、".join(r.title for r in overdue[:5]) + ("等" if len(overdue) > 5 else ""),
            "link": site_url() + reverse("portal:project_detail", args=[project.pk]),
        }
        text_after_commit(phone, str(text))


def run_scheduled() -> None:
    """Everything time-driven in projects: overdue reports and tranches falling due by date."""
    from projects.models import FundedProject, TrancheState, TrancheTrigger
    from projects.models.states import RUNNING_STATES
    from projects.tranches import release

    mark_overdue()
    today = timezone.localdate()
    due = FundedProject.objects.filter(
        state__in=RUNNING_STATES,
        tranches__state=TrancheState.NOT_DUE,
        tranches__trigger=TrancheTrigger.DATE,
        tranches__trigger_date__lte=today,
    ).distinct()
    for project in due:
        release(project, TrancheTrigger.DATE, by=None, today=today)


def scheduled_job(now) -> list:
    """Entry in `grants.schedule.EXTRA_JOBS`: no call transitions of its own to report."""
    run_scheduled()
    return []
