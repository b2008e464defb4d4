"""States and choices of the funded-project life cycles, kept apart so rules and conditions can
name them without importing the models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectState(models.TextChoices):
    AWAITING_AGREEMENT = "awaiting_agreement", _("待签约")
    IN_PROGRESS = "in_progress", _("实施中")
    MIDTERM = "midterm", _("中期评估")
    FINAL_EVALUATION = "final_evaluation", _("终期评估")
    CLOSED = "closed", _("已结项")
    SUSPENDED = "suspended", _("暂停")
    TERMINATED = "terminated", _("已终止")


class AgreementState(models.TextChoices):
    """Where the signed agreement stands (a sub-step of 待签约, not a separate life cycle)."""

    GENERATED = "generated", _("待上传签署件")
    UPLOADED = "uploaded", _("待工作人员确认")
    CONFIRMED = "confirmed", _("已确认")


class AdjustmentState(models.TextChoices):
    """The budget adjustment after a reduced award (调整后预算)."""

    DRAFT = "draft", _("待提交")
    SUBMITTED = "submitted", _("待确认")
    RETURNED = "returned", _("退回修改")
    CONFIRMED = "confirmed", _("已确认")


class TrancheState(models.TextChoices):
    NOT_DUE = "not_due", _("未到期")
    PAYABLE = "payable", _("可拨付")
    PAID = "paid", _("已拨付")
    SUSPENDED = "suspended", _("暂停")
    CANCELLED = "cancelled", _("取消")


class TrancheTrigger(models.TextChoices):
    AGREEMENT_SIGNED = "agreement_signed", _("协议签订")
    MIDTERM_PASSED = "midterm_passed", _("中期评估通过")
    FINAL_PASSED = "final_passed", _("终期评估通过")
    REPORT_APPROVED = "report_approved", _("报告审核通过")
    DATE = "date", _("指定日期")


class ReportKind(models.TextChoices):
    MONTHLY = "monthly", _("月度报告")
    QUARTERLY = "quarterly", _("季度报告")
    MIDTERM = "midterm", _("中期报告")
    FINAL = "final", _("结项报告")


class ReportState(models.TextChoices):
    DUE = "due", _("待提交")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("退回修改")
    APPROVED = "approved", _("已通过")
    OVERDUE = "overdue", _("逾期")


class ChangeKind(models.TextChoices):
    PERIOD = "period", _("调整项目周期")
    ACTIVITIES = "activities", _("调整活动安排")
    BUDGET = "budget", _("预算调整")


class ChangeState(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")
    WITHDRAWN = "withdrawn", _("已撤回")


P = ProjectState

# A project is "running" (reports are due, money may move) in these states.
RUNNING_STATES = (P.IN_PROGRESS, P.MIDTERM, P.FINAL_EVALUATION)
# Staff may suspend or terminate a project in these states.
STOPPABLE_STATES = (P.AWAITING_AGREEMENT, *RUNNING_STATES)
# The public directory lists projects in these states (under way or done).
PUBLIC_STATES = (*RUNNING_STATES, P.CLOSED, P.SUSPENDED)
# A tranche is still open (may still be paid) in these states.
OPEN_TRANCHE_STATES = ("not_due", "payable", "suspended")
