"""The 申报回执 PDF: rendered on its first download (never inside the submitting transition, see
`core.pdf.html_to_pdf`) from the receipt row, whose facts are frozen at submission, signed and
registered as issued (`core.signing`), then kept."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from core.formats import beijing_time
from core.pdf import render_pdf
from core.signing.pdf import sign_pdf
from core.signing.register import issue
from grants.models import SubmissionReceipt

TEMPLATE = "grants/pdf/receipt.html"


def receipt_context(receipt) -> dict:
    return {
        "title": _("申报回执"),
        "receipt": receipt,
        "rows": [
            (_("申报编号"), receipt.number),
            (_("回执序号"), _("第%(n)d次提交") % {"n": receipt.sequence}),
            (_("提交时间（北京时间）"), beijing_time(receipt.submitted_at)),
            (_("征集名称"), receipt.call_title),
            (_("申报单位"), receipt.organization_name),
            (_("统一社会信用代码"), receipt.organization_uscc or "—"),
            (_("项目名称"), receipt.application.project_name or "—"),
            (_("内容摘要（SHA-256）"), receipt.digest),
        ],
    }


def receipt_title(receipt) -> str:
    return _("申报回执 %(number)s（第%(n)d次提交）") % {
        "number": receipt.number,
        "n": receipt.sequence,
    }


def receipt_filename(receipt) -> str:
    return _("%(number)s-申报回执-%(n)d.pdf") % {"number": receipt.number, "n": receipt.sequence}


def receipt_pdf_bytes(receipt) -> bytes:
    """The stored PDF, rendered and kept on first use; a lost race keeps the first one."""
    if not receipt.pdf:
        title = receipt_title(receipt)
        pdf = sign_pdf(render_pdf(TEMPLATE, receipt_context(receipt)), reason=title)
        with transaction.atomic():
            locked = SubmissionReceipt.objects.select_for_update().get(pk=receipt.pk)
            if not locked.pdf:
                locked.pdf.save(f"receipt-{receipt.sequence}.pdf", ContentFile(pdf), save=True)
                # No public page and never replaced: a later submission has its own receipt.
                issue(
                    pdf,
                    record=locked,
                    kind="grants.receipt",
                    title=title,
                    issued_at=receipt.submitted_at,
                )
        receipt.refresh_from_db()
    with receipt.pdf.open("rb") as handle:
        return handle.read()
