"""E-mails about needs: progress to whoever raised the need, offers to the owning organization."""

from django.urls import reverse

from core.notifications import Message, notify


def _actor(by) -> str:
    if by is None or not getattr(by, "is_authenticated", False):
        return ""
    return getattr(by, "real_name", "") or by.get_username()


def need_state_changed(need, *, name, by, reason) -> None:
    """Tell the owning organization's members (or the public submitter) what happened."""
    if name == "submit" and need.organization_id is None:
        return  # the public form already tells the person on screen
    path = (
        reverse("portal:need_detail", args=[need.pk])
        if need.organization_id
        else (reverse("needs_public:detail", args=[need.pk]) if need.is_public else "")
    )
    notify(
        Message.NEED_STATE,
        recipients=need.owner_emails(),
        context={
            "title": need.title,
            "state_label": str(need.get_state_display()),
            "reason": reason,
            "actor": _actor(by),
            "call_title": need.call.title if need.call_id else "",
            "path": path,
        },
    )


def interest_received(interest) -> None:
    need = interest.need
    if not need.organization_id:
        return  # public needs: staff follow up, the submitter has no account to see offers
    notify(
        Message.NEED_INTEREST,
        recipients=need.organization.member_emails(),
        context={
            "title": need.title,
            "org_name": interest.organization.name,
            "path": reverse("portal:need_detail", args=[need.pk]),
        },
    )
