"""Daily reminders to base managers: assessments falling due and applications left unanswered.

Idempotent per base and day: the `ReminderLog` row (unique per base and date) is written in the
same transaction that queues the mail and keeps the message (站内信, `core.inbox`), so a second
run the same day sends nothing.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.inbox import keep, site_url
from core.notifications import send_email
from orgs.models import IncubationBase
from orgs.models.incubation.bases import ReminderLog
from orgs.notify import staff_emails

TEMPLATE = "orgs/incubation/emails/reminder"


def due_for(base, *, today: date, days: int) -> dict:
    records = base.incubations.select_related("organization")
    return {
        "assessments": list(
            records.assessments_due(days, today).order_by("next_assessment_due_on")
        ),
        "overdue": list(records.answer_overdue(today).order_by("answer_due_on")),
    }


def send_reminders(*, today: date | None = None, days: int = 14) -> list[tuple]:
    """E-mail each base's managers (staff if it has none) once a day; returns (base, due) sent."""
    today = today or timezone.localdate()
    sent = []
    for base in IncubationBase.objects.order_by("pk"):
        due = due_for(base, today=today, days=days)
        if not (due["assessments"] or due["overdue"]):
            continue
        recipients = sorted(set(base.manager_emails() or staff_emails()))
        try:
            with transaction.atomic():
                _log, created = ReminderLog.objects.get_or_create(
                    base=base,
                    sent_on=today,
                    defaults={
                        "recipients": recipients,
                        "summary": {k: [i.pk for i in v] for k, v in due.items()},
                    },
                )
                if created and recipients:
                    _queue(base, due, recipients, today=today, days=days)
        except IntegrityError:  # another run logged this base today first
            created = False
        if created:
            sent.append((base, due))
    return sent


def _queue(base, due, recipients, *, today, days):
    context = {
        "base": base,
        "today": today,
        "days": days,
        "base_url": site_url(),
        "path": reverse("portal:incubation_base", args=[base.pk]),
        **due,
    }
    subject = " ".join(render_to_string(f"{TEMPLATE}.subject.txt", context).split())
    text = render_to_string(f"{TEMPLATE}.txt", context)
    html = render_to_string(f"{TEMPLATE}.html", context)
    keep("incubation_reminder", recipients, subject=subject, body=text, link=context["path"])
    transaction.on_commit(
        lambda: send_email.enqueue(to=recipients, subject=subject, text=text, html=html)
    )
