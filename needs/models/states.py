"""The states and choice lists of the demand library, kept apart so rules and conditions can name
them without importing the models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NeedState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("退回")
    REJECTED = "rejected", _("不予采纳")
    PUBLISHED = "published", _("已审核公开")
    IN_CALL = "in_call", _("已纳入征集")
    SATISFIED = "satisfied", _("已满足")
    CLOSED = "closed", _("已关闭")


S = NeedState

# Shown on the public board (a closed need only if it had been published before).
PUBLIC_STATES = (S.PUBLISHED, S.IN_CALL, S.SATISFIED, S.CLOSED)
# Organizations may offer to serve a need in these states.
OPEN_FOR_INTEREST = (S.PUBLISHED, S.IN_CALL)
# The owner may change the text of the need in these states.
EDITABLE_STATES = (S.DRAFT, S.RETURNED)
# Still waiting for an answer (the staff picture counts these as open).
OPEN_STATES = (S.PUBLISHED, S.IN_CALL)


class NeedSource(models.TextChoices):
    ORGANIZATION = "organization", _("社区、街道或部门提交")
    PUBLIC = "public", _("公众征集")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("一般")
    URGENT = "urgent", _("较急")
    CRITICAL = "critical", _("紧急")


class ServiceCategory(models.TextChoices):
    """服务领域 as calls name them (docs/domain.md §3.1); the catalogue item may be linked too."""

    ELDERLY = "elderly", _("扶老")
    DISABILITY = "disability", _("助残")
    CHILDREN = "children", _("救孤")
    POVERTY = "poverty", _("济困")
    GOVERNANCE = "governance", _("社区治理")
    HEALTH = "health", _("卫生健康")
    EDUCATION = "education", _("教育与青少年")
    CULTURE = "culture", _("文化服务")
    LEGAL = "legal", _("法律服务")
    EMPLOYMENT = "employment", _("就业服务")
    OTHER = "other", _("其他")


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("筹备中")
    PUBLISHED = "published", _("已公布结果")
