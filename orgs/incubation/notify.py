"""Who hears about each move of an incubation: the base's managers, or the applicant side."""

from django.utils.translation import gettext as _

from core.notifications import Message, notify

# Moves made by the applicant are for the base to act on; every other move is news for the team.
_TO_BASE = {"submit", "withdraw"}


def team_emails(incubation) -> list[str]:
    emails = [incubation.applicant.email]
    if incubation.organization_id:
        emails += incubation.organization.member_emails()
    return emails


def incubation_state_changed(incubation, *, name, by, reason):
    base = incubation.base
    recipients = base.manager_emails() if name in _TO_BASE else team_emails(incubation)
    notify(
        Message.TRANSITION,
        recipients=recipients,
        context={
            "object_label": incubation.display_name,
            "kind_label": _("%(base)s入驻孵化") % {"base": base.name},
            "state_label": incubation.get_state_display(),
            "reason": reason,
            "actor": str(by) if by else "",
            "path": f"/portal/incubation/{incubation.pk}/",
        },
    )
