"""Panels (评审组) drawn from the pool, and each expert's assignment to an application."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core.fsm import WorkflowModel
from core.rules import condition
from core.scoping import ScopedQuerySet
from review import permissions as perms
from review.models.states import AssignmentState as S


class Panel(models.Model):
    call = models.ForeignKey(
        "grants.Call",
        verbose_name=_("征集"),
        on_delete=models.CASCADE,
        related_name="review_panels",
    )
    category = models.ForeignKey(
        "grants.CallCategory",
        verbose_name=_("服务领域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_panels",
        help_text=_("留空表示评审该征集的全部申报书"),
    )
    size = models.PositiveSmallIntegerField(_("人数"))
    match_expertise = models.BooleanField(_("按专业领域抽取"), default=False)
    seed = models.BigIntegerField(_("随机种子"))
    # The expert ids eligible at the time of the draw, sorted: with the seed it reproduces it.
    pool = models.JSONField(_("抽取范围"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("抽取时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    DEPARTMENT_PATH = "call__department"  # core.scoping

    class Meta:
        verbose_name = _("评审组")
        verbose_name_plural = _("评审组")
        ordering = ["call", "pk"]

    def __str__(self):
        scope = self.category.name if self.category_id else _("全部领域")
        return f"{self.call} · {scope}"

    def applications(self):
        from grants.models import Application, ApplicationState

        qs = Application.objects.filter(call=self.call_id).exclude(
            state__in=[ApplicationState.DRAFT, ApplicationState.WITHDRAWN]
        )
        if self.category_id:
            qs = qs.filter(category=self.category_id)
        return qs


class PanelMember(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    expert = models.ForeignKey(
        "review.ExpertProfile",
        verbose_name=_("专家"),
        on_delete=models.PROTECT,
        related_name="seats",
    )
    position = models.PositiveSmallIntegerField(_("抽取顺序"))
    substitute_for = models.ForeignKey(
        "self",
        verbose_name=_("替补对象"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="substitutes",
    )
    declined_at = models.DateTimeField(_("谢绝时间"), null=True, blank=True)
    decline_reason = models.TextField(_("谢绝原因"), blank=True)

    objects = ScopedQuerySet.as_manager()

    DEPARTMENT_PATH = "panel__call__department"  # core.scoping

    class Meta:
        verbose_name = _("评审组成员")
        verbose_name_plural = _("评审组成员")
        ordering = ["panel", "position"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "expert"], name="review_one_seat_per_expert")
        ]

    def __str__(self):
        return str(self.expert)

    @property
    def active(self) -> bool:
        return self.declined_at is None


@condition(_("请为每个评分项打分"))
def all_criteria_scored(assignment) -> bool:
    return not assignment.sheet_problems(only="points")


@condition(_("得分较低的评分项须填写评语，并填写总体评审意见"))
def comments_present(assignment) -> bool:
    return not assignment.sheet_problems(only="comments")


@condition(_("评审已结束，评分表不能再声明、填写或提交"))
def review_open(assignment) -> bool:
    """The application and its call are still 评审中 (docs/domain.md §4): once the review is
    finished, or the call has moved on to the 公示, no sheet is declared, scored or submitted,
    whatever page the expert still has open."""
    from grants.models import ApplicationState, CallState

    application = assignment.application
    return application.state == ApplicationState.REVIEWING and (
        application.call.state == CallState.REVIEWING
    )


class ReviewAssignment(WorkflowModel):
    state = FSMField(_("状态"), default=S.PENDING, choices=S.choices, protected=True)

    # --- Transitions ------------------------------------------------------------------------
    @transition(
        field=state,
        source=S.PENDING,
        target=S.SCORING,
        permission=perms.is_assigned_expert,
        conditions=[review_open],
        custom={"label": _("声明无利益冲突")},
    )
    def declare_no_conflict(self, *, by=None, reason=""):
        self.declared_at = timezone.now()

    @transition(
        field=state,
        source=(S.PENDING, S.SCORING),
        target=S.RECUSED,
        permission=perms.is_assigned_expert,
        conditions=[review_open],
        custom={
            "label": _("声明回避"),
            "confirm": _("您将回避评审该申报书，不能再查看申报内容或评分；此声明不能撤回。"),
            "needs_reason": True,
        },
    )
    def declare_conflict(self, *, by=None, reason=""):
        self.declared_at = timezone.now()
        self.recusal_reason = reason

    @transition(
        field=state,
        source=S.SCORING,
        target=S.SUBMITTED,
        permission=perms.is_assigned_expert,
        conditions=[review_open, all_criteria_scored, comments_present],
        custom={"label": _("提交评分")},
    )
    def submit(self, *, by=None, reason=""):
        total = sum((s.points for s in self.scores.all()), Decimal("0"))
        self.total = total
        self.total_halves = int(total * 2)
        self.submitted_at = timezone.now()

    @transition(
        field=state,
        source=S.SUBMITTED,
        target=S.SCORING,
        permission=perms.can_reopen_sheet,
        conditions=[review_open],
        custom={"label": _("退回重新评分"), "needs_reason": True},
    )
    def reopen(self, *, by=None, reason=""):
        self.total = None
        self.total_halves = None
        self.submitted_at = None

    @transition(
        field=state,
        source=(S.PENDING, S.SCORING),
        target=S.WITHDRAWN,
        permission=perms.can_withdraw_assignment,
        custom={
            "label": _("撤销评审任务"),
            "confirm": _("该专家的评审任务将被撤销，评分不再计入；此操作不能撤销。"),
            "needs_reason": True,
        },
    )
    def withdraw(self, *, by=None, reason=""):
        pass

    member = models.ForeignKey(
        PanelMember,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("评审组成员"),
    )
    expert = models.ForeignKey(
        "review.ExpertProfile",
        verbose_name=_("专家"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    application = models.ForeignKey(
        "grants.Application",
        verbose_name=_("申报书"),
        on_delete=models.PROTECT,
        related_name="review_assignments",
    )
    opinion = models.TextField(_("总体评审意见"), blank=True)
    total = models.DecimalField(_("总分"), max_digits=6, decimal_places=1, null=True, blank=True)
    # The total in half points: integer arithmetic lets the database round exactly (ranking).
    total_halves = models.PositiveIntegerField(null=True, blank=True, editable=False)
    recusal_reason = models.TextField(_("回避原因"), blank=True)
    declared_at = models.DateTimeField(_("声明时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("分配时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    # The score sheet belongs to the call's department; experts reach their own sheets through
    # their assignment (they are not bound to departments, core.scoping).
    DEPARTMENT_PATH = "application__call__department"  # core.scoping

    class Meta:
        verbose_name = _("评审任务")
        verbose_name_plural = _("评审任务")
        ordering = ["application", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["expert", "application"], name="review_one_assignment_per_expert"
            )
        ]
        indexes = [models.Index(fields=["application", "state"])]

    def __str__(self):
        return f"{self.expert} → {self.application}"

    @property
    def plan(self):
        return self.application.call.review_plan

    def sheet_problems(self, only=None) -> list[str]:
        """What keeps the score sheet from being submitted (one message per problem)."""
        from django.utils.translation import gettext as _t

        plan = self.plan
        scores = {s.criterion_id: s for s in self.scores.all()}
        problems = []
        for criterion in plan.criteria.all():
            score = scores.get(criterion.pk)
            if score is None or score.points is None:
                if only in (None, "points"):
                    problems.append(_t("“%(name)s”尚未打分") % {"name": criterion.name})
                continue
            limit = criterion.max_points * plan.comment_below_share
            if only in (None, "comments") and score.points < limit and not score.comment.strip():
                problems.append(
                    _t("“%(name)s”得分低于满分的%(share)s%%，请填写评语")
                    % {"name": criterion.name, "share": int(plan.comment_below_share * 100)}
                )
        if only in (None, "comments") and not self.opinion.strip():
            problems.append(_t("请填写总体评审意见"))
        return problems

    def after_transition(self, name, *, by, reason):
        if name in ("declare_conflict", "withdraw"):
            from review.draw import replace_if_short

            replace_if_short(self.application, panel=self.member.panel, by=by)


class Score(models.Model):
    assignment = models.ForeignKey(
        ReviewAssignment, on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        "review.Criterion", on_delete=models.PROTECT, related_name="scores"
    )
    points = models.DecimalField(_("得分"), max_digits=5, decimal_places=1, null=True, blank=True)
    comment = models.TextField(_("评语"), blank=True)

    objects = ScopedQuerySet.as_manager()

    DEPARTMENT_PATH = "assignment__application__call__department"  # core.scoping

    class Meta:
        verbose_name = _("评分")
        verbose_name_plural = _("评分")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="review_one_score")
        ]

    def __str__(self):
        return f"{self.criterion}: {self.points}"
