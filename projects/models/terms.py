"""Per-call terms for funded projects: the reporting plan, the default payment plan and the
limits on changes. Every number is a per-call default, never a constant (docs/domain.md)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from core.scoping import ScopedQuerySet
from projects.models.states import ReportKind, TrancheTrigger

PERCENT = {"max_digits": 6, "decimal_places": 2}
HUNDRED = Decimal("100")


class ProjectTerms(ClusterableModel):
    call = models.OneToOneField(
        "grants.Call",
        verbose_name=_("征集"),
        on_delete=models.CASCADE,
        related_name="project_terms",
    )
    monthly_reports = models.BooleanField(_("按月提交月度报告"), default=False)
    quarterly_reports = models.BooleanField(_("按季度提交季度报告"), default=True)
    midterm_report = models.BooleanField(_("提交中期报告"), default=True)
    final_report = models.BooleanField(_("提交结项报告"), default=True)
    report_due_days = models.PositiveSmallIntegerField(
        _("报告提交期限（天）"),
        default=10,
        help_text=_("报告期结束后多少个自然日内提交"),
    )
    midterm_required = models.BooleanField(
        _("需中期评估"), default=True, help_text=_("中期评估通过后方可进入终期评估")
    )
    starts_on = models.DateField(
        _("统一实施开始日期"), null=True, blank=True, help_text=_("留空则自签约确认之日起算")
    )
    ends_on = models.DateField(
        _("统一实施结束日期"), null=True, blank=True, help_text=_("留空则按项目周期推算")
    )
    budget_shift_limit = models.DecimalField(
        _("预算调整上限（%）"),
        default=Decimal("10"),
        validators=[MinValueValidator(0), MaxValueValidator(HUNDRED)],
        help_text=_("一次变更在预算科目间调整的金额合计，不得超过项目预算总额的该比例"),
        **PERCENT,
    )
    refund_days = models.PositiveSmallIntegerField(
        _("退款期限（工作日）"), default=15, help_text=_("项目终止后应在多少个工作日内退回资金")
    )

    objects = ScopedQuerySet.as_manager()
    DEPARTMENT_PATH = "call__department"  # core.scoping

    panels = [
        FieldPanel("call"),
        MultiFieldPanel(
            [
                FieldPanel("monthly_reports"),
                FieldPanel("quarterly_reports"),
                FieldPanel("midterm_report"),
                FieldPanel("final_report"),
                FieldPanel("report_due_days"),
            ],
            heading=_("报告计划"),
        ),
        MultiFieldPanel(
            [FieldPanel("midterm_required"), FieldPanel("starts_on"), FieldPanel("ends_on")],
            heading=_("实施与评估"),
        ),
        InlinePanel("tranche_templates", heading=_("默认拨付计划"), label=_("批次"), max_num=12),
        MultiFieldPanel(
            [FieldPanel("budget_shift_limit"), FieldPanel("refund_days")],
            heading=_("变更与终止"),
        ),
    ]

    class Meta:
        verbose_name = _("项目管理规则")
        verbose_name_plural = _("项目管理规则")

    def __str__(self):
        return str(_("%(call)s的项目管理规则") % {"call": self.call})

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("结束日期不能早于开始日期")})

    def report_kinds(self) -> list[str]:
        flags = [
            (self.monthly_reports, ReportKind.MONTHLY),
            (self.quarterly_reports, ReportKind.QUARTERLY),
            (self.midterm_report, ReportKind.MIDTERM),
            (self.final_report, ReportKind.FINAL),
        ]
        return [kind for on, kind in flags if on]


class TrancheTemplate(Orderable):
    """One tranche of a call's default payment plan, copied into each new project."""

    terms = ParentalKey(ProjectTerms, on_delete=models.CASCADE, related_name="tranche_templates")
    title = models.CharField(_("批次名称"), max_length=50)
    share = models.DecimalField(
        _("比例（%）"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(HUNDRED)],
        **PERCENT,
    )
    trigger = models.CharField(_("拨付条件"), max_length=20, choices=TrancheTrigger.choices)
    working_days = models.PositiveSmallIntegerField(
        _("拨付时限（工作日）"), null=True, blank=True, help_text=_("条件满足后多少个工作日内拨付")
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("share"),
        FieldPanel("trigger"),
        FieldPanel("working_days"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("拨付批次模板")
        verbose_name_plural = _("拨付批次模板")
