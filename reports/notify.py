"""Mail about evaluations: who hears what, queued through core.notifications."""

from django.urls import reverse

from core.notifications import Message, notify
from orgs.models import MemberRole, Membership


def _agency_admin_emails(agency) -> list[str]:
    return list(
        Membership.objects.filter(organization=agency, role=MemberRole.ADMIN).values_list(
            "user__email", flat=True
        )
    )


def notify_commissioned(evaluations, *, agency) -> None:
    notify(
        Message.EVALUATION_COMMISSIONED,
        recipients=_agency_admin_emails(agency),
        context={
            "agency": agency.name,
            "projects": [e.project.name for e in evaluations],
            "stage": evaluations[0].get_stage_display() if evaluations else "",
            "due_on": evaluations[0].due_on if evaluations else None,
            "path": reverse("portal:evaluation_list"),
        },
    )


def notify_evaluation_state(evaluation, name, *, reason="") -> None:
    """Evaluators hear of a return or acceptance; nobody is mailed about their own move."""
    if name not in ("return_for_changes", "accept"):
        return
    recipients = list(evaluation.evaluators.values_list("email", flat=True))
    recipients += _agency_admin_emails(evaluation.agency)
    notify(
        Message.EVALUATION_STATE,
        recipients=recipients,
        context={
            "project": evaluation.project.name,
            "stage": evaluation.get_stage_display(),
            "state": evaluation.get_state_display(),
            "reason": reason,
            "grade": evaluation.grade,
            "path": reverse("portal:evaluation_detail", args=[evaluation.pk]),
        },
    )
