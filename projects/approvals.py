"""Registering a tranche payment is a two-person action (经办/审核, `core.approvals`): staff enter
the payment date and voucher number, an approver's approval records the payment
(`projects.tranches.record_payment`) with the approver as actor."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.approvals import Action, register
from projects.models.states import TrancheState
from projects.permissions import can_propose_payment

PAY = "pay_tranche"


def payment_data(*, paid_on: datetime.date, voucher_number: str, override_reason="") -> dict:
    data = {"paid_on": paid_on.isoformat(), "voucher_number": (voucher_number or "").strip()}
    if (override_reason or "").strip():
        data["override_reason"] = override_reason.strip()
    return data


def _pay(tranche, *, by, reason="", paid_on="", voucher_number="", override_reason=""):
    """While the project's obligations stop the money the proposal carries the 核准理由 and the
    approver's approval is the override (`pay_with_override`, an approver's transition)."""
    from projects.tranches import record_payment

    override = {"override_reason": override_reason} if override_reason else {}
    record_payment(
        tranche,
        paid_on=datetime.date.fromisoformat(paid_on) if paid_on else None,
        voucher_number=voucher_number,
        by=by,
        **override,
    )
    return _("已登记拨付：%(tranche)s") % {"tranche": tranche}


def _problems(tranche, data):
    if tranche.state != TrancheState.PAYABLE:
        return [_("该批次当前不可拨付")]
    if not data.get("paid_on") or not data.get("voucher_number"):
        return [_("请填写拨付日期和凭证号")]
    try:
        paid_on = datetime.date.fromisoformat(data["paid_on"])
    except (TypeError, ValueError):
        return [_("请填写拨付日期和凭证号")]
    if paid_on > timezone.localdate():
        return [_("拨付日期不能晚于今天")]
    return []


def _describe(data):
    rows = [(_("拨付日期"), data.get("paid_on", "")), (_("凭证号"), data.get("voucher_number", ""))]
    if data.get("override_reason"):
        rows.append((_("核准理由"), data["override_reason"]))
    return rows


def register_actions():
    register(
        Action(
            key=PAY,
            label=gettext_lazy("登记拨付"),
            model="projects.Tranche",
            perform=_pay,
            can_propose=can_propose_payment,
            problems=_problems,
            describe=_describe,
            order=40,
        )
    )
