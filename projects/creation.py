"""A funded project is born from an award: `grants.signals.application_awarded` → `create_project`.

Idempotent: one project per application (a second signal, or two racing, finds the existing one).
"""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from core.audit import log_event
from projects.budget_adjustment import open_adjustment
from projects.models import FundedProject, ProjectBudgetLine, ProjectTerms
from projects.tranches import CENT, plan_from_shares

REQUESTED = "requested"  # grants.models.application_parts.FundingSource.REQUESTED


def terms_for(call) -> ProjectTerms:
    """The call's project terms, or unsaved defaults when staff have not set any."""
    try:
        return call.project_terms
    except ProjectTerms.DoesNotExist:
        return ProjectTerms(call=call)


def default_tranche_rows(terms: ProjectTerms) -> list[dict]:
    rows = [
        {
            "title": t.title,
            "share": t.share,
            "trigger": t.trigger,
            "working_days": t.working_days,
        }
        for t in (terms.tranche_templates.all() if terms.pk else [])
    ]
    if not rows:
        # No plan set for the call: one tranche on signing; staff adjust it before signing.
        rows = [
            {"title": str(_("全额拨付")), "share": Decimal("100"), "trigger": "agreement_signed"}
        ]
    return rows


def project_number(application) -> str:
    """Year of the call, call and application: unique without counting (no race)."""
    call = application.call
    year = call.created_at.year if call.created_at else ""
    return f"{year}-{call.pk:03d}-{application.pk:05d}"


def create_project(application, *, amount: Decimal, by=None) -> FundedProject:
    """The project of `application` (created now if it has none). Safe to call twice."""
    existing = FundedProject.objects.filter(application=application).first()
    if existing:
        return existing
    amount = Decimal(amount).quantize(CENT)
    terms = terms_for(application.call)
    try:
        with transaction.atomic():
            project = FundedProject.objects.create(
                application=application,
                organization=application.organization,
                call=application.call,
                number=project_number(application),
                name=application.project_name or str(application),
                amount=amount,
                public_summary=application.summary,
                activities_plan=application.activities,
                midterm_required=terms.midterm_required,
                created_by=by,
            )
            lines = application.budget_lines.filter(funding_source=REQUESTED).order_by("position")
            ProjectBudgetLine.objects.bulk_create(
                ProjectBudgetLine(
                    project=project,
                    position=i,
                    category=line.category,
                    item=line.item,
                    amount=line.amount,
                    original_amount=line.amount,
                )
                for i, line in enumerate(lines, start=1)
            )
            plan_from_shares(project, default_tranche_rows(terms))
            open_adjustment(project, by=by)
            log_event(project, user=by, summary=_("立项，生成资助项目"), amount=str(amount))
    except IntegrityError:
        # Two awards raced: the other one created it.
        return FundedProject.objects.get(application=application)
    return project


def on_application_awarded(sender, *, application, amount, by=None, **kwargs):
    create_project(application, amount=amount, by=by)
