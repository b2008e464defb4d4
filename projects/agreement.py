"""The funding agreement (项目资助协议书) or service contract (政府购买服务合同): generated as a PDF
from the project's data, signed by the organization (scan uploaded), confirmed by staff.

Confirming starts the project (`projects.effects`): the period is fixed, the reports it owes are
created, tranches waiting for the signature become payable, the text as confirmed is kept, and for
a purchase project the contract is announced on the public site.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event
from core.formats import beijing_date
from core.pdf import html_to_pdf, render_pdf
from core.uploads import clean_upload
from core.workflow import perform_transition
from projects.models import (
    AgreementState,
    FundedProject,
    ProjectState,
    ReportKind,
)
from projects.reporting import add_months

TEMPLATE = "projects/pdf/agreement.html"
SCAN_MAX_BYTES = 20 * 1024 * 1024


def planned_period(project, today=None) -> tuple[datetime.date, datetime.date]:
    """Start and end of implementation: the call's fixed dates, else from signing for the
    application's (or the call's) period in months."""
    from projects.creation import terms_for

    if project.starts_on and project.ends_on:
        return project.starts_on, project.ends_on
    terms = terms_for(project.call)
    start = project.starts_on or terms.starts_on or today or timezone.localdate()
    months = project.application.period_months or project.call.project_period_months or 12
    end = (
        project.ends_on or terms.ends_on or (add_months(start, months) - datetime.timedelta(days=1))
    )
    return start, end


def agreement_blockers(project) -> list[str]:
    """Why the agreement of `project` cannot be generated yet (empty once it can, and always
    once confirmed: the confirmed text is kept as it was)."""
    from projects.budget_adjustment import budget_settled

    if project.agreement_html or project.agreement_state == AgreementState.CONFIRMED:
        return []
    blockers = []
    if not budget_settled(project):
        blockers.append(
            _(
                "资助金额低于申请金额：承接单位须先提交合计等于资助金额的调整后预算，"
                "经工作人员确认后才能生成协议"
            )
        )
    if not project.organization.has_bank_account:
        blockers.append(
            _("承接单位尚未在组织信息中填写收款账户（户名、开户行、账号），不能生成协议")
        )
    return blockers


def payee_account(project) -> dict:
    """The account printed in the agreement: the snapshot kept at confirmation, before it the
    organization's registry entry."""
    if project.payee_account_number:
        return {
            "name": project.payee_account_name,
            "bank": project.payee_bank_name,
            "number": project.payee_account_number,
        }
    org = project.organization
    return {
        "name": org.bank_account_name,
        "bank": org.bank_name,
        "number": org.bank_account_number,
    }


def agreement_context(project) -> dict:
    from projects.creation import terms_for

    application = project.application
    call = project.call
    terms = terms_for(call)
    start, end = planned_period(project)
    return {
        "payee": payee_account(project),
        "generated_on": timezone.localdate(),
        "confirmed_on": beijing_date(project.agreement_confirmed_at),
        "budget_lines": list(project.budget_lines.order_by("position", "pk")),
        "title": project.agreement_title,
        "project": project,
        "call": call,
        "party_a": call.department.name,
        "party_b": project.organization.name,
        "party_b_uscc": project.organization.uscc or "—",
        "party_b_representative": project.organization.legal_representative or "—",
        "party_b_address": project.organization.address or "—",
        "amount": project.amount,
        "start": start,
        "end": end,
        "deliverables": application.expected_outcomes or "—",
        "activities": project.activities_plan or "—",
        "beneficiaries": application.direct_beneficiaries,
        "tranches": [
            {
                "position": t.position,
                "title": t.title,
                "amount": t.amount,
                "share": t.share,
                "trigger": t.trigger_text(),
            }
            for t in project.tranches.order_by("position")
        ],
        "reports": [str(ReportKind(k).label) for k in terms.report_kinds()],
        "report_due_days": terms.report_due_days,
        "refund_days": terms.refund_days,
        "budget_shift_limit": terms.budget_shift_limit,
        "is_purchase": project.is_purchase,
        "confirmed": project.agreement_state == AgreementState.CONFIRMED,
    }


