"""Change requests (项目变更申请): the organization asks, staff approve or reject."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core.fsm import WorkflowModel
from core.scoping import ScopedQuerySet
from projects import permissions as perms
from projects.models.states import ChangeKind
from projects.models.states import ChangeState as C

MONEY = {"max_digits": 14, "decimal_places": 2}


class ChangeRequest(WorkflowModel):
    state = FSMField(_("状态"), default=C.PENDING, choices=C.choices, protected=True)

    @transition(
        field=state,
        source=C.PENDING,
        target=C.APPROVED,
        permission=perms.can_decide_change,
        custom={"label": _("批准变更"), "confirm": _("变更将被批准并立即生效；此操作不能撤销。")},
    )
    def approve(self, *, by=None, reason=""):
        self._decide(by, reason)

    @transition(
        field=state,
        source=C.PENDING,
        target=C.REJECTED,
        permission=perms.can_decide_change,
        custom={
            "label": _("不予批准"),
            "confirm": _("变更申请将不予批准，处理意见通知承接单位；此操作不能撤销。"),
            "needs_reason": True,
        },
    )
    def reject(self, *, by=None, reason=""):
        self._decide(by, reason)

    @transition(
        field=state,
        source=C.PENDING,
        target=C.WITHDRAWN,
        permission=perms.can_withdraw_change,
        custom={
            "label": _("撤回申请"),
            "confirm": _("变更申请将被撤回，不能恢复；如需变更须重新申请。"),
        },
    )
    def withdraw(self, *, by=None, reason=""):
        self.decision = reason

    project = models.ForeignKey(
        "projects.FundedProject",
        verbose_name=_("资助项目"),
        on_delete=models.CASCADE,
        related_name="change_requests",
    )
    kind = models.CharField(_("变更类型"), max_length=16, choices=ChangeKind.choices)
    explanation = models.TextField(_("变更理由"))
    new_ends_on = models.DateField(_("变更后结束日期"), null=True, blank=True)
    new_activities = models.TextField(_("变更后活动安排"), blank=True)
    decision = models.TextField(_("审核意见"), blank=True, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True, editable=False)

    objects = ScopedQuerySet.as_manager()
    DEPARTMENT_PATH = "project__call__department"  # core.scoping

    class Meta:
        verbose_name = _("项目变更申请")
        verbose_name_plural = _("项目变更申请")
        ordering = ["-requested_at"]

    def __str__(self):
        return f"{self.project}：{self.get_kind_display()}"

    def _decide(self, by, reason):
        self.decided_by = by
        self.decided_at = timezone.now()
        self.decision = reason

    def after_transition(self, name, *, by, reason):
        from projects.changes import change_decided

        change_decided(self, name=name, by=by)


class BudgetShift(models.Model):
    """One move of money between two budget lines asked for in a change request."""

    change = models.ForeignKey(
        ChangeRequest, verbose_name=_("变更申请"), on_delete=models.CASCADE, related_name="shifts"
    )
    from_line = models.ForeignKey(
        "projects.ProjectBudgetLine",
        verbose_name=_("调出科目"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    to_line = models.ForeignKey(
        "projects.ProjectBudgetLine",
        verbose_name=_("调入科目"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    amount = models.DecimalField(
        _("调整金额（元）"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY
    )

    class Meta:
        verbose_name = _("预算调整")
        verbose_name_plural = _("预算调整")

    def __str__(self):
        return f"{self.from_line} → {self.to_line}：{self.amount}"
