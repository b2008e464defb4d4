"""An application to a base and the whole incubation that follows it (入驻 → 孵化 → 出壳).

The life cycle is the `@transition` table at the top of `Incubation`. Moves that need data (the
signed agreement, a new end date, the reason for exit, assessment scores) are prepared by
`orgs.incubation.actions`, which store that data and then call the one door.
"""

import calendar
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core.fsm import WorkflowModel
from core.scoping import ScopedQuerySet
from core.workdays import add_working_days
from orgs.incubation import permissions as perms
from orgs.models.incubation.conditions import (
    applicant_identified,
    application_complete,
    base_accepts,
    desk_available,
    desk_free,
    has_agreement,
    has_desk_number,
    has_exit_reason,
    has_new_end_date,
    is_registered,
    midterm_done_or_extended,
    midterm_pending,
    passed_final,
    passed_midterm,
)
from orgs.models.incubation.states import (
    AWAITING_ANSWER,
    EXITABLE,
    IN_BASE,
    WITHDRAWABLE,
    AssessmentStage,
    ExitReason,
    Placement,
)
from orgs.models.incubation.states import IncubationState as S
from orgs.models.organizations import OrgKind
from orgs.roles import is_programme_staff


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class IncubationQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """What `user` may open: staff their departments' (`for_user`); managers their bases';
        applicants and members theirs."""
        from orgs.models.incubation.bases import IncubationBase

        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if is_programme_staff(user):
            return self.for_user(user)
        own = Q(applicant=user) | Q(organization__memberships__user=user)
        managed = Q(base__in=IncubationBase.objects.managed_by(user))
        return self.filter(pk__in=self.model.objects.filter(own | managed).values("pk"))

    def managed_by(self, user):
        """The back office: staff see their departments' bases' records, managers only their
        own base's."""
        from orgs.models.incubation.bases import IncubationBase

        return self.filter(base__in=IncubationBase.objects.managed_by(user))

    def answer_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(state__in=AWAITING_ANSWER, answer_due_on__lt=today)

    def assessments_due(self, within_days: int, today=None):
        """Midterm or graduation assessments falling due within `within_days` (or overdue)."""
        today = today or timezone.localdate()
        horizon = date.fromordinal(today.toordinal() + within_days)
        return self.filter(state__in=IN_BASE, next_assessment_due_on__lte=horizon)

    def incubated_on(self, day: date):
        """Records by which their organization counts as incubated (or graduated) on `day`."""
        return self.filter(admitted_on__lte=day).filter(
            Q(state__in=(*IN_BASE, S.GRADUATED)) | Q(state=S.EXITED, exit_notice_on__gt=day)
        )


