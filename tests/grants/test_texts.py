"""Texts (短信, core.sms console outbox) to applicants: a return for completion (补正) and the
reminder before a call closes (once per application, run by `manage.py run_schedule`); the
messages (站内信) a return keeps for the organization's members."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from core import sms
from core.models import InboxMessage
from core.workflow import perform_transition
from grants.models import Application
from grants.reminders import remind_closing_drafts
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

SITE = "https://gongyi.example.gov.cn"


@pytest.fixture(autouse=True)
def _outbox(settings):
    settings.SMS_BACKEND = "core.sms.ConsoleBackend"
    settings.WAGTAILADMIN_BASE_URL = SITE
    settings.CALL_DEADLINE_REMINDER_DAYS = 3
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def test_return_for_completion_texts_the_contact_and_keeps_messages(
    call, org_a, owner, member, staff, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(
        call=call, organization=org_a, state="screening", complete=True
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        perform_transition(application, "return_for_completion", by=staff, reason="承诺书未盖章")
        assert sms.outbox == []  # nothing leaves before the commit
    assert callbacks
    [(phone, text)] = sms.outbox
    assert phone == "13800000002"  # 联系人手机 of the application
    assert "已退回补正" in text and application.project_name in text
    assert f"{SITE}/portal/applications/{application.pk}/" in text
    kept = InboxMessage.objects.filter(kind="application_state")
    assert sorted(m.recipient.email for m in kept) == ["member@example.cn", "owner@example.cn"]
    assert {m.link for m in kept} == {f"/portal/applications/{application.pk}/"}


def test_return_falls_back_to_the_organizations_mobile_and_skips_fixed_lines(
    call, org_a, staff, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(
        call=call, organization=org_a, state="screening", complete=True
    )
    Application.objects.filter(pk=application.pk).update(contact_phone="0755-26600000")
    with django_capture_on_commit_callbacks(execute=True):
        perform_transition(application, "return_for_completion", by=staff, reason="缺材料")
    assert [p for p, _t in sms.outbox] == [org_a.contact_phone]
    org_a.contact_phone = "0755-26600001"
    org_a.save()
    other = ApplicationFactory(call=call, organization=org_a, state="screening", complete=True)
    Application.objects.filter(pk=other.pk).update(contact_phone="")
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        perform_transition(other, "return_for_completion", by=staff, reason="缺材料")
    assert sms.outbox == []  # no mobile known: nothing to text


def test_other_moves_send_no_text(call, org_a, staff, django_capture_on_commit_callbacks):
    application = ApplicationFactory(
        call=call, organization=org_a, state="screening", complete=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        perform_transition(application, "pass_screening", by=staff)
    assert sms.outbox == []


def _closing_in(call, delta):
    call.closes_at = timezone.now() + delta
    call.completion_deadline = call.closes_at + datetime.timedelta(days=7)
    call.save()


def test_deadline_reminder_once_per_draft_within_the_window(
    call, org_a, django_capture_on_commit_callbacks
):
    _closing_in(call, datetime.timedelta(days=2))
    draft = ApplicationFactory(call=call, organization=org_a, complete=True)
    ApplicationFactory(call=call, organization=org_a, complete=True, state="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_closing_drafts() == [draft]
    [(phone, text)] = sms.outbox
    assert phone == "13800000002"
    assert call.title in text and draft.project_name in text and "尚未提交" in text
    assert f"{SITE}/portal/applications/{draft.pk}/" in text
    draft.refresh_from_db()
    assert draft.deadline_reminded_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_closing_drafts() == []  # a second run sends nothing
    assert len(sms.outbox) == 1


def test_no_reminder_outside_the_window_or_after_closing(call, org_a):
    draft = ApplicationFactory(call=call, organization=org_a, complete=True)
    _closing_in(call, datetime.timedelta(days=5))
    assert remind_closing_drafts() == []
    _closing_in(call, -datetime.timedelta(hours=1))
    assert remind_closing_drafts() == []
    draft.refresh_from_db()
    assert draft.deadline_reminded_at is None
    assert sms.outbox == []


def test_reminders_switched_off_with_zero_days(call, org_a, settings):
    settings.CALL_DEADLINE_REMINDER_DAYS = 0
    _closing_in(call, datetime.timedelta(hours=5))
    ApplicationFactory(call=call, organization=org_a, complete=True)
    assert remind_closing_drafts() == []


def test_run_schedule_sends_the_reminders_once(call, org_a, django_capture_on_commit_callbacks):
    _closing_in(call, datetime.timedelta(days=1))
    ApplicationFactory(call=call, organization=org_a, complete=True)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_schedule", stdout=out)
    assert "1 deadline reminder(s) sent." in out.getvalue()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_schedule", stdout=StringIO())
    assert len(sms.outbox) == 1
