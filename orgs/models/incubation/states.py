"""The vocabulary of incubation, apart so that rules and conditions can name it without models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IncubationState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    APPLIED = "applied", _("已申请")
    REVIEWING = "reviewing", _("审核中")
    ADMITTED = "admitted", _("已入驻")
    REJECTED = "rejected", _("未通过")
    INCUBATING = "incubating", _("孵化中")
    MIDTERM = "midterm", _("中期评估")
    FINAL = "final", _("出壳评估")
    GRADUATED = "graduated", _("已出壳")
    EXTENDED = "extended", _("延期孵化")
    EXITED = "exited", _("已退出")
    WITHDRAWN = "withdrawn", _("已撤回")


S = IncubationState

# Waiting for the base's answer (the answer deadline runs).
AWAITING_ANSWER = (S.APPLIED, S.REVIEWING)
# Inside the base: admitted and not yet graduated or gone. These occupy a desk when physical.
IN_BASE = (S.ADMITTED, S.INCUBATING, S.MIDTERM, S.FINAL, S.EXTENDED)
# Applicants may withdraw until the base has answered.
WITHDRAWABLE = (S.DRAFT, S.APPLIED, S.REVIEWING)
# Leaving the base early is possible from any state inside it.
EXITABLE = IN_BASE
# Moves that need more than a reason (a file, a date, scores): they have their own forms.
DATA_TRANSITIONS = frozenset({"admit", "extend", "exit", "pass_midterm", "graduate"})


class Placement(models.TextChoices):
    PHYSICAL = "physical", _("实体孵化")
    VIRTUAL = "virtual", _("虚拟孵化")


class Need(models.TextChoices):
    SPACE = "space", _("场地")
    TRAINING = "training", _("培训")
    MENTORING = "mentoring", _("导师")
    BOOKKEEPING = "bookkeeping", _("财务代账")
    RESOURCES = "resources", _("资源对接")
    OTHER = "other", _("其他")


class ExitReason(models.TextChoices):
    CONDITIONS_UNMET = "conditions_unmet", _("条件不满足")
    AGREEMENT_BREACHED = "agreement_breached", _("违反协议")
    OWN_REQUEST = "own_request", _("自行申请")


class AssessmentStage(models.TextChoices):
    MIDTERM = "midterm", _("中期评估")
    FINAL = "final", _("出壳评估")


class SupportKind(models.TextChoices):
    TRAINING = "training", _("培训")
    MENTORING = "mentoring", _("导师辅导")
    RESOURCE_MATCH = "resource_match", _("资源对接")
    ACTIVITY_GRANT = "activity_grant", _("小额活动资助")
    SPACE_USE = "space_use", _("场地使用")


class IncubationDocumentKind(models.TextChoices):
    APPLICATION = "application", _("申请材料")
    AGREEMENT = "agreement", _("入驻协议")
    REGISTRATION = "registration", _("登记证书")
    OTHER = "other", _("其他")
