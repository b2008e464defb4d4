"""What the public may know about funded projects: for the plain public views, the incubation
pages (orgs) and the contract announcement (cms).

Only public facts leave here: organization, project name, public summary, amount, period, state,
milestones (which reports were approved, which tranches paid — dates only) and photos staff chose.
Never budget lines, spending, contacts, team members, review comments or internal reasons.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from core.formats import beijing_date
from core.money import figures
from projects.models import FundedProject, ReportState
from projects.models.states import PUBLIC_STATES


def public_projects():
    return FundedProject.objects.filter(state__in=PUBLIC_STATES).select_related(
        "organization", "call__department", "application__category"
    )


def organizations_shown():
    """Provider for `orgs.public_presence`: ids of organizations with a public project."""
    return FundedProject.objects.filter(state__in=PUBLIC_STATES).values("organization_id")


def project_year(project) -> int | None:
    if project.starts_on:
        return project.starts_on.year
    return project.created_at.year if project.created_at else None


# Apps above `projects` (the performance reports of `reports`) list the public documents of a
# project through this Wagtail hook: `fn(project) -> [{"title", "url"}]`.
PUBLIC_DOCUMENTS_HOOK = "project_public_documents"


def public_documents(project) -> list[dict]:
    """Public documents about `project` that other apps publish (e.g. performance reports)."""
    documents = []
    for fn in hooks.get_hooks(PUBLIC_DOCUMENTS_HOOK):
        documents.extend(fn(project) or [])
    return documents


def _incubation_entry(p) -> dict:
    return {
        "title": p.name,
        "year": project_year(p),
        "amount": p.amount,
        "state": str(p.get_state_display()),
        "url": reverse("projects_public:detail", args=[p.pk]),
    }


def funded_projects_of(org) -> list[dict]:
    """Provider for `orgs.incubation.public`: the organization's public funded projects."""
    return [_incubation_entry(p) for p in _of_organizations([org])]


def funded_projects_of_many(orgs) -> dict[int, list[dict]]:
    """The same for many organizations in one query: {org pk: entries}."""
    found: dict[int, list[dict]] = {}
    for p in _of_organizations(orgs):
        found.setdefault(p.organization_id, []).append(_incubation_entry(p))
    return found


def _of_organizations(orgs):
    return FundedProject.objects.filter(state__in=PUBLIC_STATES, organization__in=orgs).order_by(
        "-created_at"
    )


def milestones(project) -> list[dict]:
    """Public progress: signing, approved reports, evaluations, close-out (dates, labels)."""
    rows = []
    if project.agreement_confirmed_at:
        rows.append(
            {
                "date": beijing_date(project.agreement_confirmed_at),
                "label": _("%(title)s签订") % {"title": project.agreement_title},
            }
        )
    for report in project.reports.filter(state=ReportState.APPROVED).order_by("period_end"):
        rows.append(
            {
                "date": beijing_date(report.reviewed_at)
                if report.reviewed_at
                else report.period_end,
                "label": report.title,
            }
        )
    if project.midterm_passed and project.midterm_decided_at:
        rows.append({"date": beijing_date(project.midterm_decided_at), "label": _("中期评估通过")})
    if project.final_decided_at and project.final_grade:
        rows.append(
            {
                "date": beijing_date(project.final_decided_at),
                "label": _("终期评估：%(grade)s") % {"grade": project.final_grade},
            }
        )
    if project.closed_at:
        rows.append({"date": beijing_date(project.closed_at), "label": _("已结项")})
    return sorted(rows, key=lambda r: r["date"])


def contract_facts(project) -> dict:
    """What a purchase contract announcement publishes (docs/domain.md §6), from project data."""
    application = project.application
    return {
        "project_id": project.pk,
        "number": project.number or "",
        "title": project.name,
        "call_title": project.call.title,
        "purchaser": project.call.department.name,
        "provider": project.organization.name,
        "provider_uscc": project.organization.uscc or "",
        "amount": project.amount,
        "starts_on": project.starts_on,
        "ends_on": project.ends_on,
        "content": project.public_summary or application.summary,
        "quantity_quality": application.expected_outcomes,
        "settlement": "；".join(
            _("%(title)s%(amount)s元（%(trigger)s）")
            % {"title": t.title, "amount": figures(t.amount), "trigger": t.trigger_text()}
            for t in project.tranches.order_by("position")
        ),
        "signed_on": beijing_date(project.agreement_confirmed_at),
    }
