"""The funded organization's pages in the portal: who sees what, agreement upload, reports,
photos, change requests."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from projects.models import ChangeRequest, ChangeState, FundedProject, ReportState
from tests.projects.conftest import scan_file

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def test_member_sees_project_list_and_detail(client, member, running):
    login(client, member)
    listing = client.get("/portal/projects/").content.decode()
    assert running.name in listing and "2026年第1季度报告" in listing
    detail = client.get(f"/portal/projects/{running.pk}/").content.decode()
    for text in ("首期", "可拨付", "资金到位率", "预算执行", "社工补贴"):
        assert text in detail


def test_outsider_is_refused_with_a_reason(client, outsider, running):
    login(client, outsider)
    response = client.get(f"/portal/projects/{running.pk}/")
    assert response.status_code == 403
    assert "您不是该项目承接单位的成员" in response.content.decode()
    assert running.name not in client.get("/portal/projects/").content.decode()
    report = running.reports.first()
    assert client.get(f"/portal/projects/{running.pk}/reports/{report.pk}/").status_code == 403
    assert client.get(f"/portal/projects/{running.pk}/agreement.pdf").status_code == 403


def test_agreement_download_and_signed_scan_upload(client, owner, project):
    login(client, owner)
    pdf = client.get(f"/portal/projects/{project.pk}/agreement.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    response = client.post(
        f"/portal/projects/{project.pk}/agreement/upload/", {"file": scan_file()}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.agreement_state == "uploaded"
    scan = client.get(f"/portal/projects/{project.pk}/agreement/signed/")
    assert scan["Cache-Control"] == "private, no-store"


def _report_post(running, **extra):
    lines = list(running.budget_lines.order_by("position"))
    return {
        "summary": "完成长者探访",
        "beneficiaries_reached": "50",
        "problems": "",
        f"line_{lines[0].pk}": "1200.50",
        "act-TOTAL_FORMS": "1",
        "act-INITIAL_FORMS": "0",
        "act-0-held_on": "2026-03-20",
        "act-0-place": "红花园社区",
        "act-0-participants": "20",
        "act-0-description": "入户探访",
        **extra,
    }


def test_member_writes_and_admin_submits_a_report(client, member, owner, running):
    report = running.reports.order_by("due_on").first()
    url = f"/portal/projects/{running.pk}/reports/{report.pk}/"
    login(client, member)
    assert client.post(url, _report_post(running)).status_code == 302
    report.refresh_from_db()
    assert report.activities.count() == 1
    assert report.spending.get().amount == Decimal("1200.50")
    # A member may write but not submit.
    assert client.post(f"{url}submit/").status_code == 403
    login(client, owner)
    client.post(f"{url}submit/")
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    # Once submitted, nobody edits it from the portal.
    assert client.post(url, _report_post(running, summary="改")).status_code == 403


def test_photo_upload_strips_exif_and_stays_private(client, owner, outsider, running):
    report = running.reports.order_by("due_on").first()
    img = Image.new("RGB", (640, 480), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    out = BytesIO()
    img.save(out, "JPEG", exif=exif)
    login(client, owner)
    client.post(
        f"/portal/projects/{running.pk}/reports/{report.pk}/photos/",
        {"image": SimpleUploadedFile("a.jpg", out.getvalue()), "caption": "活动"},
    )
    photo = report.photos.get()
    served = client.get(f"/portal/projects/{running.pk}/photos/{photo.pk}/")
    data = b"".join(served.streaming_content)
    assert not Image.open(BytesIO(data)).getexif()
    assert client.get(f"/projects/photos/{photo.pk}/").status_code == 404  # not public yet
    login(client, outsider)
    assert client.get(f"/portal/projects/{running.pk}/photos/{photo.pk}/").status_code == 403


def test_budget_change_within_the_limit_is_applied_on_approval(client, owner, staff, running):
    from core.workflow import perform_transition

    lines = list(running.budget_lines.order_by("position"))
    login(client, owner)
    data = {
        "kind": "budget",
        "explanation": "活动规模扩大",
        "shift-TOTAL_FORMS": "1",
        "shift-INITIAL_FORMS": "0",
        "shift-0-from_line": str(lines[1].pk),
        "shift-0-to_line": str(lines[0].pk),
        "shift-0-amount": "15000.00",
    }
    response = client.post(f"/portal/projects/{running.pk}/changes/new/", data)
    assert "超过本征集允许的上限10,000.00元" in response.content.decode()
    assert not ChangeRequest.objects.exists()
    data["shift-0-amount"] = "8000.00"
    assert client.post(f"/portal/projects/{running.pk}/changes/new/", data).status_code == 302
    change = ChangeRequest.objects.get()
    change = perform_transition(change, "approve", by=staff)
    assert change.state == ChangeState.APPROVED
    assert [line.amount for line in running.budget_lines.order_by("position")] == [
        Decimal("68000.00"),
        Decimal("32000.00"),
    ]


def test_period_change_rejected_leaves_the_project_alone(owner, staff, running):
    from core.workflow import perform_transition
    from projects.changes import request_change

    change = request_change(
        running,
        by=owner,
        kind="period",
        explanation="疫情影响",
        new_ends_on=datetime.date(2027, 3, 31),
    )
    perform_transition(change, "reject", by=staff, reason="理由不充分")
    assert FundedProject.objects.get(pk=running.pk).ends_on == datetime.date(2026, 12, 31)
    change = request_change(
        running,
        by=owner,
        kind="period",
        explanation="疫情影响",
        new_ends_on=datetime.date(2027, 3, 31),
    )
    perform_transition(change, "approve", by=staff)
    assert FundedProject.objects.get(pk=running.pk).ends_on == datetime.date(2027, 3, 31)
    assert running.reports.filter(kind="final", period_end=datetime.date(2027, 3, 31)).exists()


def test_project_list_query_count(
    client, owner, running, call, org_a, django_assert_max_num_queries
):
    from tests.factories import make_funded_project

    for _i in range(4):
        make_funded_project(organization=org_a, call=call)
    login(client, owner)
    with django_assert_max_num_queries(30):
        client.get("/portal/projects/")


def test_photo_whose_row_fails_to_save_leaves_no_file(owner, running, settings, monkeypatch):
    from projects.models import ReportPhoto
    from projects.photos import add_photo

    report = running.reports.order_by("due_on").first()
    out = BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 200)).save(out, "JPEG")

    def broken_save(self, *args, **kwargs):
        raise RuntimeError("database went away")

    def stored():
        return {p for p in settings.PRIVATE_MEDIA_ROOT.rglob("*") if p.is_file()}

    before = stored()
    monkeypatch.setattr(ReportPhoto, "save", broken_save)
    with pytest.raises(RuntimeError):
        add_photo(report, SimpleUploadedFile("a.jpg", out.getvalue()), caption="", by=owner)
    assert stored() == before
