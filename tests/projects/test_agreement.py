import re
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from core.workflow import TransitionRefused, perform_transition
from projects.agreement import render_agreement_pdf, upload_signed_scan
from projects.models import AgreementState, ProjectState
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
    assert "人民币100000.00元" in text
    for row in (
        "首期40000.0040.00%协议签订",
        "二期40000.0040.00%中期评估通过",
        "尾款20000.0020.00%终期评估通过",
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


def test_signed_scan_upload_then_staff_confirm(project, owner, staff, outsider):
    with pytest.raises(TransitionRefused, match="尚未上传"):
        perform_transition(project, "confirm_agreement", by=staff)
    bogus = SimpleUploadedFile("协议.pdf", b"<html>not a pdf</html>")
    with pytest.raises(ValidationError):
        upload_signed_scan(project, bogus, by=owner)
    project = upload_signed_scan(project, scan_file(), by=owner)
    assert project.agreement_state == AgreementState.UPLOADED
    assert project.signed_scan_name == "协议签署件.pdf"
    from projects.agreement import confirm_agreement

    project = confirm_agreement(project, by=staff)
    assert project.state == ProjectState.IN_PROGRESS
    assert project.agreement_state == AgreementState.CONFIRMED
    assert project.starts_on and project.ends_on and project.reports.exists()
    # The text as confirmed is kept and served from then on.
    with project.agreement_pdf.open("rb") as stored:
        kept = stored.read()
    assert render_agreement_pdf(project) == kept
    assert "人民币100000.00元" in pdf_text(kept)
    with pytest.raises(ValidationError, match="不能再更换"):
        upload_signed_scan(project, scan_file(), by=owner)
