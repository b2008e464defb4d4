"""One entry point for every notification the platform sends.

Each message kind has a subject / text / html template triplet under `templates/emails/`.
Mail is rendered now but sent only after the surrounding transaction commits, as a task.
"""

from collections.abc import Iterable
from enum import StrEnum

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django_tasks import task


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


def render_message(kind: Message, context: dict) -> tuple[str, str, str]:
    base = f"emails/{kind.value}"
    context = {"base_url": settings.WAGTAILADMIN_BASE_URL, **context}
    subject = " ".join(render_to_string(f"{base}.subject.txt", context).split())
    return (
        subject,
        render_to_string(f"{base}.txt", context),
        render_to_string(f"{base}.html", context),
    )


def notify(kind: Message, *, recipients: Iterable[str], context: dict) -> None:
    """Queue `kind` for `recipients` once the current transaction commits (never inside it)."""
    to = sorted({address for address in recipients if address})
    if not to:
        return
    subject, text, html = render_message(kind, context)
    transaction.on_commit(lambda: send_email.enqueue(to=to, subject=subject, text=text, html=html))


@task()
def send_email(*, to: list[str], subject: str, text: str, html: str) -> int:
    message = EmailMultiAlternatives(subject=subject, body=text, to=to)
    message.attach_alternative(html, "text/html")
    return message.send()
