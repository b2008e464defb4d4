"""Who hears about what happens to an organization."""

from django.contrib.auth import get_user_model

from core.notifications import Message, notify
from orgs.roles import Role

# Who is told of each verification move: the organization's members, or the staff reviewing it.
_TO_STAFF = {"submit"}


def staff_emails() -> list[str]:
    users = get_user_model().objects.filter(groups__name=Role.STAFF.value, is_active=True)
    return list(users.values_list("email", flat=True))


def organization_state_changed(org, *, name, by, reason):
    recipients = staff_emails() if name in _TO_STAFF else org.member_emails()
    notify(
        Message.TRANSITION,
        recipients=recipients,
        context={
            "object_label": org.name,
            "kind_label": "组织认证",
            "state_label": org.get_state_display(),
            "reason": reason,
            "actor": str(by) if by else "",
            "path": f"/portal/orgs/{org.pk}/",
        },
    )
