"""Performance reports (绩效评价报告): generated PDFs kept as numbered versions."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core.files import private_storage
from core.fsm import WorkflowModel
from core.rules import condition
from reports import permissions as perms
from reports.models.states import RESULT_STATES, JobState, ReportState

R = ReportState


@condition(_("评估结果尚未审定"))
def evaluation_accepted(report) -> bool:
    return report.evaluation.state in RESULT_STATES


@condition(_("尚未生成报告文件"))
def has_version(report) -> bool:
    return report.current_version_id is not None


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

    # Background generation (reports.generation): progress, not a life cycle.
    job_state = models.CharField(
        _("生成任务"), max_length=16, choices=JobState.choices, default=JobState.IDLE
    )
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

    class Meta:
        verbose_name = _("绩效评价报告")
        verbose_name_plural = _("绩效评价报告")

    def __str__(self):
        return str(_("%(evaluation)s绩效评价报告") % {"evaluation": self.evaluation})


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
