"""The recommended funded list (拟资助名单) and the staff's changes to it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.scoping import ScopedQuerySet

MONEY = {"max_digits": 14, "decimal_places": 2}


class Why(models.TextChoices):
    FUNDED = "funded", _("按排名拟资助")
    BELOW_MINIMUM = "below_minimum", _("低于拟资助最低分")
    BUDGET = "budget", _("资金总额不足")
    QUOTA_COUNT = "quota_count", _("该领域拟资助项目数已满")
    QUOTA_BUDGET = "quota_budget", _("该领域资金额度不足")
    NO_SCORES = "no_scores", _("有效评分数不足")
    STAFF = "staff", _("工作人员调整")


class RecommendationLine(models.Model):
    call = models.ForeignKey(
        "grants.Call", on_delete=models.CASCADE, related_name="recommendation_lines"
    )
    application = models.OneToOneField(
        "grants.Application", on_delete=models.CASCADE, related_name="recommendation"
    )
    position = models.PositiveIntegerField(_("排名"))
    final_score = models.DecimalField(
        _("最终得分"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    requested = models.DecimalField(_("申请金额（元）"), null=True, blank=True, **MONEY)
    proposed = models.BooleanField(_("系统建议资助"), default=False)
    proposed_why = models.CharField(_("系统建议说明"), max_length=16, choices=Why.choices)
    selected = models.BooleanField(_("拟资助"), default=False)
    amount = models.DecimalField(_("拟资助金额（元）"), null=True, blank=True, **MONEY)
    change_reason = models.TextField(_("调整理由"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("调整时间"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    DEPARTMENT_PATH = "call__department"  # core.scoping

    class Meta:
        verbose_name = _("拟资助建议")
        verbose_name_plural = _("拟资助建议")
        ordering = ["call", "position"]

    def __str__(self):
        return f"{self.position}. {self.application}"

    @property
    def changed(self) -> bool:
        return bool(self.change_reason)
