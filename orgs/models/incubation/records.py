"""What happens during incubation: support given to the organization and its assessments."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from orgs.models.incubation.states import AssessmentStage, SupportKind

MONEY = {"max_digits": 12, "decimal_places": 2}


class SupportRecord(models.Model):
    """One training, mentoring session, resource match, small grant or period of space use."""

    DEPARTMENT_PATH = "incubation__base__department"  # core.scoping

    incubation = models.ForeignKey(
        "orgs.Incubation",
        verbose_name=_("入驻孵化"),
        on_delete=models.CASCADE,
        related_name="support_records",
    )
    kind = models.CharField(_("扶持类型"), max_length=32, choices=SupportKind.choices)
    date = models.DateField(_("日期"))
    hours = models.DecimalField(
        _("时长（小时）"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    description = models.TextField(_("内容"))
    amount = models.DecimalField(
        _("资助金额（元）"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("扶持记录")
        verbose_name_plural = _("扶持记录")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d}"


class Assessment(models.Model):
    """A scored midterm or graduation assessment. The checklist and pass mark are copied in, so
    later changes to the base's checklist never rewrite a past result."""

    DEPARTMENT_PATH = "incubation__base__department"  # core.scoping

    incubation = models.ForeignKey(
        "orgs.Incubation",
        verbose_name=_("入驻孵化"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    stage = models.CharField(_("评估类型"), max_length=16, choices=AssessmentStage.choices)
    assessed_on = models.DateField(_("评估日期"))
    scores = models.JSONField(_("评分明细"), default=list)  # [{"name", "max", "points"}]
    total = models.DecimalField(_("总分"), max_digits=6, decimal_places=1)
    max_total = models.DecimalField(_("满分"), max_digits=6, decimal_places=1)
    pass_mark = models.DecimalField(_("合格分"), max_digits=5, decimal_places=1)
    passed = models.BooleanField(_("是否通过"))
    comments = models.TextField(_("评估意见"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("孵化评估")
        verbose_name_plural = _("孵化评估")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_stage_display()} {self.total}/{self.max_total}"

    @property
    def result_label(self) -> str:
        return str(_("通过") if self.passed else _("未通过"))
