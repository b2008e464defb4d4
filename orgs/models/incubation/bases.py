"""Incubation bases (孵化基地): the place, what it offers and the numbers it runs by.

Every number a base works with (capacity, periods, deadlines in working days, the pass mark and
its checklist) is stored on the base, never a constant: bases differ and change their rules.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from core.scoping import ScopedQuerySet
from orgs.models.incubation.states import IN_BASE, Placement
from orgs.models.organizations import OrgKind
from orgs.roles import Role, has_role, is_programme_staff


class IncubationBaseQuerySet(ScopedQuerySet):
    def managed_by(self, user):
        """Bases `user` manages (holding the 孵化基地管理员 role); for staff, the bases of the
        departments they see (`for_user`, issue 21). A manager keeps to the bases listing them,
        and to those of their departments, as the transition door does."""
        if is_programme_staff(user):
            return self.for_user(user)
        if not (getattr(user, "is_active", False) and has_role(user, Role.INCUBATOR_MANAGER)):
            return self.none()
        return self.for_user(user).filter(managers=user)


class IncubationBase(ClusterableModel):
    operator = models.OneToOneField(
        "orgs.Organization",
        verbose_name=_("运营方"),
        on_delete=models.PROTECT,
        related_name="incubation_base",
        limit_choices_to={"kind": OrgKind.INCUBATOR_OPERATOR},
        help_text=_("类型为“孵化基地运营方”的组织"),
    )
    # The department the base works for (its supervising 民政局 or street office): its staff see
    # and run the base's admissions (issue 21).
    department = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("主管部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervised_incubation_bases",
        limit_choices_to={"kind": OrgKind.GOVERNMENT},
    )
    name = models.CharField(_("基地名称"), max_length=200)
    address = models.CharField(_("地址"), max_length=200)
    description = models.TextField(_("基地简介"), blank=True)
    how_to_apply = models.TextField(
        _("申请方式"), blank=True, help_text=_("公开页面上展示的申请须知")
    )
    desks = models.PositiveSmallIntegerField(_("工位数"), default=0)
    rooms = models.PositiveSmallIntegerField(_("办公室（房间）数"), default=0)
    offers_physical = models.BooleanField(_("提供实体孵化"), default=True)
    offers_virtual = models.BooleanField(_("提供虚拟孵化"), default=True)
    services = models.TextField(
        _("提供的服务"), blank=True, help_text=_("每行一项，例如：导师辅导、财务代账")
    )
    default_period_months = models.PositiveSmallIntegerField(
        _("默认孵化期（月）"), default=12, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    midterm_after_months = models.PositiveSmallIntegerField(
        _("中期评估时间（入孵后第几个月）"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    answer_days = models.PositiveSmallIntegerField(
        _("答复期限（工作日）"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("自提交申请次日起按法定工作日计算"),
    )
    space_return_days = models.PositiveSmallIntegerField(
        _("退出后归还场地期限（工作日）"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    pass_mark = models.DecimalField(
        _("评估合格分"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("60"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("总分达到（含）该分数即为通过"),
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("基地管理员"),
        blank=True,
        related_name="managed_incubation_bases",
        limit_choices_to={"groups__name": Role.INCUBATOR_MANAGER.value},
        help_text=_("须具有“孵化基地管理员”角色"),
    )
    is_open = models.BooleanField(_("接受入驻申请"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = IncubationBaseQuerySet.as_manager()
    DEPARTMENT_PATH = "department"  # core.scoping

    class Meta:
        verbose_name = _("孵化基地")
        verbose_name_plural = _("孵化基地")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if self.operator_id and self.operator.kind != OrgKind.INCUBATOR_OPERATOR:
            errors["operator"] = _("运营方须为“孵化基地运营方”类型的组织")
        if not (self.offers_physical or self.offers_virtual):
            errors["offers_virtual"] = _("至少提供实体孵化或虚拟孵化中的一种")
        if self.midterm_after_months and self.default_period_months:
            if self.midterm_after_months >= self.default_period_months:
                errors["midterm_after_months"] = _("中期评估须在孵化期结束之前")
        if errors:
            raise ValidationError(errors)

    @property
    def service_list(self) -> list[str]:
        return [line.strip() for line in self.services.splitlines() if line.strip()]

    @property
    def placements_offered(self) -> list[str]:
        offered = [
            (self.offers_physical, Placement.PHYSICAL),
            (self.offers_virtual, Placement.VIRTUAL),
        ]
        return [placement for on, placement in offered if on]

    def offers(self, placement: str) -> bool:
        return placement in self.placements_offered

    def occupied_desks(self) -> int:
        """Desks taken by organizations inside the base in physical incubation."""
        return self.incubations.filter(state__in=IN_BASE, placement=Placement.PHYSICAL).count()

    def free_desks(self) -> int:
        return max(self.desks - self.occupied_desks(), 0)

    def manager_emails(self) -> list[str]:
        return list(
            self.managers.filter(is_active=True, groups__name=Role.INCUBATOR_MANAGER.value)
            .values_list("email", flat=True)
            .distinct()
        )


class AssessmentItem(Orderable):
    """One heading of a base's assessment checklist, with the most points it can earn."""

    base = ParentalKey(IncubationBase, on_delete=models.CASCADE, related_name="checklist")
    DEPARTMENT_PATH = "base__department"  # core.scoping
    name = models.CharField(_("评估项目"), max_length=100)
    max_points = models.DecimalField(
        _("满分"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )

    class Meta(Orderable.Meta):
        verbose_name = _("评估项目")
        verbose_name_plural = _("评估项目")

    def __str__(self):
        return f"{self.name}（{self.max_points}）"


class ReminderLog(models.Model):
    """One reminder e-mail per base per day: what makes the reminder command idempotent."""

    base = models.ForeignKey(
        IncubationBase, verbose_name=_("孵化基地"), on_delete=models.CASCADE, related_name="+"
    )
    sent_on = models.DateField(_("提醒日期"))
    DEPARTMENT_PATH = "base__department"  # core.scoping
    recipients = models.JSONField(_("收件人"), default=list)
    summary = models.JSONField(_("提醒内容"), default=dict)

    class Meta:
        verbose_name = _("孵化提醒记录")
        verbose_name_plural = _("孵化提醒记录")
        constraints = [
            models.UniqueConstraint(
                fields=["base", "sent_on"], name="one_reminder_per_base_per_day"
            )
        ]

    def __str__(self):
        return f"{self.base} {self.sent_on:%Y-%m-%d}"
