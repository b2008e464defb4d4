import datetime
from decimal import Decimal

import pytest
from django.core import mail

from projects.agreement import confirm_agreement, upload_signed_scan
from projects.models import TrancheState
from projects.reporting import mark_overdue, run_scheduled
from projects.tranches import replace_plan
from tests.projects.conftest import scan_file

pytestmark = pytest.mark.django_db


def test_confirming_mails_the_organization(
    project, owner, staff, django_capture_on_commit_callbacks
):
    upload_signed_scan(project, scan_file(), by=owner)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        confirm_agreement(project, by=staff)
    subjects = [m.subject for m in mail.outbox]
    assert f"【资助项目】{project.name}：实施中" in subjects
    message = next(m for m in mail.outbox if "资助项目" in m.subject)
    assert owner.email in message.to
    assert f"/portal/projects/{project.pk}/" in message.body


def test_overdue_reports_are_flagged_to_staff(running, staff, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        mark_overdue(today=datetime.date(2026, 4, 11))
    flagged = [m for m in mail.outbox if "逾期提醒" in m.subject]
    assert len(flagged) == 1 and staff.email in flagged[0].to
    assert "2026年第1季度报告" in flagged[0].body


def test_date_tranche_becomes_payable_once_by_the_scheduler(running, staff):
    running.tranches.all().delete()
    replace_plan(
        running,
        [
            {"amount": Decimal("60000.00"), "trigger": "agreement_signed"},
            {
                "amount": Decimal("40000.00"),
                "trigger": "date",
                "trigger_date": datetime.date(2026, 9, 1),
            },
        ],
    )
    running.reports.all().delete()  # nothing overdue: only the date matters here
    run_scheduled()  # today is after 2026-09-01
    second = running.tranches.get(position=2)
    assert second.state == TrancheState.PAYABLE
    released_at = second.released_at
    run_scheduled()
    second.refresh_from_db()
    assert second.released_at == released_at
