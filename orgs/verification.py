"""Proving that a person holds an account's e-mail address, and limiting account e-mails.

Registration sends a signed, expiring, single-use link: Django's password-reset token keyed on
the address and the verification time, so the link stops working once used, once the address
changes, and after PASSWORD_RESET_TIMEOUT. Until the link is opened the account may sign in but
not accept invitations or act for an organization (`orgs.permissions.verified_account`).

Every e-mail a stranger can make the platform send to an address (verification, "someone tried to
register with your address", password reset) is limited per target address and per client
address (`ACCOUNT_EMAILS_PER_TARGET` / `ACCOUNT_EMAILS_PER_CLIENT` an hour); beyond the limit
nothing is sent, the page answers as usual and the refusal is logged.
"""

import logging

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from core.audit import log_event
from core.notifications import Message, notify
from core.security import ratelimit
from core.security.lockout import normalize_login
from orgs.models import User

logger = logging.getLogger(__name__)

HOUR = 3600


class VerificationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "orgs.verification.VerificationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        verified = user.email_verified_at
        verified = "" if verified is None else verified.replace(microsecond=0, tzinfo=None)
        return f"{user.pk}{user.email}{verified}{timestamp}"


tokens = VerificationTokenGenerator()


def mail_allowed(request, address: str, *, purpose: str) -> bool:
    """Count one account e-mail to `address` from this client; False (logged) beyond the limit."""
    over = ratelimit.exceeded(
        request,
        per_subject=ratelimit.Limit("account-mail", settings.ACCOUNT_EMAILS_PER_TARGET, HOUR),
        per_address=ratelimit.Limit(
            "account-mail-client", settings.ACCOUNT_EMAILS_PER_CLIENT, HOUR
        ),
        subject=normalize_login(address),  # one count however the address is spelled
    )
    if over:
        logger.warning("account e-mail (%s) not sent: rate limit reached", purpose)
    return not over


def link_path(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("verify_email", args=(uid, tokens.make_token(user)))


def send_verification(user) -> None:
    """Queue the verification e-mail to the account's current address (after commit)."""
    notify(
        Message.EMAIL_VERIFICATION,
        recipients=[user.email],
        context={
            "name": user.real_name,
            "path": link_path(user),
            "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
        },
    )


def user_for_link(uidb64: str, token: str) -> User | None:
    """The unverified account a link belongs to, or None for an expired, used or altered link."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
        user = User.objects.get(pk=pk)
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError, User.DoesNotExist):
        return None
    if user.email_verified or not tokens.check_token(user, token):
        return None
    return user


def verify(uidb64: str, token: str) -> User | None:
    """Mark the link's account verified; None when the link is not (or no longer) valid.

    A conditional update on the address the link was made for: two clicks at once, or a click
    after the address changed, verify nothing twice and nothing else.
    """
    user = user_for_link(uidb64, token)
    if user is None:
        return None
    now = timezone.now()
    done = User.objects.filter(pk=user.pk, email=user.email, email_verified_at__isnull=True).update(
        email_verified_at=now
    )
    if not done:
        return None
    user.email_verified_at = now
    log_event(user, user=user, summary=_("验证电子邮箱"), email=user.email)
    return user


def mark_verified(user) -> None:
    """The person proved control of the address another way (a password-reset link)."""
    if user.email_verified:
        return
    now = timezone.now()
    User.objects.filter(pk=user.pk, email=user.email, email_verified_at__isnull=True).update(
        email_verified_at=now
    )
    user.email_verified_at = now
    log_event(user, user=user, summary=_("通过重设密码验证电子邮箱"), email=user.email)
