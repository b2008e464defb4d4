"""Messages in the platform (站内信): every notification kept for the people it was mailed to.

`keep(kind, addresses, …)` is called by `core.notifications.notify` inside the business
transaction (a rolled back change leaves no message); the mail itself still goes after commit.
Addresses map to active accounts in one query; an address without an account is mail-only.
Links are stored as site paths and printed after the configured site address (`site_url`), so
they follow `BASE_URL` when it changes.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.functions import Lower
from django.utils import timezone

from core.models import InboxMessage

_CACHE_ATTR = "_inbox_unread_count"


def site_url() -> str:
    """The configured site address without a trailing slash (`BASE_URL`)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute_url(link: str) -> str:
    """`link` as an address to print: a site path gets the site address in front; an absolute
    http(s) address is kept; anything else (empty, "javascript:", a relative path) gives ""."""
    link = (link or "").strip()
    if link.startswith("/") and not link.startswith("//"):
        return site_url() + link
    if link.startswith(("https://", "http://")):
        return link
    return ""


def accounts_for(addresses) -> list:
    """The active accounts holding these e-mail addresses (case ignored), in one query."""
    wanted = {a.strip().lower() for a in addresses if a and a.strip()}
    if not wanted:
        return []
    User = get_user_model()
    return list(
        User.objects.annotate(_address=Lower(User.get_email_field_name()))
        .filter(_address__in=wanted, is_active=True)
        .only("pk")
    )


def keep(kind: str, addresses, *, subject: str, body: str, link: str = "") -> list[InboxMessage]:
    """One message per account among `addresses` (one insert for all)."""
    now = timezone.now()
    return InboxMessage.objects.bulk_create(
        InboxMessage(
            recipient=user, kind=kind, subject=subject, body=body, link=link, created_at=now
        )
        for user in accounts_for(addresses)
    )


def messages_of(user):
    return InboxMessage.objects.filter(recipient=user)


def unread_count(request) -> int:
    """The signed-in user's unread messages, counted once per request (header and menu badge)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    if not hasattr(request, _CACHE_ATTR):
        setattr(request, _CACHE_ATTR, messages_of(user).filter(read_at__isnull=True).count())
    return getattr(request, _CACHE_ATTR)


def forget_count(request) -> None:
    if hasattr(request, _CACHE_ATTR):
        delattr(request, _CACHE_ATTR)


def mark_read(message: InboxMessage) -> None:
    """Mark an opened message read (once: the first reading time is kept)."""
    if message.read_at is None:
        now = timezone.now()
        InboxMessage.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=now)
        message.read_at = now


def mark_all_read(user) -> int:
    return messages_of(user).filter(read_at__isnull=True).update(read_at=timezone.now())