class Incubation(WorkflowModel):
    state = FSMField(_("状态"), default=S.DRAFT, choices=S.choices, protected=True)

    # --- Transitions ----------------------------------------------------------------------------
    @transition(
        field=state,
        source=S.DRAFT,
        target=S.APPLIED,
        permission=perms.can_submit,
        conditions=[application_complete, applicant_identified, base_accepts],
        custom={"label": _("提交入驻申请")},
    )
    def submit(self, *, by=None, reason=""):
        self.submitted_at = timezone.now()
        self.answer_due_on = add_working_days(timezone.localdate(), self.base.answer_days)

    @transition(
        field=state,
        source=WITHDRAWABLE,
        target=S.WITHDRAWN,
        permission=perms.can_withdraw,
        custom={
            "label": _("撤回申请"),
            "confirm": _("入驻申请将被撤回，撤回后不能恢复，如需入驻须重新申请。"),
        },
    )
    def withdraw(self, *, by=None, reason=""):
        self.last_reason = reason

    @transition(
        field=state,
        source=S.APPLIED,
        target=S.REVIEWING,
        permission=perms.can_decide,
        custom={"label": _("开始审核")},
    )
    def start_review(self, *, by=None, reason=""):
        pass

    @transition(
        field=state,
        source=S.REVIEWING,
        target=S.ADMITTED,
        permission=perms.can_decide,
        conditions=[has_agreement, base_accepts, has_desk_number, desk_available, desk_free],
        custom={"label": _("同意入驻")},
    )
    def admit(self, *, by=None, reason=""):
        self.admitted_on = timezone.localdate()
        self.answered_at = timezone.now()
        self.last_reason = reason

    @transition(
        field=state,
        source=AWAITING_ANSWER,
        target=S.REJECTED,
        permission=perms.can_decide,
        custom={
            "label": _("不予入驻"),
            "confirm": _("入驻申请将不予通过，申请就此结束；此操作不能撤销。"),
            "needs_reason": True,
        },
    )
    def reject(self, *, by=None, reason=""):
        self.answered_at = timezone.now()
        self.last_reason = reason

    @transition(
        field=state,
        source=S.ADMITTED,
        target=S.INCUBATING,
        permission=perms.can_decide,
        custom={"label": _("开始孵化")},
    )
    def start(self, *, by=None, reason=""):
        self.started_on = timezone.localdate()
        self.planned_end_on = add_months(self.started_on, self.base.default_period_months)
        self.midterm_due_on = add_months(self.started_on, self.base.midterm_after_months)
        self._next_assessment(AssessmentStage.MIDTERM, self.midterm_due_on)

    @transition(
        field=state,
        source=S.INCUBATING,
        target=S.MIDTERM,
        permission=perms.can_decide,
        conditions=[midterm_pending],
        custom={"label": _("开始中期评估")},
    )
    def start_midterm(self, *, by=None, reason=""):
        pass

    @transition(
        field=state,
        source=S.MIDTERM,
        target=S.INCUBATING,
        permission=perms.can_decide,
        conditions=[passed_midterm],
        custom={"label": _("中期评估通过")},
    )
    def pass_midterm(self, *, by=None, reason=""):
        self.midterm_passed_on = timezone.localdate()
        self._next_assessment(AssessmentStage.FINAL, self.planned_end_on)

    @transition(
        field=state,
        source=[S.INCUBATING, S.EXTENDED],
        target=S.FINAL,
        permission=perms.can_decide,
        conditions=[midterm_done_or_extended],
        custom={"label": _("开始出壳评估")},
    )
    def start_final(self, *, by=None, reason=""):
        pass

    @transition(
        field=state,
        source=S.FINAL,
        target=S.GRADUATED,
        permission=perms.can_decide,
        conditions=[is_registered, passed_final],
        custom={
            "label": _("准予出壳"),
            "confirm": _("该组织将准予出壳，孵化就此结束；此操作不能撤销。"),
        },
    )
    def graduate(self, *, by=None, reason=""):
        self.graduated_on = timezone.localdate()
        self._next_assessment("", None)

    @transition(
        field=state,
        source=[S.INCUBATING, S.MIDTERM, S.FINAL, S.EXTENDED],
        target=S.EXTENDED,
        permission=perms.can_decide,
        conditions=[has_new_end_date],
        custom={"label": _("延期孵化"), "needs_reason": True},
    )
    def extend(self, *, by=None, reason=""):
        self.planned_end_on, self.extension_end_on = self.extension_end_on, None
        self.last_reason = reason
        self._next_assessment(AssessmentStage.FINAL, self.planned_end_on)

    @transition(
        field=state,
        source=EXITABLE,
        target=S.EXITED,
        permission=perms.can_decide,
        conditions=[has_exit_reason],
        custom={
            "label": _("退出孵化"),
            "confirm": _("该组织将退出孵化，孵化就此结束，场地须按期退还；此操作不能撤销。"),
            "needs_reason": True,
        },
    )
    def exit(self, *, by=None, reason=""):
        self.exit_notice_on = self.exit_notice_on or timezone.localdate()
        if self.placement == Placement.PHYSICAL:
            days = self.base.space_return_days
            self.space_return_due_on = add_working_days(self.exit_notice_on, days)
        self.last_reason = reason
        self._next_assessment("", None)

    # --- Who applies where ----------------------------------------------------------------------
    base = models.ForeignKey(
        "orgs.IncubationBase",
        verbose_name=_("孵化基地"),
        on_delete=models.PROTECT,
        related_name="incubations",
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="incubation_applications",
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("申请组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incubations",
        help_text=_("已登记的组织；筹备团队在登记后关联"),
    )
    as_founding_team = models.BooleanField(_("以筹备团队申请"), default=False)
    team_name = models.CharField(_("拟登记名称"), max_length=200, blank=True)
    intended_kind = models.CharField(
        _("拟登记类型"),
        max_length=32,
        blank=True,
        choices=[(k.value, k.label) for k in OrgKind.social_organizations()],
    )
    registration_plan = models.TextField(_("登记计划"), blank=True)

    # --- What the applicant brings and asks for ------------------------------------------------
    service_field = models.CharField(_("服务领域"), max_length=100, blank=True)
    mission = models.TextField(_("宗旨使命"), blank=True)
    planned_services = models.TextField(_("计划开展的服务"), blank=True)
    team = models.TextField(_("团队情况"), blank=True)
    needs = models.JSONField(_("孵化需求"), default=list, blank=True)
    needs_other = models.CharField(_("其他需求"), max_length=200, blank=True)
    placement = models.CharField(
        _("孵化方式"), max_length=16, choices=Placement.choices, default=Placement.PHYSICAL
    )
    desk_number = models.CharField(_("工位号"), max_length=30, blank=True)

    # --- Dates of the life cycle ---------------------------------------------------------------
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    answer_due_on = models.DateField(_("答复期限"), null=True, blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    admitted_on = models.DateField(_("入驻日期"), null=True, blank=True)
    started_on = models.DateField(_("孵化开始日期"), null=True, blank=True)
    midterm_due_on = models.DateField(_("中期评估日期"), null=True, blank=True)
    midterm_passed_on = models.DateField(_("中期评估通过日期"), null=True, blank=True)
    planned_end_on = models.DateField(_("孵化期满日期"), null=True, blank=True)
    extension_end_on = models.DateField(_("拟延期至"), null=True, blank=True, editable=False)
    graduated_on = models.DateField(_("出壳日期"), null=True, blank=True)
    exit_reason = models.CharField(
        _("退出原因"), max_length=32, choices=ExitReason.choices, blank=True
    )
    exit_notice_on = models.DateField(_("退出通知日期"), null=True, blank=True)
    space_return_due_on = models.DateField(_("场地归还期限"), null=True, blank=True)
    next_assessment_stage = models.CharField(
        _("下次评估"), max_length=16, choices=AssessmentStage.choices, blank=True
    )
    next_assessment_due_on = models.DateField(_("下次评估日期"), null=True, blank=True)
    last_reason = models.TextField(_("最近一次办理意见"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = IncubationQuerySet.as_manager()
    DEPARTMENT_PATH = "base__department"  # core.scoping

    class Meta:
        verbose_name = _("入驻孵化")
        verbose_name_plural = _("入驻孵化")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["base", "state"]),
            models.Index(fields=["state", "next_assessment_due_on"]),
        ]

    def __str__(self):
        return f"{self.display_name}（{self.base}）"

    @property
    def display_name(self) -> str:
        if self.organization_id:
            return self.organization.name
        return str(_("%(name)s（筹备中）") % {"name": self.team_name or "—"})

    @property
    def needs_display(self) -> list[str]:
        from orgs.models.incubation.states import Need

        labels = dict(Need.choices)
        return [str(labels.get(n, n)) for n in self.needs]

    @property
    def is_answer_overdue(self) -> bool:
        return (
            self.state in AWAITING_ANSWER
            and self.answer_due_on is not None
            and timezone.localdate() > self.answer_due_on
        )

    def assessment_due_within(self, days: int) -> bool:
        due = self.next_assessment_due_on
        return (
            self.state in IN_BASE and due is not None and (due - timezone.localdate()).days <= days
        )

    def _next_assessment(self, stage, due_on):
        self.next_assessment_stage, self.next_assessment_due_on = stage, due_on

    def after_transition(self, name, *, by, reason):
        from orgs.incubation.notify import incubation_state_changed

        incubation_state_changed(self, name=name, by=by, reason=reason)
