"""Evaluations (第三方评估): one per project and stage, commissioned to an evaluation agency."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core.files import private_storage
from core.fsm import WorkflowModel
from core.phones import PhoneField
from core.rules import condition
from core.scoping import ScopedQuerySet
from core.stored_files import StoredFile
from orgs.models import ProgrammeScope
from reports import permissions as perms
from reports.models.schemes import POINTS
from reports.models.states import (
    NARRATIVE_SECTIONS,
    ActivityKind,
    EvaluationState,
    Stage,
)

E = EvaluationState


@condition(_("尚未分派评估人员"))
def has_evaluators(evaluation) -> bool:
    return evaluation.evaluators.exists()


@condition(_("还有指标未评分或未填写评分依据"))
def all_scored(evaluation) -> bool:
    from reports.scoring import missing_scores

    return not missing_scores(evaluation)


@condition(_("报告正文各部分均须填写"))
def narrative_complete(evaluation) -> bool:
    return all((getattr(evaluation, name) or "").strip() for name, _label in NARRATIVE_SECTIONS)


@condition(_("评估结果尚未计算，请重新提交"))
def has_result(evaluation) -> bool:
    return evaluation.total_score is not None and bool(evaluation.grade)


class EvaluationQuerySet(ScopedQuerySet):
    def for_evaluator(self, user):
        """Evaluations `user` is assigned to, or those of agencies `user` administers."""
        from django.db.models import Q

        return self.filter(
            Q(evaluators=user)
            | Q(agency__memberships__user=user, agency__memberships__role="admin")
        ).distinct()

    def public(self):
        return self.filter(state=E.PUBLISHED)


class Evaluation(WorkflowModel):
    state = FSMField(_("状态"), default=E.COMMISSIONED, choices=E.choices, protected=True)

    # --- Transitions ------------------------------------------------------------------------
    @transition(
        field=state,
        source=E.COMMISSIONED,
        target=E.IN_PROGRESS,
        permission=perms.can_work_on,
        conditions=[has_evaluators],
        custom={"label": _("开始评估")},
    )
    def start(self, *, by=None, reason=""):
        self.started_at = timezone.now()

    @transition(
        field=state,
        source=(E.IN_PROGRESS, E.RETURNED),
        target=E.SUBMITTED,
        permission=perms.can_work_on,
        conditions=[all_scored, narrative_complete, has_result],
        custom={"label": _("提交评估结果")},
    )
    def submit(self, *, by=None, reason=""):
        self.submitted_at = timezone.now()

    @transition(
        field=state,
        source=E.SUBMITTED,
        target=E.RETURNED,
        permission=perms.can_decide,
        custom={"label": _("退回修改"), "needs_reason": True},
    )
    def return_for_changes(self, *, by=None, reason=""):
        self.last_reason = reason

    @transition(
        field=state,
        source=E.SUBMITTED,
        target=E.ACCEPTED,
        permission=perms.can_decide,
        conditions=[has_result],
        custom={"label": _("审定评估结果"), "two_person": "accept_evaluation"},
    )
    def accept(self, *, by=None, reason=""):
        self.accepted_at = timezone.now()
        self.accepted_by = by
        self.last_reason = reason

    @transition(
        field=state,
        source=E.ACCEPTED,
        target=E.PUBLISHED,
        permission=perms.can_decide,
        custom={"label": _("公开评估结果"), "confirm": _("评估结果将向社会公开，公开后不能撤回。")},
    )
    def publish(self, *, by=None, reason=""):
        self.published_at = timezone.now()

    # --- Fields ------------------------------------------------------------------------------
    project = models.ForeignKey(
        "projects.FundedProject",
        verbose_name=_("项目"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    stage = models.CharField(_("评估类型"), max_length=16, choices=Stage.choices)
    scheme = models.ForeignKey(
        "reports.EvaluationScheme",
        verbose_name=_("评价方案"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    agency = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("受托评估机构"),
        on_delete=models.PROTECT,
        related_name="evaluations_received",
    )
    evaluators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评估人员"),
        related_name="evaluations_assigned",
        blank=True,
    )
    due_on = models.DateField(_("完成期限"))
    commissioned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("委托人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    commissioned_at = models.DateTimeField(_("委托时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("审定时间"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审定人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    last_reason = models.TextField(_("最近一次退回或审定意见"), blank=True)

    # Result, recomputed whenever scores change (reports.scoring.recompute).
    base_score = models.DecimalField(_("指标得分"), **POINTS, null=True, blank=True)
    bonus = models.DecimalField(_("加分"), **POINTS, null=True, blank=True)
    penalty = models.DecimalField(_("扣分"), **POINTS, null=True, blank=True)
    total_score = models.DecimalField(_("总分"), **POINTS, null=True, blank=True)
    grade = models.CharField(_("等级"), max_length=20, blank=True)
    passed = models.BooleanField(_("是否通过"), null=True, blank=True)

    # The seven sections of the report (docs/domain.md §7).
    overview = models.TextField(_("基本概况"), blank=True)
    implementation = models.TextField(_("绩效评价的组织实施情况"), blank=True)
    methodology = models.TextField(_("绩效评价指标体系、评价标准和评价方法"), blank=True)
    achievement = models.TextField(_("绩效目标的实现程度"), blank=True)
    problems = models.TextField(_("存在问题及原因分析"), blank=True)
    conclusions = models.TextField(_("评价结论及建议"), blank=True)
    other = models.TextField(_("其他需要说明的问题"), blank=True)
    internal_notes = models.TextField(
        _("内部备注"), blank=True, help_text=_("只出现在内部版报告中，公开版不含")
    )

    sanction = models.ForeignKey(
        "orgs.Sanction",
        verbose_name=_("据此作出的限制措施"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = EvaluationQuerySet.as_manager()
    DEPARTMENT_PATH = "project__call__department"  # core.scoping

    class Meta:
        verbose_name = _("第三方评估")
        verbose_name_plural = _("第三方评估")
        ordering = ["-commissioned_at"]
        constraints = [
            models.UniqueConstraint(fields=["project", "stage"], name="one_evaluation_per_stage")
        ]

    def __str__(self):
        return f"{self.project}·{self.get_stage_display()}"

    def after_transition(self, name, *, by, reason):
        from reports import actions

        actions.after_evaluation_transition(self, name, by=by, reason=reason)


class IndicatorScore(models.Model):
    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("评估"), on_delete=models.CASCADE, related_name="scores"
    )
    indicator = models.ForeignKey(
        "reports.Indicator", verbose_name=_("指标"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(_("得分"), **POINTS, null=True, blank=True)
    basis = models.TextField(_("评分依据"), blank=True)
    computed = models.BooleanField(_("系统计算"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("指标得分")
        verbose_name_plural = _("指标得分")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "indicator"], name="one_score_per_indicator"
            )
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value}"


class Evidence(StoredFile):
    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("评估"), on_delete=models.CASCADE, related_name="evidence"
    )
    indicator = models.ForeignKey(
        "reports.Indicator",
        verbose_name=_("对应指标"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    file = models.FileField(_("文件"), storage=private_storage, upload_to="evaluations/evidence/")

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["uploaded_at"]


class FieldActivity(models.Model):
    """A site visit, interview, document review or meeting held during fieldwork."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("评估"), on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(_("方式"), max_length=20, choices=ActivityKind.choices)
    held_on = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    participants = models.TextField(
        _("参与/受访人员"), blank=True, help_text=_("含个人信息，只出现在内部版报告中")
    )
    summary = models.TextField(_("情况摘要"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("实地评估记录")
        verbose_name_plural = _("实地评估记录")
        ordering = ["held_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.held_on}"


class CallEvaluationSettings(models.Model):
    """Per-call rules of the evaluation stage that the call itself does not hold."""

    call = models.OneToOneField(
        "grants.Call",
        verbose_name=_("征集"),
        on_delete=models.CASCADE,
        related_name="evaluation_settings",
    )
    sanction_on_fail = models.BooleanField(
        _("评估不通过时限制申报"),
        default=False,
        help_text=_("审定结果为“差”或“不合格”时自动登记限制措施"),
    )
    sanction_months = models.PositiveSmallIntegerField(_("限制期限（月）"), default=24)
    sanction_scope = models.CharField(
        _("限制范围"), max_length=16, choices=ProgrammeScope.choices, default=ProgrammeScope.ALL
    )
    lottery_funded = models.BooleanField(_("使用福利彩票公益金"), default=False)
    lead_office = models.CharField(_("牵头处室"), max_length=100, blank=True)
    contact_office = models.CharField(_("联系处室"), max_length=100, blank=True)
    contact_phone = PhoneField(_("联系电话（办公）"), blank=True)

    objects = ScopedQuerySet.as_manager()
    DEPARTMENT_PATH = "call__department"  # core.scoping

    class Meta:
        verbose_name = _("征集评估设置")
        verbose_name_plural = _("征集评估设置")

    def __str__(self):
        return str(self.call)
