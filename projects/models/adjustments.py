"""The adjusted budget after a reduced award (调整后预算): when staff fund less than requested the
organization re-plans its budget lines to add up to the award, staff confirm it, and only then is
the agreement generated. The requested lines stay on the adjustment as history."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core.fsm import WorkflowModel
from core.scoping import ScopedQuerySet
from projects import conditions as cond
from projects import permissions as perms
from projects.models.states import AdjustmentState as A

MONEY = {"max_digits": 14, "decimal_places": 2}


class BudgetAdjustment(WorkflowModel):
    state = FSMField(_("状态"), default=A.DRAFT, choices=A.choices, protected=True)

    @transition(
        field=state,
        source=(A.DRAFT, A.RETURNED),
        target=A.SUBMITTED,
        permission=perms.can_submit_budget_adjustment,
        conditions=[cond.adjustment_adds_up],
        custom={
            "label": _("提交调整后预算"),
            "confirm": _("调整后预算将提交工作人员确认，确认前不能修改。"),
        },
    )
    def submit(self, *, by=None, reason=""):
        self.submitted_at = timezone.now()
        self.submitted_by = by

    @transition(
        field=state,
        source=A.SUBMITTED,
        target=A.RETURNED,
        permission=perms.can_decide_budget_adjustment,
        custom={"label": _("退回修改"), "needs_reason": True},
    )
    def return_for_revision(self, *, by=None, reason=""):
        self.decision = reason

    @transition(
        field=state,
        source=A.SUBMITTED,
        target=A.CONFIRMED,
        permission=perms.can_decide_budget_adjustment,
        conditions=[cond.adjustment_adds_up],
        custom={
            "label": _("确认调整后预算"),
            "confirm": _(
                "项目预算将改为调整后的金额，之后据此生成协议、计算预算执行率；此操作不能撤销。"
            ),
        },
    )
    def confirm(self, *, by=None, reason=""):
        self.confirmed_at = timezone.now()
        self.confirmed_by = by
        self.decision = reason

    project = models.OneToOneField(
        "projects.FundedProject",
        verbose_name=_("资助项目"),
        on_delete=models.CASCADE,
        related_name="budget_adjustment",
    )
    award = models.DecimalField(_("资助金额（元）"), **MONEY)
    requested_total = models.DecimalField(_("申请资助金额（元）"), **MONEY)
    # The requested lines as they stood at the award: [{"category", "item", "amount"}].
    requested_lines = models.JSONField(_("申请时预算"), default=list, editable=False)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision = models.TextField(_("处理意见"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    DEPARTMENT_PATH = "project__call__department"  # core.scoping

    class Meta:
        verbose_name = _("调整后预算")
        verbose_name_plural = _("调整后预算")

    def __str__(self):
        return str(_("%(project)s的调整后预算") % {"project": self.project})

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines.all()), Decimal("0.00"))

    def after_transition(self, name, *, by, reason):
        from projects.budget_adjustment import adjustment_moved

        adjustment_moved(self, name=name, by=by, reason=reason)


class BudgetAdjustmentLine(models.Model):
    adjustment = models.ForeignKey(
        BudgetAdjustment,
        verbose_name=_("调整后预算"),
        on_delete=models.CASCADE,
        related_name="lines",
    )
    position = models.PositiveSmallIntegerField(_("序号"), default=0)
    category = models.CharField(_("预算科目"), max_length=50)
    item = models.CharField(_("明细项目"), max_length=200)
    amount = models.DecimalField(
        _("调整后金额（元）"), validators=[MinValueValidator(Decimal("0"))], **MONEY
    )

    class Meta:
        verbose_name = _("调整后预算科目")
        verbose_name_plural = _("调整后预算科目")
        ordering = ["adjustment", "position", "pk"]

    def __str__(self):
        return f"{self.category}·{self.item}"
