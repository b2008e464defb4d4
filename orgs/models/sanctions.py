from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core.fsm import WorkflowModel
from orgs import permissions as perms


class ProgrammeScope(models.TextChoices):
    ALL = "all", _("全部项目")
    VENTURE = "venture", _("公益创投")
    PURCHASE = "purchase", _("政府购买服务")
    INCUBATION = "incubation", _("孵化")


class SanctionState(models.TextChoices):
    """The decision's life cycle. Whether it restricts on a given day also depends on its dates
    (尚未开始 / 生效中 / 已到期, `orgs.admin.filters.SanctionStatus`), which are not states."""

    IN_FORCE = "in_force", _("未解除")
    LIFTED = "lifted", _("已解除")


class SanctionQuerySet(models.QuerySet):
    def in_force(self, on, scope: str):
        """Sanctions restricting an organization on day `on` for programme `scope`."""
        return self.filter(
            Q(scope=ProgrammeScope.ALL) | Q(scope=scope),
            starts_on__lte=on,
            state=SanctionState.IN_FORCE,
        ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))


class Sanction(WorkflowModel):
    """An eligibility restriction decided by staff (限制申报), e.g. after a terminated project."""

    state = FSMField(
        _("解除状态"),
        default=SanctionState.IN_FORCE,
        choices=SanctionState.choices,
        protected=True,
    )

    # --- Transitions --------------------------------------------------------------------------
    @transition(
        field=state,
        source=SanctionState.IN_FORCE,
        target=SanctionState.LIFTED,
        permission=perms.can_lift_sanction,
        custom={
            "label": _("解除限制"),
            "confirm": _("限制将被解除，该组织可以再次申报；此操作不能撤销。"),
            "needs_reason": True,
        },
    )
    def lift(self, *, by=None, reason=""):
        """It stays on record with the time and the reason."""
        self.lifted_at = timezone.now()
        self.lifted_reason = reason

    # --- Fields -------------------------------------------------------------------------------
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("组织"),
        on_delete=models.PROTECT,
        related_name="sanctions",
    )
    reason = models.TextField(_("限制原因"))
    scope = models.CharField(
        _("限制范围"), max_length=16, choices=ProgrammeScope.choices, default=ProgrammeScope.ALL
    )
    starts_on = models.DateField(_("起始日期"))
    ends_on = models.DateField(
        _("截止日期"), null=True, blank=True, help_text=_("留空表示长期有效，直至解除")
    )
    decision_ref = models.CharField(
        _("决定文号"), max_length=100, help_text=_("作出限制的决定文件文号或来源")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    lifted_at = models.DateTimeField(_("解除时间"), null=True, blank=True)
    lifted_reason = models.TextField(_("解除原因"), blank=True)

    objects = SanctionQuerySet.as_manager()

    class Meta:
        verbose_name = _("限制措施")
        verbose_name_plural = _("限制措施")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="sanction_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.organization}：{self.get_scope_display()}"

    @property
    def is_lifted(self) -> bool:
        return self.state == SanctionState.LIFTED

    def after_transition(self, name, *, by, reason):
        from core.audit import log_event

        if name == "lift":
            # Also in the organization's history, next to the sanction's recording.
            log_event(
                self.organization,
                user=by,
                summary=_("解除限制措施：%(scope)s") % {"scope": self.get_scope_display()},
                sanction=self.pk,
                decision_ref=self.decision_ref,
                reason=reason,
            )

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("截止日期不能早于起始日期")})
