"""Performance reports (绩效评价报告): generated PDFs kept as numbered versions.

Two machines on one row: `state`, the report's life cycle (草稿 → 已生成 → 已审核 → 已公开), and
`job_state`, its background generation (无任务 → 排队中 → 生成中 → 已完成 / 失败), driven by
`reports.generation` through the same door.
"""

import uuid

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core.files import private_storage
from core.fsm import WorkflowModel
from core.rules import condition
from core.scoping import ScopedQuerySet
from reports import permissions as perms
from reports.models.states import (
    GENERATABLE_EVALUATION_STATES,
    RESULT_STATES,
    JobState,
    ReportState,
)

R = ReportState
J = JobState


@condition(_("评估结果尚未审定"))
def evaluation_accepted(report) -> bool:
    return report.evaluation.state in RESULT_STATES


@condition(_("尚未生成报告文件"))
def has_version(report) -> bool:
    return report.current_version_id is not None


@condition(_("评估结果提交后才能生成报告"))
def evaluation_submitted(report) -> bool:
    return report.evaluation.state in GENERATABLE_EVALUATION_STATES


@condition(_("报告已公开，不能重新生成"))
def not_published(report) -> bool:
    return report.state != R.PUBLISHED


class PerformanceReport(WorkflowModel):
    state = FSMField(_("状态"), default=R.DRAFT, choices=R.choices, protected=True)

    # --- Transitions ------------------------------------------------------------------------
    @transition(
        field=state,
        source=(R.DRAFT, R.GENERATED, R.REVIEWED),
        target=R.GENERATED,
        permission=perms.can_generate_report_or_system,
        conditions=[has_version],
        custom={"label": _("生成报告")},
    )
    def mark_generated(self, *, by=None, reason=""):
        # A regenerated file must be reviewed again.
        self.reviewed_at = None
        self.reviewed_by = None

    @transition(
        field=state,
        source=R.GENERATED,
        target=R.REVIEWED,
        permission=perms.can_approve_report,
        conditions=[has_version, evaluation_accepted],
        custom={"label": _("审核通过")},
    )
    def review(self, *, by=None, reason=""):
        self.reviewed_at = timezone.now()
        self.reviewed_by = by

    @transition(
        field=state,
        source=R.REVIEWED,
        target=R.PUBLISHED,
        permission=perms.can_approve_report,
        conditions=[has_version, evaluation_accepted],
        custom={
            "label": _("公开报告"),
            "confirm": _("报告的公开版本将在网站发布，公开后不能撤回。"),
            "two_person": "publish_report",
        },
    )
    def publish(self, *, by=None, reason=""):
        self.published_at = timezone.now()
        self.published_version_id = self.current_version_id

    # --- Generation job (reports.generation) -------------------------------------------------
    job_state = FSMField(
        _("生成任务"), max_length=16, default=J.IDLE, choices=J.choices, protected=True
    )

    @transition(
        field=job_state,
        source=(J.IDLE, J.DONE, J.FAILED),
        target=J.QUEUED,
        permission=perms.can_generate_report_or_system,
        conditions=[evaluation_submitted, not_published],
        custom={"label": _("请求生成")},
    )
    def queue_job(self, *, by=None, reason=""):
        """A fresh token: only the task enqueued with it may claim the job (after commit, see
        `after_transition`); a copy delivered twice, or an older request, finds nothing."""
        self.job_token = uuid.uuid4()
        self.job_error = ""
        self.job_requested_by = by
        self.job_updated_at = timezone.now()
        self.batch = None

    @transition(
        field=job_state,
        source=J.QUEUED,
        target=J.RUNNING,
        permission=perms.is_worker_or_scheduler,
        custom={"label": _("开始生成")},
    )
    def start_job(self, *, by=None, reason=""):
        self.job_updated_at = timezone.now()

    @transition(
        field=job_state,
        source=J.RUNNING,
        target=J.DONE,
        permission=perms.is_worker_or_scheduler,
        custom={"label": _("生成完成")},
    )
    def finish_job(self, *, by=None, reason=""):
        self.job_updated_at = timezone.now()

    @transition(
        field=job_state,
        source=(J.QUEUED, J.RUNNING),
        target=J.FAILED,
        permission=perms.is_worker_or_scheduler,
        custom={"label": _("生成失败"), "needs_reason": True},
    )
    def fail_job(self, *, by=None, reason=""):
        """The worker's error, or the scheduler's time-out of a job whose worker died; staff
        read it and may queue the job again."""
        self.job_error = reason[:2000]
        self.job_updated_at = timezone.now()

    # --- Fields ------------------------------------------------------------------------------
    evaluation = models.OneToOneField(
        "reports.Evaluation",
        verbose_name=_("评估"),
        on_delete=models.CASCADE,
        related_name="report",
    )
    current_version = models.ForeignKey(
        "reports.ReportVersion",
        verbose_name=_("当前版本"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_version = models.ForeignKey(
        "reports.ReportVersion",
        verbose_name=_("公开版本"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)

    # Background generation (reports.generation); `job_state` is declared with its transitions.
    job_token = models.UUIDField(null=True, blank=True, editable=False)
    job_error = models.TextField(_("失败原因"), blank=True)
    job_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    job_updated_at = models.DateTimeField(null=True, blank=True)
    batch = models.ForeignKey(
        "reports.GenerationBatch",
        verbose_name=_("批量任务"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
    )

    objects = ScopedQuerySet.as_manager()
    DEPARTMENT_PATH = "evaluation__project__call__department"  # core.scoping

    class Meta:
        verbose_name = _("绩效评价报告")
        verbose_name_plural = _("绩效评价报告")

    def __str__(self):
        return str(_("%(evaluation)s绩效评价报告") % {"evaluation": self.evaluation})

    def after_transition(self, name, *, by, reason):
        if name == "publish":
            from reports.issued import issue_after_commit

            issue_after_commit(self)
        if name == "queue_job":
            report_id, token = self.pk, str(self.job_token)

            def enqueue():
                from reports.tasks import generate_report_task

                generate_report_task.enqueue(report_id=report_id, token=token)

            # A lost enqueue leaves the job 排队中 until the scheduler times it out (失败, retry).
            transaction.on_commit(enqueue, robust=True)


class ReportVersion(models.Model):
    report = models.ForeignKey(
        PerformanceReport, verbose_name=_("报告"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("版本号"))
    private_file = models.FileField(
        _("内部版"), storage=private_storage, upload_to="evaluations/reports/"
    )
    public_file = models.FileField(
        _("公开版"), storage=private_storage, upload_to="evaluations/reports/"
    )
    digest = models.CharField(_("内容摘要"), max_length=64)
    size = models.PositiveIntegerField(_("大小（字节）"))
    public_size = models.PositiveIntegerField(_("公开版大小（字节）"))
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    DEPARTMENT_PATH = "report__evaluation__project__call__department"  # core.scoping

    class Meta:
        verbose_name = _("报告版本")
        verbose_name_plural = _("报告版本")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="one_report_version_number")
        ]

    def __str__(self):
        return f"v{self.number}"


class GenerationBatch(models.Model):
    """Staff asked for every report of a call at once; progress is read from its reports."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    call = models.ForeignKey(
        "grants.Call", verbose_name=_("征集"), on_delete=models.CASCADE, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    DEPARTMENT_PATH = "call__department"  # core.scoping

    class Meta:
        verbose_name = _("批量生成任务")
        verbose_name_plural = _("批量生成任务")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.call} {self.created_at:%Y-%m-%d %H:%M}"

    def progress(self) -> dict:
        counts = {state: 0 for state in JobState.values}
        for state in self.reports.values_list("job_state", flat=True):
            counts[state] += 1
        counts["total"] = sum(counts.values())
        return counts
