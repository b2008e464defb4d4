"""Suspending, resuming and terminating a project: the project moves through the one door and its
unpaid tranches follow; termination may demand a refund and bar the organization (orgs.Sanction)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event
from core.money import figures
from core.workdays import add_working_days
from core.workflow import perform_transition
from projects.models import FundedProject


def suspend_project(project, *, by, reason: str) -> FundedProject:
    return perform_transition(project, "suspend", by=by, reason=reason)


def resume_project(project, *, by, reason: str) -> FundedProject:
    """Back to where it was; suspended tranches return to the plan and those whose event already
    happened become payable again."""
    return perform_transition(project, "resume", by=by, reason=reason)


def terminate_project(
    project,
    *,
    by,
    reason: str,
    refund_amount: Decimal | None = None,
    sanction_until: datetime.date | None = None,
    sanction_scope: str = "",
    decision_ref: str = "",
) -> FundedProject:
    """已终止: every unpaid tranche cancelled; optionally a refund demand (at most what was paid)
    and a sanction barring the organization until `sanction_until` (None with a scope: indefinite).
    All or nothing."""
    from orgs.models import ProgrammeScope, Sanction
    from projects.creation import terms_for
    from projects.indicators import funds_received

    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("请填写终止原因"))
    today = timezone.localdate()
    with transaction.atomic():
        paid = funds_received(project)
        if refund_amount is not None:
            if refund_amount < 0 or refund_amount != refund_amount.quantize(Decimal("0.01")):
                raise ValidationError(_("退款金额须为不小于0、最多两位小数的金额"))
            if refund_amount > paid:
                raise ValidationError(
                    _("退款金额（%(refund)s元）不能超过已拨付金额（%(paid)s元）")
                    % {"refund": figures(refund_amount), "paid": figures(paid)}
                )
        if sanction_scope and sanction_until and sanction_until < today:
            raise ValidationError(_("限制截止日期不能早于今天"))
        project = perform_transition(project, "terminate", by=by, reason=reason)
        if refund_amount:
            project.refund_amount = refund_amount
            project.refund_due_on = add_working_days(today, terms_for(project.call).refund_days)
            project.save(update_fields=["refund_amount", "refund_due_on", "updated_at"])
            log_event(
                project,
                user=by,
                summary=_("要求退回资金%(amount)s元") % {"amount": figures(refund_amount)},
                amount=str(refund_amount),
                due=project.refund_due_on.isoformat(),
            )
        if sanction_scope:
            if sanction_scope not in ProgrammeScope.values:
                raise ValidationError(_("请选择限制范围"))
            sanction = Sanction(
                organization=project.organization,
                reason=_("资助项目《%(name)s》被终止：%(reason)s")
                % {"name": project.name, "reason": reason},
                scope=sanction_scope,
                starts_on=today,
                ends_on=sanction_until,
                decision_ref=decision_ref
                or _("项目终止决定（项目编号%(n)s）") % {"n": project.number or project.pk},
                created_by=by,
            )
            sanction.full_clean()
            sanction.save()
            log_event(
                project.organization,
                user=by,
                summary=_("因项目终止登记限制措施"),
                project=project.pk,
                sanction=sanction.pk,
            )
    return project


def record_refund(project, *, refunded_on: datetime.date, by) -> FundedProject:
    if project.refund_amount is None:
        raise ValidationError(_("该项目没有退款要求"))
    if refunded_on > timezone.localdate():
        raise ValidationError(_("到账日期不能晚于今天"))
    FundedProject.objects.filter(pk=project.pk).update(refunded_on=refunded_on)
    project.refresh_from_db()
    log_event(project, user=by, summary=_("登记退款到账"), date=refunded_on.isoformat())
    return project


def close_project(project, *, by) -> FundedProject:
    """已结项: only after the final evaluation and with no tranche left open."""
    return perform_transition(project, "close", by=by, data={"grade": project.final_grade})
