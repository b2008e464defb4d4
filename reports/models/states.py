"""States and choices of the evaluation and report life cycles, kept apart so rules and
conditions can name them without importing the models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    MIDTERM = "midterm", _("中期评估")
    FINAL = "final", _("终期评估")


class SchemeMethod(models.TextChoices):
    POINTS = "points", _("按分值计分（各末级指标分值之和）")
    WEIGHTS = "weights", _("按权重计分（末级指标百分制得分×权重）")


class IndicatorKind(models.TextChoices):
    NORMAL = "normal", _("指标")
    BONUS = "bonus", _("加分项")
    PENALTY = "penalty", _("扣分项")


class IndicatorSource(models.TextChoices):
    """Where a leaf's score comes from: typed by the evaluator, or computed from data."""

    MANUAL = "manual", _("评估人员评分")
    FUNDS_ARRIVAL = "funds_arrival_rate", _("资金到位率（系统计算）")
    BUDGET_EXECUTION = "budget_execution_rate", _("预算执行率（系统计算）")
    SATISFACTION = "satisfaction", _("满意度调查（系统计算）")


class EvaluationState(models.TextChoices):
    COMMISSIONED = "commissioned", _("已委托")
    IN_PROGRESS = "in_progress", _("评估中")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("退回修改")
    ACCEPTED = "accepted", _("已审定")
    PUBLISHED = "published", _("已公开")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    GENERATED = "generated", _("已生成")
    REVIEWED = "reviewed", _("已审核")
    PUBLISHED = "published", _("已公开")


class JobState(models.TextChoices):
    """The background generation of one report: its own life cycle beside the report's
    (`PerformanceReport.job_state`), so queueing, claiming, finishing and failing each pass the
    door (lock, rule, audit)."""

    IDLE = "idle", _("无任务")
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class ActivityKind(models.TextChoices):
    SITE_VISIT = "site_visit", _("实地查看")
    INTERVIEW = "interview", _("访谈")
    DOCUMENT_REVIEW = "document_review", _("资料查阅")
    MEETING = "meeting", _("座谈会")


E = EvaluationState
EDITABLE_EVALUATION_STATES = (E.IN_PROGRESS, E.RETURNED)
RESULT_STATES = (E.ACCEPTED, E.PUBLISHED)
GENERATABLE_EVALUATION_STATES = (E.SUBMITTED, E.ACCEPTED, E.PUBLISHED)
BUSY_JOB_STATES = (JobState.QUEUED, JobState.RUNNING)

# The seven sections of 绩效评价报告 (docs/domain.md §7), in order: field name, heading.
NARRATIVE_SECTIONS = (
    ("overview", _("一、基本概况")),
    ("implementation", _("二、绩效评价的组织实施情况")),
    ("methodology", _("三、绩效评价指标体系、评价标准和评价方法")),
    ("achievement", _("四、绩效目标的实现程度")),
    ("problems", _("五、存在问题及原因分析")),
    ("conclusions", _("六、评价结论及建议")),
    ("other", _("七、其他需要说明的问题")),
)
