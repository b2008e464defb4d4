"""Text messages (短信) through a pluggable backend, like Django's e-mail backends.

`settings.SMS_BACKEND` names a class whose instances have `send(phone, text) -> None`: `phone` is
a mainland mobile in `core.phones` spelling (13800138000), `text` the whole message; it raises
`SmsError` when the provider refuses. A provider's backend is a small class outside this module
(its signature, keys and template ids come from its own settings). `ConsoleBackend` logs each
message and keeps it in `outbox`, as Django's locmem mail backend does, for development and tests.

Callers send after commit (`transaction.on_commit`): a text cannot be taken back with a rollback.
`text_after_commit(phone, text)` does that for reminders and notices: a number that is not a
mobile is skipped and a provider's refusal logged, without failing the business change.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from core.phones import normalize_phone

logger = logging.getLogger(__name__)

MAX_LENGTH = 500  # long texts are split by the carrier and billed per part; refuse runaway text

# Messages "sent" by ConsoleBackend: (phone, text) pairs, oldest first.
outbox: list[tuple[str, str]] = []


class SmsError(Exception):
    pass


class ConsoleBackend:
    """Logs the message and appends it to `outbox`; nothing leaves the machine."""

    def send(self, phone: str, text: str) -> None:
        outbox.append((phone, text))
        logger.info("SMS to %s: %s", phone, text)


def mobile_number(value) -> str | None:
    """The stored spelling of a mainland mobile number, or None (fixed lines cannot get texts)."""
    spelled = normalize_phone(value)
    # normalize_phone spells mobiles as 11 bare digits, fixed lines with a dash.
    return spelled if spelled and spelled.isdigit() else None


def get_backend():
    return import_string(settings.SMS_BACKEND)()


def send_sms(phone: str, text: str) -> None:
    """Send one text through the configured backend; SmsError for a number that is not a mobile,
    an empty or overlong text, or a provider's refusal."""
    number = mobile_number(phone)
    if number is None:
        raise SmsError(_("请填写11位手机号码"))
    if not text.strip() or len(text) > MAX_LENGTH:
        raise SmsError(_("短信内容为空或过长"))
    get_backend().send(number, text)


def text_after_commit(phone, text: str) -> bool:
    """Queue one text to `phone` for after the current transaction commits. False (and nothing
    queued) when `phone` is not a mainland mobile; a refusal at sending time is logged only."""
    number = mobile_number(phone)
    if number is None:
        return False
    transaction.on_commit(lambda: _send_quietly(number, str(text)), robust=True)
    return True


def _send_quietly(number: str, text: str) -> None:
    try:
        send_sms(number, text)
    except SmsError as refused:
        logger.warning("SMS not sent: %s", refused)  # no number in the log
