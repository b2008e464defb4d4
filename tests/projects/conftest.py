import datetime
from contextlib import contextmanager
from decimal import Decimal
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from projects.agreement import confirm_agreement, upload_signed_scan
from projects.models import ProjectBudgetLine, ProjectTerms, TrancheTemplate
from tests.factories import CallFactory, make_funded_project


def _blank_pdf() -> bytes:
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


SCAN = _blank_pdf()


def scan_file(name="协议签署件.pdf"):
    return SimpleUploadedFile(name, SCAN, content_type="application/pdf")


@pytest.fixture
def call(db):
    """A venture call whose terms pay 40 % on signing, 40 % after the mid-term, 20 % after the
    final evaluation, with quarterly, mid-term and final reports."""
    call = CallFactory(title="2026年南山区公益创投")
    terms = ProjectTerms.objects.create(call=call)
    for i, (title, share, trigger) in enumerate(
        [
            ("首期", "40", "agreement_signed"),
            ("二期", "40", "midterm_passed"),
            ("尾款", "20", "final_passed"),
        ]
    ):
        TrancheTemplate.objects.create(
            terms=terms, title=title, share=Decimal(share), trigger=trigger, sort_order=i
        )
    return call


@pytest.fixture
def project(call, org_a, owner):
    project = make_funded_project(organization=org_a, call=call, amount=Decimal("100000.00"))
    # Two budget lines (the factory's application has one): 60 000 activities, 40 000 staff.
    project.budget_lines.all().delete()
    ProjectBudgetLine.objects.create(
        project=project,
        position=1,
        category="活动费",
        item="探访物资",
        amount=Decimal("60000.00"),
        original_amount=Decimal("60000.00"),
    )
    ProjectBudgetLine.objects.create(
        project=project,
        position=2,
        category="人员费",
        item="社工补贴",
        amount=Decimal("40000.00"),
        original_amount=Decimal("40000.00"),
    )
    return project


@pytest.fixture
def running(project, owner, staff):
    """The project signed and confirmed on 2026-03-01 (period 2026-03-01 .. 2026-12-31)."""
    from projects.models import FundedProject

    FundedProject.objects.filter(pk=project.pk).update(
        starts_on=datetime.date(2026, 3, 1), ends_on=datetime.date(2026, 12, 31)
    )
    project.refresh_from_db()
    upload_signed_scan(project, scan_file(), by=owner)
    return confirm_agreement(project, by=staff)


@contextmanager
def on_day(day: datetime.date):
    """Run as if today in Beijing were `day`: the date every date-driven rule reads (overdue
    reports, payment dates) through `timezone.localdate()`."""
    original = timezone.localdate

    def localdate(value=None, timezone=None):
        return day if value is None else original(value, timezone)

    with mock.patch("django.utils.timezone.localdate", localdate):
        yield


def handed_in(project):
    """Every report of `project` handed in and approved (none overdue, whatever the date)."""
    from projects.models import ReportState

    project.reports.update(state=ReportState.APPROVED)
