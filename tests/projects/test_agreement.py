import re
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from core.workflow import TransitionRefused, perform_transition
from projects.agreement import render_agreement_pdf, upload_signed_scan
from projects.models import AgreementState, FundedProject, ProjectState
from tests.projects.conftest import scan_file

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)
    return re.sub(r"\s+", "", text)


def test_agreement_pdf_contains_parties_amount_and_tranche_table(project, call):
    text = pdf_text(render_agreement_pdf(project))
    assert "项目资助协议书" in text
    assert call.department.name in text
    assert "阳光社工服务中心" in text
    assert "人民币100,000.00元" in text
    for row in (
        "首期40,000.0040.00%协议签订",
        "二期40,000.0040.00%中期评估通过",
        "尾款20,000.0020.00%终期评估通过",
    ):
        assert row in text
    assert "季度报告" in text and "退回资金" in text


def test_purchase_project_gets_a_service_contract(org_a):
    from tests.factories import CallFactory, make_funded_project

    project = make_funded_project(
        organization=org_a, call=CallFactory(kind="purchase"), amount=Decimal("80000.00")
    )
    text = pdf_text(render_agreement_pdf(project))
    assert "政府购买服务合同" in text and "乙方（承接主体）" in text


def test_signed_scan_upload_then_staff_confirm(
    project, owner, staff, outsider, django_capture_on_commit_callbacks
):
    with pytest.raises(TransitionRefused, match="尚未上传"):
        perform_transition(project, "confirm_agreement", by=staff)
    bogus = SimpleUploadedFile("协议.pdf", b"<html>not a pdf</html>")
    with pytest.raises(ValidationError):
        upload_signed_scan(project, bogus, by=owner)
    project = upload_signed_scan(project, scan_file(), by=owner)
    assert project.agreement_state == AgreementState.UPLOADED
    assert project.signed_scan_name == "协议签署件.pdf"
    from projects.agreement import confirm_agreement

    with django_capture_on_commit_callbacks(execute=True):
        project = confirm_agreement(project, by=staff)
    assert project.state == ProjectState.IN_PROGRESS
    assert project.agreement_state == AgreementState.CONFIRMED
    assert project.starts_on and project.ends_on and project.reports.exists()
    # The text as confirmed is kept and served from then on.
    project = FundedProject.objects.get(pk=project.pk)
    with project.agreement_pdf.open("rb") as stored:
        kept = stored.read()
    assert render_agreement_pdf(project) == kept
    assert "人民币100,000.00元" in pdf_text(kept)
    with pytest.raises(ValidationError, match="不能再更换"):
        upload_signed_scan(project, scan_file(), by=owner)


# --- nothing slow under the row lock -----------------------------------------------------------


def test_agreement_pdf_is_laid_out_after_commit_not_under_the_lock(
    project, owner, staff, monkeypatch, django_capture_on_commit_callbacks
):
    import core.pdf
    from core.workflow import inside_transition

    calls = []
    real = core.pdf.html_to_pdf

    def spy(html, **kwargs):
        calls.append(inside_transition())
        return real(html, **kwargs)

    monkeypatch.setattr(core.pdf, "html_to_pdf", spy)
    monkeypatch.setattr("projects.agreement.html_to_pdf", spy)
    project = upload_signed_scan(project, scan_file(), by=owner)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        project = perform_transition(project, "confirm_agreement", by=staff)
    # Committed without a PDF: only the text was frozen inside the transition.
    assert calls == []
    stored = FundedProject.objects.get(pk=project.pk)
    assert "100,000.00" in stored.agreement_html
    assert not stored.agreement_pdf
    for callback in callbacks:
        callback()
    assert calls == [False]
    stored.refresh_from_db()
    assert stored.agreement_pdf
    assert "人民币100,000.00元" in pdf_text(render_agreement_pdf(stored))
    assert calls == [False]  # served from the stored copy, not laid out again


def test_failed_agreement_task_leaves_the_confirmation_and_the_pdf_is_made_on_download(
    project, owner, staff, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    import projects.agreement

    def broken(html, **kwargs):
        raise OSError("字体文件缺失")

    project = upload_signed_scan(project, scan_file(), by=owner)
    monkeypatch.setattr(projects.agreement, "html_to_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        project = perform_transition(project, "confirm_agreement", by=staff)
    stored = FundedProject.objects.get(pk=project.pk)
    assert stored.state == ProjectState.IN_PROGRESS
    assert not stored.agreement_pdf
    assert "字体文件缺失" in caplog.text
    monkeypatch.undo()
    # The confirmed text, not today's data: a later change of the plan does not alter it.
    FundedProject.objects.filter(pk=stored.pk).update(activities_plan="后来修改的活动计划")
    text = pdf_text(render_agreement_pdf(stored))
    assert "人民币100,000.00元" in text and "后来修改的活动计划" not in text
    stored.refresh_from_db()
    assert stored.agreement_pdf


def test_rendering_a_pdf_inside_a_transition_is_refused(project, owner, staff, monkeypatch):
    from core.pdf import render_pdf
    from core.workflow import SlowWorkInsideTransition
    from projects.models import FundedProject as Model

    def slow_hook(self, name, *, by, reason):
        render_pdf("projects/pdf/agreement.html", {})

    project = upload_signed_scan(project, scan_file(), by=owner)
    monkeypatch.setattr(Model, "after_transition", slow_hook)
    with pytest.raises(SlowWorkInsideTransition, match="row lock"):
        perform_transition(project, "confirm_agreement", by=staff)
    assert FundedProject.objects.get(pk=project.pk).state == ProjectState.AWAITING_AGREEMENT
