"""The payment notice (拨付通知) of each registered payment, for the finance office (issue 18,
point 4): issued when the tranche is paid, its PDF laid out after commit, served to staff only."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from core import approvals
from orgs.bank import set_bank_account
from projects.approvals import PAY, payment_data
from projects.models import PaymentNotice
from projects.notices import store_payment_notice_pdf
from tests.projects.conftest import on_day

pytestmark = pytest.mark.django_db


def text_of(data: bytes) -> str:
    import re

    reader = PdfReader(BytesIO(data))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


@pytest.mark.two_person
def test_paid_tranche_gets_a_payment_notice_for_the_finance_office(
    client, running, org_a, owner, staff, approver, django_capture_on_commit_callbacks
):
    account = running.payee_account_number
    # A later change of the registry does not change where this agreement's money goes.
    set_bank_account(
        org_a,
        by=owner,
        account_name=org_a.name,
        bank_name="中国银行深圳分行",
        account_number="621700001111222233",
        reason="原账户销户",
    )
    tranche = running.tranches.get(position=1)
    with on_day(datetime.date(2026, 3, 12)):
        proposal = approvals.propose(
            PAY,
            tranche,
            by=staff,
            data=payment_data(paid_on=datetime.date(2026, 3, 12), voucher_number="南民拨031"),
        )
        with django_capture_on_commit_callbacks(execute=True):
            approvals.approve(proposal, by=approver)
    notice = PaymentNotice.objects.get(tranche=tranche)
    assert notice.number == f"BF2026-{tranche.pk:06d}"
    assert (notice.proposed_by, notice.approved_by) == (staff, approver)
    assert notice.pdf  # laid out after commit

    client.force_login(staff)
    url = reverse("funded_projects:action_notice", args=(running.pk, tranche.pk))
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    text = text_of(b"".join(response.streaming_content) if response.streaming else response.content)
    assert f"编号：{notice.number}" in text
    assert running.name in text and "阳光社工服务中心" in text
    assert f"账号{account}" in text and "621700001111222233" not in text
    assert "人民币40,000.00元" in text and "人民币肆万元整" in text
    assert "第1批次（首期）" in text and "2026年3月12日" in text
    assert "经办人赵科员" in text and "审核人钱审核" in text


def test_payment_notice_is_laid_out_once_and_served_to_staff_only(client, running, staff, owner):
    from projects.tranches import record_payment

    tranche = running.tranches.get(position=1)
    with on_day(datetime.date(2026, 3, 12)):
        record_payment(
            tranche, paid_on=datetime.date(2026, 3, 12), voucher_number="记-031", by=staff
        )
    notice = PaymentNotice.objects.get(tranche=tranche)
    assert notice.approved_by is None and notice.proposed_by == staff
    first = store_payment_notice_pdf(notice.pk)
    assert store_payment_notice_pdf(notice.pk) == first
    assert "未经双人审核" in text_of(first)
    url = reverse("funded_projects:action_notice", args=(running.pk, tranche.pk))
    client.force_login(owner)
    assert client.get(url).status_code in (302, 403)
    other = running.tranches.get(position=2)
    client.force_login(staff)
    missing = reverse("funded_projects:action_notice", args=(running.pk, other.pk))
    assert client.get(missing).status_code == 404
