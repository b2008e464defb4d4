"""Satisfaction surveys (满意度调查) answered anonymously by the people a project served."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


def _token() -> str:
    return secrets.token_urlsafe(12)


# Five statements rated 1–5 (非常不满意 … 非常满意); short enough for a phone.
QUESTIONS = (
    ("q1", _("您对项目提供的服务内容是否满意？")),
    ("q2", _("您对工作人员的服务态度是否满意？")),
    ("q3", _("服务的时间、地点安排是否方便您参加？")),
    ("q4", _("参加项目后，您的情况是否得到改善？")),
    ("q5", _("总体而言，您对该项目是否满意？")),
)
RATING_CHOICES = (
    (5, _("非常满意")),
    (4, _("满意")),
    (3, _("一般")),
    (2, _("不满意")),
    (1, _("非常不满意")),
)


class SatisfactionSurvey(models.Model):
    evaluation = models.OneToOneField(
        "reports.Evaluation",
        verbose_name=_("评估"),
        on_delete=models.CASCADE,
        related_name="survey",
    )
    token = models.CharField(max_length=32, unique=True, default=_token, editable=False)
    is_open = models.BooleanField(_("开放填写"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("满意度调查")
        verbose_name_plural = _("满意度调查")

    def __str__(self):
        return str(self.evaluation)


class SurveyResponse(models.Model):
    survey = models.ForeignKey(
        SatisfactionSurvey, on_delete=models.CASCADE, related_name="responses"
    )
    answers = models.JSONField(_("答卷"))
    score = models.DecimalField(_("满意度（百分制）"), max_digits=5, decimal_places=2)
    comment = models.TextField(_("意见建议"), blank=True)
    # Salted hashes only: no identity is stored, yet a second answer from the same browser or
    # the same network+browser is recognised.
    browser_key = models.CharField(max_length=64)
    network_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("满意度答卷")
        verbose_name_plural = _("满意度答卷")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "browser_key"], name="one_answer_per_browser"
            ),
            models.UniqueConstraint(
                fields=["survey", "network_key"], name="one_answer_per_network"
            ),
        ]

    def __str__(self):
        return f"{self.survey} {self.created_at:%Y-%m-%d}"


class OfflineSurveyMethod(models.TextChoices):
    PAPER = "paper", _("纸质问卷")
    PHONE = "phone", _("电话回访")
    VISIT = "visit", _("入户访谈")


class OfflineSurveyResult(models.Model):
    """Survey answers collected by the evaluators off line (paper, phone, home visits), entered
    as a batch: how many people answered and their mean satisfaction. Counted with the online
    answers, weighted by respondents, in the satisfaction indicator."""

    evaluation = models.ForeignKey(
        "reports.Evaluation",
        verbose_name=_("评估"),
        on_delete=models.CASCADE,
        related_name="offline_surveys",
    )
    method = models.CharField(_("调查方式"), max_length=16, choices=OfflineSurveyMethod.choices)
    held_on = models.DateField(_("调查日期"))
    respondents = models.PositiveIntegerField(
        _("有效答卷数"), validators=[MinValueValidator(1), MaxValueValidator(100000)]
    )
    mean_score = models.DecimalField(
        _("平均满意度（百分制）"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("线下满意度调查")
        verbose_name_plural = _("线下满意度调查")
        ordering = ["held_on", "pk"]

    def __str__(self):
        return f"{self.get_method_display()} {self.held_on:%Y-%m-%d}"
