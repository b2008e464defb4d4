"""Text reminders before a call closes: the organization of every draft application not yet
submitted gets one SMS `CALL_DEADLINE_REMINDER_DAYS` days before the call's deadline.

Run by `manage.py run_schedule` (every minute). Idempotent: `Application.deadline_reminded_at` is
claimed with a conditional update before the text is queued, so a second or racing run sends
nothing; the text goes after commit (`core.sms.text_after_commit`).
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formats import beijing_time
from core.inbox import site_url
from core.sms import text_after_commit
from grants.models import Application, ApplicationState, CallState
from grants.notify import applicant_mobile


def due_drafts(now):
    days = settings.CALL_DEADLINE_REMINDER_DAYS
    return Application.objects.filter(
        state=ApplicationState.DRAFT,
        deadline_reminded_at__isnull=True,
        call__state=CallState.PUBLISHED,
        call__closes_at__gt=now,
        call__closes_at__lte=now + datetime.timedelta(days=days),
    )


def reminder_text(application) -> str:
    return _(
        "【公益资助平台】“%(call)s”将于%(when)s（北京时间）截止申报，贵单位的申报书《%(name)s》"
        "尚未提交，请及时登录平台提交：%(link)s"
    ) % {
        "call": application.call.title,
        "when": beijing_time(application.call.closes_at),
        "name": str(application),
        "link": site_url() + reverse("portal:application_detail", args=[application.pk]),
    }


def remind_closing_drafts(now=None) -> list[Application]:
    """Text each unsubmitted draft's contact once before its call closes. Side effects: sets
    `deadline_reminded_at` (also when no mobile is known: one attempt per application); queues
    the texts after commit. Returns the applications reminded now."""
    if settings.CALL_DEADLINE_REMINDER_DAYS <= 0:
        return []
    now = now or timezone.now()
    reminded = []
    for application in due_drafts(now).select_related("call", "organization").order_by("pk"):
        with transaction.atomic():
            claimed = Application.objects.filter(
                pk=application.pk, deadline_reminded_at__isnull=True
            ).update(deadline_reminded_at=now)
            if not claimed:
                continue  # another run got there first
            phone = applicant_mobile(application)
            if phone:
                text_after_commit(phone, reminder_text(application))
        reminded.append(application)
    return reminded
