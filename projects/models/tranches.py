"""Payment tranches (资金拨付批次): 未到期 → 可拨付 → 已拨付, or 暂停 / 取消 with a reason."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core.formats import chinese_day
from core.fsm import WorkflowModel
from core.money import figures
from core.rules import condition
from core.scoping import ScopedQuerySet
from projects import conditions as cond
from projects import permissions as perms
from projects.models.states import ReportKind, TrancheState, TrancheTrigger
from projects.models.states import TrancheState as T

MONEY = {"max_digits": 14, "decimal_places": 2}


@condition(_("请填写拨付日期和凭证号"))
def payment_recorded(tranche) -> bool:
    return bool(tranche.paid_on and tranche.voucher_number.strip())


class Tranche(WorkflowModel):
    state = FSMField(_("状态"), default=T.NOT_DUE, choices=T.choices, protected=True)

    @transition(
        field=state,
        source=T.NOT_DUE,
        target=T.PAYABLE,
        permission=perms.can_release_tranche_or_system,
        custom={"label": _("可拨付")},
    )
    def release(self, *, by=None, reason=""):
        from django.utils import timezone

        self.released_at = timezone.now()

    @transition(
        field=state,
        source=T.PAYABLE,
        target=T.PAID,
        permission=perms.can_pay_tranche,
        conditions=[payment_recorded, cond.no_payment_stop],
        custom={
            "label": _("登记拨付"),
            "two_person": "pay_tranche",
            "confirm": _("该批次将记为已拨付，拨付日期和凭证号记入审计记录，不能撤销。"),
        },
    )
    def pay(self, *, by=None, reason=""):
        pass

    # Paying although an overdue report or a failed evaluation stops the money: only a 审核人,
    # only with a written reason, which the audit entry keeps with what was overridden.
    @transition(
        field=state,
        source=T.PAYABLE,
        target=T.PAID,
        permission=perms.can_override_payment_stop,
        conditions=[payment_recorded, cond.payment_stopped],
        custom={
            "label": _("核准后登记拨付"),
            "two_person": "pay_tranche",
            "needs_reason": True,
            "confirm": _(
                "项目存在暂停拨付事由，该批次仍将记为已拨付；核准理由和被核准的事由记入审计记录，"
                "不能撤销。"
            ),
        },
    )
    def pay_with_override(self, *, by=None, reason=""):
        pass

    @transition(
        field=state,
        source=(T.NOT_DUE, T.PAYABLE),
        target=T.SUSPENDED,
        permission=perms.can_release_tranche_or_system,
        custom={"label": _("暂停拨付"), "needs_reason": True},
    )
    def suspend(self, *, by=None, reason=""):
        self.reason = reason

    @transition(
        field=state,
        source=T.SUSPENDED,
        target=T.NOT_DUE,
        permission=perms.can_release_tranche_or_system,
        custom={"label": _("恢复拨付计划"), "needs_reason": True},
    )
    def unsuspend(self, *, by=None, reason=""):
        self.reason = reason

    @transition(
        field=state,
        source=(T.NOT_DUE, T.PAYABLE, T.SUSPENDED),
        target=T.CANCELLED,
        permission=perms.can_release_tranche_or_system,
        custom={
            "label": _("取消拨付"),
            "confirm": _("该批次将取消，不再拨付；此操作不能撤销。"),
            "needs_reason": True,
        },
    )
    def cancel(self, *, by=None, reason=""):
        self.reason = reason

    project = models.ForeignKey(
        "projects.FundedProject",
        verbose_name=_("资助项目"),
        on_delete=models.CASCADE,
        related_name="tranches",
    )
    position = models.PositiveSmallIntegerField(_("序号"), default=1)
    title = models.CharField(_("批次名称"), max_length=50)
    amount = models.DecimalField(
        _("金额（元）"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY
    )
    trigger = models.CharField(_("拨付条件"), max_length=20, choices=TrancheTrigger.choices)
    trigger_date = models.DateField(_("指定日期"), null=True, blank=True)
    trigger_report_kind = models.CharField(
        _("审核通过的报告类型"), max_length=16, choices=ReportKind.choices, blank=True
    )
    working_days = models.PositiveSmallIntegerField(_("拨付时限（工作日）"), null=True, blank=True)
    released_at = models.DateTimeField(_("可拨付时间"), null=True, blank=True, editable=False)
    pay_by = models.DateField(_("应拨付日期"), null=True, blank=True, editable=False)
    paid_on = models.DateField(_("拨付日期"), null=True, blank=True)
    voucher_number = models.CharField(_("凭证号"), max_length=60, blank=True)
    reason = models.TextField(_("暂停或取消原因"), blank=True, editable=False)

    objects = ScopedQuerySet.as_manager()
    DEPARTMENT_PATH = "project__call__department"  # core.scoping

    class Meta:
        verbose_name = _("拨付批次")
        verbose_name_plural = _("拨付批次")
        ordering = ["project", "position"]
        constraints = [
            models.UniqueConstraint(fields=["project", "position"], name="tranche_position"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="tranche_amount_positive"),
        ]

    def __str__(self):
        return f"{self.title}（{figures(self.amount)}元）"

    @property
    def share(self) -> Decimal:
        """The tranche's share of the award, in percent (2 places)."""
        if not self.project.amount:
            return Decimal("0.00")
        return (self.amount * 100 / self.project.amount).quantize(Decimal("0.01"))

    @property
    def is_open(self) -> bool:
        return self.state in (TrancheState.NOT_DUE, TrancheState.PAYABLE, TrancheState.SUSPENDED)

    def after_transition(self, name, *, by, reason):
        if name in ("pay", "pay_with_override"):
            from projects.notices import issue_payment_notice

            issue_payment_notice(self, by=by)

    def trigger_text(self) -> str:
        if self.trigger == TrancheTrigger.DATE and self.trigger_date:
            return str(_("%(date)s起") % {"date": chinese_day(self.trigger_date)})
        if self.trigger == TrancheTrigger.REPORT_APPROVED and self.trigger_report_kind:
            return str(_("%(kind)s审核通过") % {"kind": ReportKind(self.trigger_report_kind).label})
        return str(self.get_trigger_display())
