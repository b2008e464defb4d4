"""Calls (征集): a 公益创投 edition or a purchase project, with its schedule, money and rules."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable

from core.formats import beijing_time
from core.fsm import WorkflowModel
from core.scoping import ScopedQuerySet
from grants import permissions as perms
from grants.models.call_rules import EligibilityRules
from grants.models.conditions import (
    call_awards_settled,
    call_deadline_passed,
    call_ready_to_publish,
    call_rereview_ready,
    call_review_closed,
    call_review_ready,
    stage_problems,
)
from grants.models.states import CallKind
from grants.models.states import CallState as C
from grants.questions import QUESTION_BLOCKS

MONEY = {"max_digits": 14, "decimal_places": 2}
MIN_PUBLICITY_WORKING_DAYS = 5
CENT = Decimal("0.01")


class CallQuerySet(ScopedQuerySet):
    def public(self):
        return self.exclude(state=C.DRAFT)

    def accepting(self, now=None):
        now = now or timezone.now()
        return self.filter(state=C.PUBLISHED, opens_at__lte=now, closes_at__gt=now)


class Call(WorkflowModel, EligibilityRules, ClusterableModel):
    state = FSMField(_("状态"), default=C.DRAFT, choices=C.choices, protected=True)

    # --- Transitions ------------------------------------------------------------------------
    @transition(
        field=state,
        source=C.DRAFT,
        target=C.PUBLISHED,
        permission=perms.can_move_call_or_scheduler,
        conditions=[call_ready_to_publish],
        custom={"label": _("发布征集")},
    )
    def publish(self, *, by=None, reason=""):
        self.published_at = timezone.now()

    @transition(
        field=state,
        source=C.PUBLISHED,
        target=C.CLOSED,
        permission=perms.can_move_call_or_scheduler,
        conditions=[call_deadline_passed],
        custom={"label": _("截止申报")},
    )
    def close(self, *, by=None, reason=""):
        self.closed_at = timezone.now()

    @transition(
        field=state,
        source=C.CLOSED,
        target=C.REVIEWING,
        permission=perms.can_manage_call,
        conditions=[call_review_ready],
        custom={"label": _("开始评审")},
    )
    def start_review(self, *, by=None, reason=""):
        pass  # the review plan is frozen by review (signal `call_moved`)

    # The review plan in force changes only here (review.plan_freeze): the proposal and the
    # decisions built on the old plan are discarded. A transition of its own so that a second
    # person's approval can be required for it (docs/decisions.md).
    @transition(
        field=state,
        source=C.REVIEWING,
        target=C.REVIEWING,
        permission=perms.can_manage_call,
        conditions=[call_rereview_ready],
        custom={"label": _("重新评审"), "needs_reason": True, "two_person": "rereview"},
    )
    def rereview(self, *, by=None, reason=""):
        pass

    @transition(
        field=state,
        source=C.REVIEWING,
        target=C.PUBLICITY,
        permission=perms.can_manage_call,
        conditions=[call_review_closed],
        custom={"label": _("开始公示"), "two_person": "publish"},
    )
    def start_publicity(self, *, by=None, reason=""):
        pass

    @transition(
        field=state,
        source=C.PUBLICITY,
        target=C.DECIDED,
        permission=perms.can_manage_call,
        conditions=[call_awards_settled],
        custom={
            "label": _("确定结果"),
            "confirm": _("征集结果将确定，此后不能再调整立项名单；此操作不能撤销。"),
            "two_person": "award",
        },
    )
    def decide(self, *, by=None, reason=""):
        pass

    # The end of a 公示 with objections settled (review.award): staff, or the scheduler.
    @transition(
        field=state,
        source=C.PUBLICITY,
        target=C.DECIDED,
        permission=perms.can_move_call_or_scheduler,
        conditions=[call_awards_settled],
        custom={
            "label": _("公示期满，确定立项"),
            "confirm": _("公示期满，征集将确定立项，公示中的申报书成为资助项目；此操作不能撤销。"),
            "two_person": "award",
        },
    )
    def conclude_publicity(self, *, by=None, reason=""):
        pass

    @transition(
        field=state,
        source=C.DECIDED,
        target=C.ARCHIVED,
        permission=perms.can_manage_call,
        custom={"label": _("归档"), "confirm": _("征集将归档，不再办理任何事项；此操作不能撤销。")},
    )
    def archive(self, *, by=None, reason=""):
        pass

    # --- What is called for -------------------------------------------------------------------
    title = models.CharField(_("征集名称"), max_length=200)
    kind = models.CharField(_("征集类型"), max_length=16, choices=CallKind.choices)
    edition = models.CharField(
        _("届次/批次"), max_length=50, blank=True, help_text=_("如：第三届、2025年第一批")
    )
    department = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("购买主体（主办部门）"),
        on_delete=models.PROTECT,
        related_name="calls",
        limit_choices_to={"kind": "government"},
    )
    description = models.TextField(_("征集简介"), blank=True)
    total_budget = models.DecimalField(
        _("资金总额（元）"), validators=[MinValueValidator(CENT)], **MONEY
    )
    per_project_cap = models.DecimalField(
        _("单个项目资助上限（元）"), validators=[MinValueValidator(CENT)], **MONEY
    )
    project_period_months = models.PositiveSmallIntegerField(
        _("项目周期上限（月）"), validators=[MinValueValidator(1)]
    )
    require_commitment = models.BooleanField(
        _("须上传承诺书"), default=True, help_text=_("法定代表人签字并加盖公章的承诺书扫描件")
    )
    # Purchase calls point at the public catalogue item / purchase announcement page.
    catalogue_item_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("指导性目录条目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    announcement_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("购买公告"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    extra_questions = StreamField(QUESTION_BLOCKS, blank=True, verbose_name=_("补充问题"))

    # --- Schedule (stored as data, enforced in Beijing time) -----------------------------------
    opens_at = models.DateTimeField(_("申报开始时间"))
    closes_at = models.DateTimeField(_("申报截止时间"))
    completion_deadline = models.DateTimeField(
        _("补正截止时间"), help_text=_("退回补正的申报书须在此时间前重新提交")
    )
    review_ends_at = models.DateTimeField(_("评审结束时间"), null=True, blank=True)
    # docs/domain.md §11: a 公示 lasts no fewer than 5 working days; a call may ask for more.
    publicity_working_days = models.PositiveSmallIntegerField(
        _("公示期（工作日）"),
        default=MIN_PUBLICITY_WORKING_DAYS,
        validators=[MinValueValidator(MIN_PUBLICITY_WORKING_DAYS)],
        help_text=_("不少于5个工作日"),
    )
    objection_window_days = models.PositiveSmallIntegerField(
        _("异议期（工作日）"), null=True, blank=True, help_text=_("留空表示与公示期相同")
    )
    publish_automatically = models.BooleanField(
        _("到开始时间自动发布"),
        default=False,
        help_text=_("勾选后，系统在申报开始时间自动发布；否则由工作人员手动发布"),
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("截止时间（实际）"), null=True, blank=True, editable=False)

    objects = CallQuerySet.as_manager()
    DEPARTMENT_PATH = "department"  # core.scoping

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("title"),
                FieldPanel("kind"),
                FieldPanel("edition"),
                FieldPanel("department"),
                FieldPanel("description"),
                FieldPanel("catalogue_item_page"),
                FieldPanel("announcement_page"),
            ],
            heading=_("基本信息"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("total_budget"),
                FieldPanel("per_project_cap"),
                FieldPanel("project_period_months"),
            ],
            heading=_("资金与周期"),
        ),
        InlinePanel("categories", heading=_("服务领域"), label=_("服务领域"), max_num=30),
        MultiFieldPanel(
            [
                FieldPanel("opens_at"),
                FieldPanel("closes_at"),
                FieldPanel("completion_deadline"),
                FieldPanel("review_ends_at"),
                FieldPanel("publicity_working_days"),
                FieldPanel("objection_window_days"),
                FieldPanel("publish_automatically"),
            ],
            heading=_("时间安排（北京时间）"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("allowed_org_kinds"),
                FieldPanel("require_verified"),
                FieldPanel("min_years_registered"),
                FieldPanel("min_grade"),
                FieldPanel("exclude_sanctioned"),
                FieldPanel("exclude_dishonest"),
                FieldPanel("max_applications_per_org"),
                FieldPanel("previous_call"),
                FieldPanel("exclude_previously_funded"),
                FieldPanel("exclude_unfinished_projects"),
                FieldPanel("allowed_region_codes"),
                FieldPanel("admit_incubated"),
            ],
            heading=_("申报资格"),
        ),
        FieldPanel("require_commitment"),
        InlinePanel("required_attachments", heading=_("须提交的附件"), label=_("附件"), max_num=30),
        FieldPanel("extra_questions"),
    ]

    class Meta:
        verbose_name = _("征集")
        verbose_name_plural = _("征集")
        ordering = ["-opens_at"]
        indexes = [
            models.Index(fields=["state", "opens_at"]),
            models.Index(fields=["state", "closes_at"]),
        ]

    def __str__(self):
        return self.title

    def after_transition(self, name, *, by, reason):
        from grants.signals import call_moved

        call_moved.send(sender=Call, call=self, name=name, by=by, reason=reason)

    # --- Derived facts --------------------------------------------------------------------------
    def beijing(self, field: str) -> str:
        return beijing_time(getattr(self, field))

    @property
    def sanction_scope(self) -> str:
        return self.kind  # CallKind values are ProgrammeScope values

    def is_accepting(self, now=None) -> bool:
        return not self.acceptance_problems(now or timezone.now())

    def acceptance_problems(self, now) -> list[str]:
        """Why an application cannot be submitted at `now` (server time), or []."""
        if self.state != C.PUBLISHED:
            if self.state == C.DRAFT:
                return [_("该征集尚未发布")]
            return [
                _("该征集已截止申报（截止时间为%(when)s，北京时间）")
                % {"when": self.beijing("closes_at")}
            ]
        if now < self.opens_at:
            return [
                _("申报尚未开始，开始时间为%(when)s（北京时间）")
                % {"when": self.beijing("opens_at")}
            ]
        if now >= self.closes_at:
            return [
                _("申报截止时间为%(when)s（北京时间），现已截止，不能再提交")
                % {"when": self.beijing("closes_at")}
            ]
        return []

    def due_transition(self, now) -> str | None:
        """The timed transition due at `now`, if any (asked by the scheduler)."""
        if self.state == C.DRAFT and self.publish_automatically and self.opens_at <= now:
            return "publish"
        if self.state == C.PUBLISHED and self.closes_at <= now:
            return "close"
        return None

    def setup_problems(self) -> list[str]:
        """What must be fixed before the call can be published."""
        problems = list(self.schedule_problems().values())
        if self.pk is None or not self.categories.exists():
            problems.append(_("请至少设置一个服务领域"))
        if self.per_project_cap and self.total_budget and self.per_project_cap > self.total_budget:
            problems.append(_("单个项目资助上限不能超过资金总额"))
        return problems

    def schedule_problems(self) -> dict:
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("申报截止时间须晚于开始时间")
        if (
            self.closes_at
            and self.completion_deadline
            and self.completion_deadline < self.closes_at
        ):
            errors["completion_deadline"] = _("补正截止时间不能早于申报截止时间")
        if self.review_ends_at and self.closes_at and self.review_ends_at < self.closes_at:
            errors["review_ends_at"] = _("评审结束时间不能早于申报截止时间")
        return errors

    def clean(self):
        super().clean()
        errors = {**self.schedule_problems(), **self.clean_eligibility()}
        if self.per_project_cap and self.total_budget and self.per_project_cap > self.total_budget:
            errors["per_project_cap"] = _("单个项目资助上限不能超过资金总额")
        # The budget is part of the review plan frozen at 开始评审 (review.plan_freeze).
        frozen = stage_problems("call.edit", self)
        if frozen:
            errors["total_budget"] = frozen
        if errors:
            raise ValidationError(errors)


class CallCategory(Orderable):
    """A service category (服务领域) of a call, with an optional quota."""

    call = ParentalKey(Call, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("服务领域"), max_length=100)
    description = models.CharField(_("说明"), max_length=300, blank=True)
    quota_count = models.PositiveSmallIntegerField(
        _("拟资助项目数"), null=True, blank=True, help_text=_("留空表示不限")
    )
    quota_budget = models.DecimalField(
        _("资金额度（元）"), null=True, blank=True, help_text=_("留空表示不限"), **MONEY
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("quota_count"),
        FieldPanel("quota_budget"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("服务领域")
        verbose_name_plural = _("服务领域")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        frozen = stage_problems("category.edit", self)  # quotas: see Call.clean
        if frozen:
            raise ValidationError({"quota_count": frozen})


class RequiredAttachment(Orderable):
    """A document every application to the call must (or may) include."""

    call = ParentalKey(Call, on_delete=models.CASCADE, related_name="required_attachments")
    name = models.CharField(_("附件名称"), max_length=100)
    required = models.BooleanField(_("必须提交"), default=True)
    help_text = models.CharField(_("说明"), max_length=300, blank=True)

    panels = [FieldPanel("name"), FieldPanel("required"), FieldPanel("help_text")]

    class Meta(Orderable.Meta):
        verbose_name = _("须提交的附件")
        verbose_name_plural = _("须提交的附件")

    def __str__(self):
        return self.name
