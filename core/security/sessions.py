"""Absolute and idle session lifetimes, measured on the wall clock (time.time())."""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

SIGNED_IN_AT = "_security_signed_in_at"
LAST_SEEN_AT = "_security_last_seen_at"
TOUCH_EVERY = 60  # seconds: write the session at most once a minute just to record activity


def has_expired(session, *, idle_limit: int, now: float) -> bool:
    signed_in = session.get(SIGNED_IN_AT)
    if signed_in is not None and now - signed_in > settings.SESSION_COOKIE_AGE:
        return True
    seen = session.get(LAST_SEEN_AT)
    return bool(idle_limit) and seen is not None and now - seen > idle_limit


def touch(session, *, now: float) -> None:
    session.setdefault(SIGNED_IN_AT, now)
    seen = session.get(LAST_SEEN_AT)
    if seen is None or now - seen >= TOUCH_EVERY or now < seen:
        session[LAST_SEEN_AT] = now


@receiver(user_logged_in, dispatch_uid="core.security.sessions.stamp")
def stamp(sender, request, user, **kwargs):
    """A new sign-in starts a new lifetime, even when Django keeps the session's data."""
    session = getattr(request, "session", None)
    if session is not None:
        now = time.time()
        session[SIGNED_IN_AT] = now
        session[LAST_SEEN_AT] = now
