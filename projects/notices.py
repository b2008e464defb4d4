"""Payment notices (拨付通知) for the finance office: one per registered payment.

Issued inside the paying transition (`Tranche.after_transition`): the number is given and the
text frozen as HTML (a quick template render) with the payee account kept in the confirmed
agreement, the proposer (经办人) and the approver (审核人). The PDF is laid out after commit in a
task, or on first download if that failed (`store_payment_notice_pdf`, idempotent).
"""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from core import approvals
from core.money import figures, rmb_capitals
from core.pdf import html_to_pdf, render_html
from projects.models import PaymentNotice

TEMPLATE = "projects/pdf/payment_notice.html"
PAY = "pay_tranche"  # projects.approvals.PAY


def notice_number(tranche) -> str:
    return f"BF{tranche.paid_on.year}-{tranche.pk:06d}"


def _people(tranche, by):
    """(proposer, approver) of the payment: the approved proposal's, or `by` alone when the
    second person was switched off."""
    approval = (
        approvals.for_object(tranche)
        .filter(action=PAY, state="approved", decided_by=by)
        .order_by("-decided_at")
        .first()
    )
    if approval is None:
        return by, None
    return approval.proposed_by, approval.decided_by


def notice_context(tranche, *, number, proposer, approver) -> dict:
    project = tranche.project
    return {
        "number": number,
        "project": project,
        "tranche": tranche,
        "party_a": project.call.department.name,
        "payee": {
            "name": project.payee_account_name,
            "bank": project.payee_bank_name,
            "number": project.payee_account_number,
        },
        "amount_figures": figures(tranche.amount),
        "amount_capitals": rmb_capitals(tranche.amount),
        "award_figures": figures(project.amount),
        "proposer": proposer,
        "approver": approver,
        "issued_on": timezone.localdate(),
    }


def issue_payment_notice(tranche, *, by) -> PaymentNotice:
    """Inside the paying transition: number and frozen text now, the PDF after commit."""
    existing = PaymentNotice.objects.filter(tranche=tranche).first()
    if existing:
        return existing
    proposer, approver = _people(tranche, by)
    number = notice_number(tranche)
    html = render_html(
        TEMPLATE, notice_context(tranche, number=number, proposer=proposer, approver=approver)
    )
    notice = PaymentNotice.objects.create(
        tranche=tranche, number=number, html=html, proposed_by=proposer, approved_by=approver
    )
    queue_payment_notice_pdf(notice)
    return notice


def queue_payment_notice_pdf(notice) -> None:
    from projects.tasks import store_payment_notice_pdf_task

    notice_id = notice.pk
    transaction.on_commit(
        lambda: store_payment_notice_pdf_task.enqueue(notice_id=notice_id), robust=True
    )


def store_payment_notice_pdf(notice_id: int) -> bytes:
    """Lay out notice `notice_id` as a PDF and keep it; a stored copy is returned as it is."""
    notice = PaymentNotice.objects.select_related("tranche").get(pk=notice_id)
    if not notice.pdf:
        pdf = html_to_pdf(notice.html)
        field = notice.pdf
        name = field.storage.save(
            field.field.generate_filename(notice, f"{notice.number}.pdf"), ContentFile(pdf)
        )
        if PaymentNotice.objects.filter(pk=notice_id, pdf="").update(pdf=name):
            return pdf
        field.storage.delete(name)
        notice.refresh_from_db(fields=["pdf"])
    with notice.pdf.open("rb") as f:
        return f.read()
