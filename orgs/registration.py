"""Self-registration that does not tell a stranger which addresses and numbers have accounts.

A taken e-mail address or mobile number gets the same answer as a new one; the owner of a taken
address is told by e-mail that someone tried to register with it. Without an SMS channel the
owner of a taken mobile number cannot be told, so nothing is created and nothing is sent.
"""

import logging

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse

from core.notifications import Message, notify
from orgs import verification
from orgs.models import User

logger = logging.getLogger(__name__)


def register(*, form, request) -> User | None:
    """Create the account of a valid `RegistrationForm` and send its verification link.

    Returns None, creating nothing, when the e-mail address or the mobile number is taken; then
    the address's owner (if the address is the taken one) gets a warning with a password-reset
    hint. Both e-mails count against `verification.mail_allowed`.
    """
    email, mobile = form.cleaned_data["email"], form.cleaned_data.get("mobile")
    taken = Q(email__iexact=email) | (Q(mobile=mobile) if mobile else Q(pk__in=[]))
    try:
        with transaction.atomic():
            clash = User.objects.filter(taken).first()
            if clash is None:
                user = form.save()
        if clash is None:
            if verification.mail_allowed(request, email, purpose="verification"):
                verification.send_verification(user)
            return user
    except IntegrityError:  # registered a moment ago by a concurrent request
        clash = User.objects.filter(taken).first()
    # As costly as creating the account (the password hash), so timing tells nothing either.
    make_password(form.cleaned_data["password1"])
    owner = User.objects.filter(email__iexact=email).first()
    if owner is not None and verification.mail_allowed(request, email, purpose="attempt"):
        notify(
            Message.REGISTRATION_ATTEMPT,
            recipients=[owner.email],
            context={"name": owner.real_name, "path": reverse("password_reset")},
        )
    logger.info("registration refused: e-mail or mobile already registered")
    return None
