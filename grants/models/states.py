"""The states of the grants life cycles, kept apart so conditions and rules can name them
without importing the models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CallKind(models.TextChoices):
    # Values equal orgs.ProgrammeScope so a sanction's scope matches the call's kind.
    VENTURE = "venture", _("公益创投")
    PURCHASE = "purchase", _("政府购买服务")


class CallState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布（征集中）")
    CLOSED = "closed", _("已截止")
    REVIEWING = "reviewing", _("评审中")
    PUBLICITY = "publicity", _("公示中")
    DECIDED = "decided", _("已确定")
    ARCHIVED = "archived", _("已归档")


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    SCREENING = "screening", _("形式审查中")
    RETURNED = "returned", _("退回补正")
    SCREENING_FAILED = "screening_failed", _("审查不通过")
    SCREENING_PASSED = "screening_passed", _("审查通过")
    REVIEWING = "reviewing", _("评审中")
    # Owned by the review issue; declared here so the life cycle reads whole.
    REVIEWED = "reviewed", _("已评审")
    RECOMMENDED = "recommended", _("拟资助")
    NOT_SELECTED = "not_selected", _("未入选")
    PUBLICITY = "publicity", _("公示中")
    FUNDED = "funded", _("已立项")
    CANCELLED = "cancelled", _("已取消")
    WITHDRAWN = "withdrawn", _("已撤回")


A = ApplicationState

# The applicant may edit the form in these states.
EDITABLE_STATES = frozenset({A.DRAFT, A.RETURNED})
# The applicant may withdraw until the expert review starts.
WITHDRAWABLE_STATES = (A.DRAFT, A.SUBMITTED, A.SCREENING, A.RETURNED, A.SCREENING_PASSED)
# Staff decide the format screening from these states.
SCREENABLE_STATES = (A.SUBMITTED, A.SCREENING)
# Applications that count against "at most K applications per organization".
NOT_COUNTED_STATES = frozenset({A.WITHDRAWN})