def render_agreement_pdf(project) -> bytes:
    """The agreement as an A4 PDF; once confirmed, the stored copy of the confirmed text (laid
    out now from the text frozen at confirmation if the task after commit has not stored it).
    ValidationError (Chinese reasons) while it cannot be generated (`agreement_blockers`)."""
    if project.agreement_pdf:
        with project.agreement_pdf.open("rb") as f:
            return f.read()
    if project.agreement_html:
        return store_agreement_pdf(project.pk)
    blockers = agreement_blockers(project)
    if blockers:
        raise ValidationError(blockers)
    return render_pdf(TEMPLATE, agreement_context(project))


def store_agreement_pdf(project_id: int) -> bytes:
    """Lay out the confirmed text of project `project_id` as a PDF and keep it. Idempotent: a
    stored copy is returned as it is. Runs after the confirming transaction (task) or on demand
    when the confirmed agreement is downloaded before the task stored it (or after it failed)."""
    project = FundedProject.objects.get(pk=project_id)
    if not project.agreement_pdf:
        if not project.agreement_html:
            raise ValueError(f"Project {project_id}: no confirmed agreement text")
        pdf = html_to_pdf(project.agreement_html)
        field = project.agreement_pdf
        name = field.storage.save(
            field.field.generate_filename(project, "agreement.pdf"), ContentFile(pdf)
        )
        # Whoever stores first wins; a copy stored meanwhile by another process is kept.
        if FundedProject.objects.filter(pk=project_id, agreement_pdf="").update(agreement_pdf=name):
            return pdf
        field.storage.delete(name)
        project.refresh_from_db(fields=["agreement_pdf"])
    with project.agreement_pdf.open("rb") as f:
        return f.read()


def queue_agreement_pdf(project) -> None:
    """After commit, lay out the confirmed agreement in a task (never under the row lock). A
    failure leaves the state as committed and is logged; the PDF is then made on first download."""
    from projects.tasks import store_agreement_pdf_task

    project_id = project.pk

    def enqueue():
        store_agreement_pdf_task.enqueue(project_id=project_id)

    transaction.on_commit(enqueue, robust=True)


def upload_signed_scan(project, upload, *, by) -> FundedProject:
    """The organization uploads the signed, sealed agreement (PDF or image); replaces an earlier
    upload until staff confirm."""
    cleaned = clean_upload(upload, allowed=("pdf", "jpeg", "png"), max_bytes=SCAN_MAX_BYTES)
    with transaction.atomic():
        project = FundedProject.objects.select_for_update().get(pk=project.pk)
        if project.state != ProjectState.AWAITING_AGREEMENT:
            raise ValidationError(_("协议已确认，不能再更换签署件"))
        blockers = agreement_blockers(project)
        if blockers:
            raise ValidationError(blockers)
        old = project.signed_scan.name if project.signed_scan else None
        project.signed_scan.save(cleaned.name, cleaned.as_file(), save=False)
        project.signed_scan_name = upload.name[:200]
        project.signed_uploaded_at = timezone.now()
        project.signed_uploaded_by = by
        project.agreement_state = AgreementState.UPLOADED
        project.save(
            update_fields=[
                "signed_scan",
                "signed_scan_name",
                "signed_uploaded_at",
                "signed_uploaded_by",
                "agreement_state",
                "updated_at",
            ]
        )
        log_event(project, user=by, summary=_("上传协议签署件"), file=upload.name[:200])
        if old and old != project.signed_scan.name:
            storage = project.signed_scan.storage
            transaction.on_commit(lambda: storage.delete(old))
    return project


def confirm_agreement(project, *, by) -> FundedProject:
    """Staff confirm the signed agreement: 待签约 → 实施中 (see `projects.effects` for the rest)."""
    return perform_transition(project, "confirm_agreement", by=by)
