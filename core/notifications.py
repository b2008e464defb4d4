"""One entry point for every notification the platform sends.

Each message kind has a subject / text / html template triplet under `templates/emails/`.
Mail is rendered now but sent only after the surrounding transaction commits, as a task. Each
notification is also kept as a message in the platform (站内信, `core.inbox`) for every
recipient address that belongs to an account, written now, inside the business transaction.
Templates print links as `{{ base_url }}{{ path }}`; `path` (a site path) is also the message's
link.
"""

from collections.abc import Iterable
from enum import StrEnum

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django_tasks import task

from core.inbox import keep, site_url


class Message(StrEnum):
    TRANSITION = "transition"
    INVITATION = "invitation"
    APPLICATION_STATE = "application_state"
    PROJECT_STATE = "project_state"
    PROJECT_REPORT_STATE = "project_report_state"
    REVIEW_ASSIGNED = "review_assigned"
    REVIEW_REMINDER = "review_reminder"
    PROJECT_REPORTS_OVERDUE = "project_reports_overdue"
    EVALUATION_COMMISSIONED = "evaluation_commissioned"
    EVALUATION_STATE = "evaluation_state"
    NEED_STATE = "need_state"
    NEED_INTEREST = "need_interest"
    EMAIL_VERIFICATION = "email_verification"
    REGISTRATION_ATTEMPT = "registration_attempt"


# Mailed only, never kept in the platform: the link proves the person reads that mailbox, which
# a copy in the inbox of whoever registered the address would not.
MAIL_ONLY = frozenset({Message.EMAIL_VERIFICATION})


def render_message(kind: Message, context: dict) -> tuple[str, str, str]:
    base = f"emails/{kind.value}"
    context = {"base_url": site_url(), **context}
    subject = " ".join(render_to_string(f"{base}.subject.txt", context).split())
    return (
        subject,
        render_to_string(f"{base}.txt", context),
        render_to_string(f"{base}.html", context),
    )


def notify(kind: Message, *, recipients: Iterable[str], context: dict) -> None:
    """Keep `kind` as a message for every recipient with an account (now, in the current
    transaction) and queue the mail once the transaction commits (never inside it)."""
    to = sorted({address for address in recipients if address})
    if not to:
        return
    subject, text, html = render_message(kind, context)
    if kind not in MAIL_ONLY:
        keep(kind.value, to, subject=subject, body=text, link=context.get("path", ""))
    transaction.on_commit(lambda: send_email.enqueue(to=to, subject=subject, text=text, html=html))


@task()
def send_email(*, to: list[str], subject: str, text: str, html: str) -> int:
    message = EmailMultiAlternatives(subject=subject, body=text, to=to)
    message.attach_alternative(html, "text/html")
    return message.send()
