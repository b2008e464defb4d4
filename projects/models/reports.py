"""Progress reports (项目报告): 待提交 → 已提交 → 退回修改 / 已通过, and 逾期 at the due date."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core.files import private_storage
from core.fsm import WorkflowModel
from core.rules import condition
from core.scoping import ScopedQuerySet
from projects import permissions as perms
from projects.models.states import ReportKind, ReportState
from projects.models.states import ReportState as R

MONEY = {"max_digits": 14, "decimal_places": 2}


# A report in these states has not been handed in: past its due date it is overdue.
NOT_HANDED_IN = (R.DUE, R.OVERDUE)


class ProgressReportQuerySet(ScopedQuerySet):
    def overdue(self, today=None):
        """Reports not handed in by their due date, as of `today` (Beijing). Computed when read:
        the scheduler's 逾期 mark (`mark_overdue`) only sends the notice, nothing waits for it."""
        today = today or timezone.localdate()
        return self.filter(state__in=NOT_HANDED_IN, due_on__lt=today)


@condition(_("请至少填写一项已开展的活动"))
def has_activities(report) -> bool:
    return report.activities.exists()


@condition(_("报告尚未到截止日期"))
def due_date_passed(report) -> bool:
    return timezone.localdate() > report.due_on


class ProgressReport(WorkflowModel):
    state = FSMField(_("状态"), default=R.DUE, choices=R.choices, protected=True)

    @transition(
        field=state,
        source=(R.DUE, R.RETURNED, R.OVERDUE),
        target=R.SUBMITTED,
        permission=perms.can_submit_report,
        conditions=[has_activities],
        custom={"label": _("提交报告")},
    )
    def submit(self, *, by=None, reason=""):
        now = timezone.now()
        if self.state == R.OVERDUE or timezone.localdate() > self.due_on:
            self.submitted_late = True
        self.submitted_at = now
        self.submitted_by = by

    @transition(
        field=state,
        source=R.SUBMITTED,
        target=R.RETURNED,
        permission=perms.can_review_report,
        custom={"label": _("退回修改"), "needs_reason": True},
    )
    def return_for_revision(self, *, by=None, reason=""):
        self.last_reason = reason
        self.reviewed_at = timezone.now()
        self.reviewed_by = by

    @transition(
        field=state,
        source=R.SUBMITTED,
        target=R.APPROVED,
        permission=perms.can_review_report,
        custom={
            "label": _("审核通过"),
            "confirm": _(
                "报告将审核通过并计入预算执行，等待该报告的拨付批次将变为可拨付；此操作不能撤销。"
            ),
        },
    )
    def approve(self, *, by=None, reason=""):
        self.last_reason = reason
        self.reviewed_at = timezone.now()
        self.reviewed_by = by

    @transition(
        field=state,
        source=R.DUE,
        target=R.OVERDUE,
        permission=perms.can_mark_overdue_or_system,
        conditions=[due_date_passed],
        custom={"label": _("标记逾期")},
    )
    def mark_overdue(self, *, by=None, reason=""):
        self.overdue_at = timezone.now()

    project = models.ForeignKey(
        "projects.FundedProject",
        verbose_name=_("资助项目"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    kind = models.CharField(_("报告类型"), max_length=16, choices=ReportKind.choices)
    period_start = models.DateField(_("报告期开始"))
    period_end = models.DateField(_("报告期结束"))
    due_on = models.DateField(_("提交截止日期"))
    summary = models.TextField(_("进展概述"), blank=True)
    beneficiaries_reached = models.PositiveIntegerField(_("本期服务受益人次"), default=0)
    problems = models.TextField(_("存在问题与改进措施"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    submitted_late = models.BooleanField(_("逾期提交"), default=False, editable=False)
    overdue_at = models.DateTimeField(_("标记逾期时间"), null=True, blank=True, editable=False)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    last_reason = models.TextField(_("审核意见"), blank=True, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ProgressReportQuerySet.as_manager()
    DEPARTMENT_PATH = "project__call__department"  # core.scoping

    class Meta:
        verbose_name = _("项目报告")
        verbose_name_plural = _("项目报告")
        ordering = ["project", "due_on", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind", "period_end"], name="report_one_per_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="report_period_ordered",
            ),
        ]
        indexes = [models.Index(fields=["state", "due_on"])]

    def __str__(self):
        return f"{self.project}：{self.title}"

    @property
    def title(self) -> str:
        kind = ReportKind(self.kind)
        if kind == ReportKind.MONTHLY:
            return str(
                _("%(y)d年%(m)d月月度报告")
                % {"y": self.period_end.year, "m": self.period_end.month}
            )
        if kind == ReportKind.QUARTERLY:
            quarter = (self.period_end.month - 1) // 3 + 1
            return str(_("%(y)d年第%(q)d季度报告") % {"y": self.period_end.year, "q": quarter})
        return str(kind.label)

    @property
    def is_open(self) -> bool:
        return self.state in (ReportState.DUE, ReportState.RETURNED, ReportState.OVERDUE)

    def days_overdue(self, today=None) -> int:
        """Days past the due date while not handed in (0 otherwise), as of `today` (Beijing);
        the same rule as `ProgressReport.objects.overdue`."""
        today = today or timezone.localdate()
        if self.state not in NOT_HANDED_IN or self.due_on >= today:
            return 0
        return (today - self.due_on).days

    @property
    def is_overdue(self) -> bool:
        return self.days_overdue() > 0

    @property
    def overdue_text(self) -> str:
        """ "逾期 N 天", or "" when the report is not overdue."""
        days = self.days_overdue()
        return str(_("逾期 %(days)d 天") % {"days": days}) if days else ""

    @property
    def state_text(self) -> str:
        """The state as people should read it: "逾期 N 天" for a report past due whether or not
        the scheduler has marked it, else the state's label."""
        return self.overdue_text or str(self.get_state_display())

    def spending_total(self) -> Decimal:
        return sum((s.amount for s in self.spending.all()), Decimal("0.00"))

    def after_transition(self, name, *, by, reason):
        from projects.notify import report_state_changed
        from projects.tranches import release

        if name == "approve":
            release(self.project, "report_approved", by=by, report_kind=self.kind)
        report_state_changed(self, name=name, by=by, reason=reason)


class ReportActivity(models.Model):
    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("项目报告"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    held_on = models.DateField(_("活动日期"))
    place = models.CharField(_("活动地点"), max_length=200)
    participants = models.PositiveIntegerField(_("参与人次"))
    description = models.TextField(_("活动内容"))

    class Meta:
        verbose_name = _("活动记录")
        verbose_name_plural = _("活动记录")
        ordering = ["report", "held_on", "pk"]

    def __str__(self):
        return f"{self.held_on} {self.place}"


class ReportSpending(models.Model):
    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("项目报告"),
        on_delete=models.CASCADE,
        related_name="spending",
    )
    line = models.ForeignKey(
        "projects.ProjectBudgetLine",
        verbose_name=_("预算科目"),
        on_delete=models.PROTECT,
        related_name="spending",
    )
    amount = models.DecimalField(
        _("本期支出（元）"), validators=[MinValueValidator(Decimal("0"))], **MONEY
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("预算支出")
        verbose_name_plural = _("预算支出")
        constraints = [
            models.UniqueConstraint(fields=["report", "line"], name="spending_one_per_line"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="spending_not_negative"),
        ]

    def __str__(self):
        return f"{self.line}：{self.amount}"


def photo_upload_to(instance, filename):
    return f"projects/{instance.report.project_id}/photos/{filename}"


class ReportPhoto(models.Model):
    """A photo of an activity: verified, EXIF stripped and resized on upload; private until staff
    mark it public."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("项目报告"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(_("照片"), storage=private_storage, upload_to=photo_upload_to)
    caption = models.CharField(_("照片说明"), max_length=200, blank=True)
    width = models.PositiveIntegerField(_("宽度"), default=0)
    height = models.PositiveIntegerField(_("高度"), default=0)
    content_type = models.CharField(_("文件类型"), max_length=50)
    sha256 = models.CharField(max_length=64)
    is_public = models.BooleanField(_("公开展示"), default=False)
    made_public_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("公开操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    DEPARTMENT_PATH = "report__project__call__department"  # core.scoping

    class Meta:
        verbose_name = _("活动照片")
        verbose_name_plural = _("活动照片")
        ordering = ["report", "uploaded_at", "pk"]

    def __str__(self):
        return self.caption or str(_("活动照片"))
