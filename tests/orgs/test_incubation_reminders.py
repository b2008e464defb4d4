"""The daily reminder to base managers: assessments due soon and answers overdue, once a day."""

import datetime

from django.core import mail
from django.core.management import call_command

from core.models import InboxMessage
from orgs.incubation.reminders import send_reminders
from orgs.models.incubation.bases import ReminderLog
from tests.orgs.incubation_support import incubating, move, org_application, team_application

pytest_plugins = ["tests.orgs.incubation_fixtures"]

D = datetime.date


def test_reminders_go_to_each_bases_managers_once_a_day(
    base,
    other_base,
    org_a,
    owner,
    team_lead,
    incubator_manager,
    freeze,
    django_capture_on_commit_callbacks,
):
    freeze(D(2025, 3, 3))
    incubating(org_application(base, org_a, owner), manager=incubator_manager, applicant=owner)
    late = move(team_application(base, team_lead), "submit", by=team_lead)
    assert late.answer_due_on == D(2025, 3, 10)
    freeze(D(2025, 8, 25))  # midterm due 2025-09-03, within 14 days; the answer is long overdue
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("incubation_reminders", "--days", "14", stdout=open("/dev/null", "w"))
    [message] = mail.outbox
    assert message.to == ["incubator@example.cn"]
    assert message.subject == "【孵化提醒】南山区社会组织孵化基地：待评估与待答复事项"
    assert "阳光社工服务中心：中期评估 2025年9月3日" in message.body
    assert "南山区晨曦助老服务中心（筹备中）：答复期限 2025年3月10日" in message.body
    # Also kept as the manager's message in the platform (站内信), linking to the base.
    reminders = InboxMessage.objects.filter(recipient=incubator_manager, kind="incubation_reminder")
    [kept] = reminders
    assert kept.subject == message.subject and kept.link == f"/portal/incubation/bases/{base.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        again = send_reminders(days=14)
    assert again == []
    assert len(mail.outbox) == 1
    assert reminders.count() == 1
    assert ReminderLog.objects.filter(base=base).count() == 1
    assert not ReminderLog.objects.filter(base=other_base).exists()  # nothing due there
    freeze(D(2025, 8, 26))
    with django_capture_on_commit_callbacks(execute=True):
        assert [b for b, _due in send_reminders(days=14)] == [base]
    assert len(mail.outbox) == 2


def test_nothing_due_sends_nothing(
    base, org_a, owner, incubator_manager, freeze, django_capture_on_commit_callbacks
):
    freeze(D(2025, 3, 3))
    incubating(org_application(base, org_a, owner), manager=incubator_manager, applicant=owner)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(days=14) == []  # midterm on 2025-09-03 is far away
    assert mail.outbox == []
