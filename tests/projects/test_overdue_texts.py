"""Overdue progress reports are texted to the funded organization's applicant, once."""

import datetime

import pytest

from core import sms
from projects.reporting import mark_overdue

pytestmark = pytest.mark.django_db

SITE = "https://gongyi.example.gov.cn"


def test_newly_overdue_reports_are_texted_once_per_project(
    running, settings, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "core.sms.ConsoleBackend"
    settings.WAGTAILADMIN_BASE_URL = SITE
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = mark_overdue(today=datetime.date(2026, 8, 11))
    assert len(done) == 3
    [(phone, text)] = sms.outbox
    assert phone == "13800000002"
    assert running.name in text and "已逾期未提交" in text
    assert "2026年第1季度报告" in text and "中期报告" in text
    assert f"{SITE}/portal/projects/{running.pk}/" in text
    with django_capture_on_commit_callbacks(execute=True):
        assert mark_overdue(today=datetime.date(2026, 8, 11)) == []
    assert len(sms.outbox) == 1
    sms.outbox.clear()
