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


class CodeChannel(models.TextChoices):
    PRINTED = "printed", _("打印发放")
    SMS = "sms", _("短信发送")


class SurveyCode(models.Model):
    """A single-use code a service user needs to answer (调查码): handed out on a printed sheet
    or sent by SMS by the evaluators, never by the evaluated organization. No phone number is
    kept. `used_at` is set in the same transaction that stores the answer."""

    survey = models.ForeignKey(SatisfactionSurvey, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(_("调查码"), max_length=8)
    channel = models.CharField(
        _("发放方式"), max_length=16, choices=CodeChannel.choices, default=CodeChannel.PRINTED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("调查码")
        verbose_name_plural = _("调查码")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="survey_code_unique"),
        ]

    def __str__(self):
        return f"{self.code[:4]}-{self.code[4:]}"


class SurveyResponse(models.Model):
    survey = models.ForeignKey(
        SatisfactionSurvey, on_delete=models.CASCADE, related_name="responses"
    )
    # The code consumed by this answer; empty only for answers stored before codes existed
    # (未验证: shown, not scored).
    code = models.OneToOneField(
        SurveyCode,
        verbose_name=_("调查码"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="response",
    )
    answers = models.JSONField(_("答卷"))
    score = models.DecimalField(_("满意度（百分制）"), max_digits=5, decimal_places=2)
    comment = models.TextField(_("意见建议"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("满意度答卷")
        verbose_name_plural = _("满意度答卷")

    def __str__(self):
        return f"{self.survey} {self.created_at:%Y-%m-%d}"

    @property
    def verified(self) -> bool:
        return self.code_id is not None


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
