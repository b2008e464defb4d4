"""The states of review's own life cycles, kept apart so rules can name them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AssignmentState(models.TextChoices):
    PENDING = "pending", _("待声明回避")
    SCORING = "scoring", _("评分中")
    SUBMITTED = "submitted", _("已提交评分")
    RECUSED = "recused", _("已回避")
    WITHDRAWN = "withdrawn", _("已撤销")


class ObjectionState(models.TextChoices):
    RECEIVED = "received", _("已受理")
    UPHELD = "upheld", _("异议成立")
    REJECTED = "rejected", _("异议不成立")


class ScoringRule(models.TextChoices):
    MEAN = "mean", _("算术平均")
    TRIMMED = "trimmed", _("去掉一个最高分和一个最低分后平均")
