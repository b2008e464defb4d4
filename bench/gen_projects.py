"""Funded projects for the bench: per-call terms with a three-tranche plan, projects with a
confirmed agreement, budget lines, tranches and progress reports in states that match each
project's progress (bulk inserts; states written directly).

--scale 1 makes 3,000 projects: first the applications the review generator funded, then more
applications of other closed calls (earlier editions reviewed before the platform).
"""

import datetime
from decimal import Decimal

PROJECTS = 3_000
TRANCHES = (("首期", Decimal("50"), "agreement_signed"), ("中期", Decimal("30"), "midterm_passed"))
FINAL_TRANCHE = ("尾款", Decimal("20"), "final_passed")
BUDGET = (("人员费", "社工补贴", Decimal("0.5")), ("活动费", "探访与小组活动", Decimal("0.5")))
# (state, share of projects): most are under way or closed.
STATES = (
    ("in_progress", 0.35),
    ("midterm", 0.08),
    ("final_evaluation", 0.10),
    ("closed", 0.37),
    ("suspended", 0.03),
    ("terminated", 0.02),
    ("awaiting_agreement", 0.05),
)


def _pick_state(rng) -> str:
    x, acc = rng.random(), 0.0
    for state, share in STATES:
        acc += share
        if x < acc:
            return state
    return STATES[0][0]


def _funded_applications(target):
    """Applications to turn into projects: the funded ones, then more from closed calls."""
    from grants.models import Application, Call

    funded = list(
        Application.objects.filter(project_name__startswith="bench-", state="funded")
        .select_related("call")
        .order_by("pk")[:target]
    )
    for call in Call.objects.filter(title__startswith="bench-", state="closed").order_by("-pk"):
        if len(funded) >= target:
            break
        more = list(
            Application.objects.filter(call=call)
            .exclude(state="draft")
            .select_related("call")
            .order_by("pk")[: min(40, target - len(funded))]
        )
        Application.objects.filter(pk__in=[a.pk for a in more]).update(state="funded")
        Call.objects.filter(pk=call.pk).update(state="decided")
        funded += more
    return funded


def _terms(calls):
    from projects.models import ProjectTerms, TrancheTemplate

    terms = ProjectTerms.objects.bulk_create([ProjectTerms(call=c) for c in calls])
    TrancheTemplate.objects.bulk_create(
        [
            TrancheTemplate(terms=t, sort_order=k, title=title, share=share, trigger=trigger)
            for t in terms
            for k, (title, share, trigger) in enumerate((*TRANCHES, FINAL_TRANCHE))
        ]
    )


def _reports(project, state, today):
    """Quarterly reports over the period, a midterm and a final report, each in the state its
    due date and the project's progress give it."""
    from projects.models import ProgressReport

    done = state in ("closed", "final_evaluation")
    rows, start = [], project.starts_on
    for q in range(3):
        end = start + datetime.timedelta(days=90 * (q + 1) - 1)
        rows.append(("quarterly", start + datetime.timedelta(days=90 * q), end))
    rows.append(("midterm", start, start + datetime.timedelta(days=150)))
    rows.append(("final", start, project.ends_on))
    made = []
    for kind, first, last in rows:
        due = last + datetime.timedelta(days=10)
        if done or (due < today and kind != "final"):
            report_state, submitted = "approved", True
        elif due < today:
            report_state, submitted = "overdue", False
        else:
            report_state, submitted = "due", False
        when = datetime.datetime.combine(due, datetime.time(9), tzinfo=datetime.UTC)
        made.append(
            ProgressReport(
                project=project,
                kind=kind,
                state=report_state,
                period_start=first,
                period_end=last,
                due_on=due,
                summary="本期开展入户探访和互助小组活动，服务对象满意。" if submitted else "",
                beneficiaries_reached=120 if submitted else 0,
                submitted_at=when if submitted else None,
                reviewed_at=when + datetime.timedelta(days=3) if submitted else None,
            )
        )
    return made


def generate(scale, rng):
    """EXTRA_GENERATORS entry: projects with agreement, budget, tranches and reports."""
    from django.utils import timezone

    from projects.models import (
        FundedProject,
        ProgressReport,
        ProjectBudgetLine,
        ReportActivity,
        Tranche,
    )

    target = int(PROJECTS * scale)
    applications = _funded_applications(target)
    _terms({a.call_id: a.call for a in applications}.values())
    today = timezone.localdate()
    projects = []
    for a in applications:
        state = _pick_state(rng)
        starts = today - datetime.timedelta(days=rng.randint(30, 600))
        signed = state != "awaiting_agreement"
        confirmed = timezone.make_aware(datetime.datetime.combine(starts, datetime.time(10)))
        projects.append(
            FundedProject(
                application=a,
                organization_id=a.organization_id,
                call=a.call,
                number=f"bench-{a.call_id:03d}-{a.pk:05d}",
                name=a.project_name,
                amount=min(a.amount_requested, a.call.per_project_cap),
                starts_on=starts if signed else None,
                ends_on=starts + datetime.timedelta(days=300) if signed else None,
                public_summary=a.summary,
                state=state,
                agreement_state="confirmed" if signed else "generated",
                agreement_confirmed_at=confirmed if signed else None,
                midterm_passed=True if state in ("final_evaluation", "closed") else None,
                closed_at=confirmed + datetime.timedelta(days=310) if state == "closed" else None,
                terminated_at=confirmed + datetime.timedelta(days=100)
                if state == "terminated"
                else None,
            )
        )
    projects = FundedProject.objects.bulk_create(projects, batch_size=2000)
    ProjectBudgetLine.objects.bulk_create(
        [
            ProjectBudgetLine(
                project=p,
                position=k + 1,
                category=cat,
                item=item,
                amount=p.amount * share,
                original_amount=p.amount * share,
            )
            for p in projects
            for k, (cat, item, share) in enumerate(BUDGET)
        ],
        batch_size=5000,
    )
    tranches, reports = [], []
    for p in projects:
        paid = {
            "agreement_signed": p.state != "awaiting_agreement",
            "midterm_passed": bool(p.midterm_passed),
            "final_passed": p.state == "closed",
        }
        for k, (title, share, trigger) in enumerate((*TRANCHES, FINAL_TRANCHE)):
            if p.state == "terminated" and not paid[trigger]:
                state = "cancelled"
            else:
                state = "paid" if paid[trigger] else "not_due"
            tranches.append(
                Tranche(
                    project=p,
                    position=k + 1,
                    title=title,
                    amount=(p.amount * share / 100).quantize(Decimal("0.01")),
                    trigger=trigger,
                    state=state,
                    paid_on=p.starts_on if state == "paid" else None,
                    voucher_number=f"PZ{p.pk:06d}{k}" if state == "paid" else "",
                )
            )
        if p.starts_on:
            reports += _reports(p, p.state, today)
    Tranche.objects.bulk_create(tranches, batch_size=5000)
    reports = ProgressReport.objects.bulk_create(reports, batch_size=5000)
    ReportActivity.objects.bulk_create(
        [
            ReportActivity(
                report=r,
                held_on=r.period_end - datetime.timedelta(days=20),
                place="南头街道长者服务站",
                participants=40,
                description="长者互助小组活动，共开展四节。",
            )
            for r in reports
            if r.state == "approved"
        ],
        batch_size=5000,
    )
    return [
        ("funded projects", len(projects)),
        ("tranches", len(tranches)),
        ("progress reports", len(reports)),
    ]
