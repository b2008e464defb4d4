"""The payment plan: shares that add up to the award, trigger events that release tranches once,
payments recorded by staff, and stops."""

from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event
from core.money import figures
from core.workdays import add_working_days
from core.workflow import perform_transition
from projects.models.states import TrancheState as T
from projects.models.states import TrancheTrigger

CENT = Decimal("0.01")
HUNDRED = Decimal("100")


def amounts_from_shares(total: Decimal, shares: list[Decimal]) -> list[Decimal]:
    """Split `total` by percentage `shares` (adding up to 100) into cents that add up exactly:
    each share is rounded down and the last tranche takes the remaining cents."""
    if sum(shares, Decimal("0")) != HUNDRED:
        raise ValidationError(
            _("各批次比例合计须为100%%（当前为%(sum)s%%）") % {"sum": sum(shares)}
        )
    amounts = [(total * share / HUNDRED).quantize(CENT, rounding=ROUND_DOWN) for share in shares]
    amounts[-1] = total - sum(amounts[:-1], Decimal("0"))
    return amounts


def check_plan(project, rows: list[dict]) -> None:
    """Raise ValidationError unless `rows` (each with `amount`) add up to the award exactly."""
    if not rows:
        raise ValidationError(_("拨付计划至少包含一个批次"))
    total = Decimal("0")
    for i, row in enumerate(rows, start=1):
        amount = row.get("amount")
        if amount is None or amount <= 0:
            raise ValidationError(_("第%(n)d批次金额须大于0") % {"n": i})
        if amount != amount.quantize(CENT):
            raise ValidationError(_("第%(n)d批次金额最多保留两位小数") % {"n": i})
        if row.get("trigger") == TrancheTrigger.DATE and not row.get("trigger_date"):
            raise ValidationError(_("第%(n)d批次按指定日期拨付，请填写日期") % {"n": i})
        total += amount
    if total != project.amount:
        raise ValidationError(
            _("各批次金额合计（%(sum)s元）与资助金额（%(amount)s元）不一致")
            % {"sum": figures(total), "amount": figures(project.amount)}
        )


def replace_plan(project, rows: list[dict], *, by=None) -> list:
    """Replace the whole plan (before any tranche was released or paid)."""
    from projects.models import Tranche

    check_plan(project, rows)
    with transaction.atomic():
        if project.tranches.exclude(state=T.NOT_DUE).exists():
            raise ValidationError(_("已有批次进入拨付流程，不能再整体修改拨付计划"))
        project.tranches.all().delete()
        tranches = Tranche.objects.bulk_create(
            Tranche(
                project=project,
                position=i,
                title=row.get("title") or _("第%(n)d期") % {"n": i},
                amount=row["amount"],
                trigger=row["trigger"],
                trigger_date=row.get("trigger_date"),
                trigger_report_kind=row.get("trigger_report_kind") or "",
                working_days=row.get("working_days"),
            )
            for i, row in enumerate(rows, start=1)
        )
        if by is not None:
            log_event(
                project,
                user=by,
                summary=_("修改拨付计划"),
                tranches=[[str(r["amount"]), r["trigger"]] for r in rows],
            )
    return tranches


def plan_from_shares(project, rows: list[dict], *, by=None) -> list:
    amounts = amounts_from_shares(project.amount, [Decimal(r["share"]) for r in rows])
    rows = [{**r, "amount": a} for r, a in zip(rows, amounts, strict=True)]
    return replace_plan(project, rows, by=by)


def release(project, trigger: str, *, by=None, report_kind: str = "", today=None) -> list:
    """Make payable every not-yet-due tranche of `project` waiting for `trigger`. A tranche is
    released once: a second event finds it no longer 未到期."""
    today = today or timezone.localdate()
    qs = project.tranches.filter(state=T.NOT_DUE, trigger=trigger)
    if trigger == TrancheTrigger.REPORT_APPROVED:
        qs = qs.filter(trigger_report_kind__in=["", report_kind])
    if trigger == TrancheTrigger.DATE:
        qs = qs.filter(trigger_date__lte=today)
    done = []
    for tranche in qs.order_by("position"):
        tranche = perform_transition(tranche, "release", by=by)
        if tranche.working_days is not None:
            type(tranche).objects.filter(pk=tranche.pk).update(
                pay_by=add_working_days(today, tranche.working_days)
            )
        done.append(tranche)
    return done


def release_already_met(project, *, by=None) -> list:
    """After a resume: release tranches whose event already happened."""
    done = []
    if project.agreement_confirmed_at:
        done += release(project, TrancheTrigger.AGREEMENT_SIGNED, by=by)
    if project.midterm_passed:
        done += release(project, TrancheTrigger.MIDTERM_PASSED, by=by)
    if project.final_passed:
        done += release(project, TrancheTrigger.FINAL_PASSED, by=by)
    done += release(project, TrancheTrigger.DATE, by=by)
    return done


def stop_open(project, *, by, reason: str, cancel: bool = False) -> list:
    """Suspend (or cancel) every tranche not paid yet."""
    states = (T.NOT_DUE, T.PAYABLE, T.SUSPENDED) if cancel else (T.NOT_DUE, T.PAYABLE)
    name = "cancel" if cancel else "suspend"
    return [
        perform_transition(t, name, by=by, reason=reason)
        for t in project.tranches.filter(state__in=states).order_by("position")
    ]


def unsuspend_all(project, *, by, reason: str) -> list:
    return [
        perform_transition(t, "unsuspend", by=by, reason=reason)
        for t in project.tranches.filter(state=T.SUSPENDED).order_by("position")
    ]


def record_payment(tranche, *, paid_on, voucher_number: str, by, override_reason: str = ""):
    """Staff record a payment: date and voucher number, then 已拨付 (nothing saved if refused).

    While the project has an overdue report or a failed evaluation (`payment_stops`) `pay` is
    refused; a 审核人 may pay anyway with `override_reason` (transition `pay_with_override`): the
    audit entry keeps the reason and the stops overridden (`overridden`)."""
    from projects.conditions import payment_stops

    voucher_number = (voucher_number or "").strip()
    if not paid_on or not voucher_number:
        raise ValidationError(_("请填写拨付日期和凭证号"))
    if paid_on > timezone.localdate():
        raise ValidationError(_("拨付日期不能晚于今天"))
    data = {"paid_on": paid_on.isoformat(), "voucher": voucher_number}
    override_reason = (override_reason or "").strip()
    with transaction.atomic():
        type(tranche).objects.filter(pk=tranche.pk, state=T.PAYABLE).update(
            paid_on=paid_on, voucher_number=voucher_number
        )
        if not override_reason:
            return perform_transition(tranche, "pay", by=by, data=data)
        data["overridden"] = [str(stop) for stop in payment_stops(tranche.project)]
        return perform_transition(
            tranche, "pay_with_override", by=by, reason=override_reason, data=data
        )


def payment_overrides(tranches) -> dict:
    """{tranche pk: audit entry data} of the tranches among `tranches` paid by an approver's
    override (one query), for the staff pages."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    from core.audit import TRANSITION

    tranches = list(tranches)
    if not tranches:
        return {}
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(tranches[0])),
        object_id__in=[str(t.pk) for t in tranches],
        action=TRANSITION,
        data__transition="pay_with_override",
    ).select_related("user")
    return {
        int(e.object_id): {**e.data, "by": e.user_display_name, "at": e.timestamp} for e in entries
    }
