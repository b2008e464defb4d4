"""Bringing needs and providers together: offers to serve a need, the needs an application
answers, and recommendation meetings (项目推荐会) with the matches agreed there."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from core.fsm import WorkflowModel
from core.rules import condition
from core.scoping import ScopedQuerySet
from needs import permissions as perms
from needs.models.needs import MONEY
from needs.models.states import MeetingState as M


class NeedInterest(models.Model):
    """A verified organization says "we can serve this" with a short proposal."""

    DEPARTMENT_PATH = "need__department"  # core.scoping

    need = models.ForeignKey("needs.Need", on_delete=models.CASCADE, related_name="interests")
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("意向承接组织"),
        on_delete=models.CASCADE,
        related_name="need_interests",
    )
    approach = models.TextField(_("服务思路"), max_length=1000)
    capacity = models.TextField(
        _("承接能力"), max_length=500, help_text=_("团队、经验、同类项目等")
    )
    estimated_cost = models.DecimalField(
        _("估算费用（元）"), null=True, blank=True, validators=[MinValueValidator(0)], **MONEY
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填写人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("承接意向")
        verbose_name_plural = _("承接意向")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["need", "organization"], name="one_interest_per_org_and_need"
            )
        ]

    def __str__(self):
        return f"{self.organization} → {self.need}"


class ApplicationNeed(models.Model):
    """An application declares that it answers a need of its call (chosen by the applicant)."""

    DEPARTMENT_PATH = "need__department"  # core.scoping

    application = models.ForeignKey(
        "grants.Application", on_delete=models.CASCADE, related_name="answered_need_links"
    )
    need = models.ForeignKey(
        "needs.Need", on_delete=models.CASCADE, related_name="application_links"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("申报项目回应的需求")
        verbose_name_plural = _("申报项目回应的需求")
        constraints = [
            models.UniqueConstraint(fields=["application", "need"], name="one_link_per_need")
        ]

    def __str__(self):
        return f"{self.application} → {self.need}"


@condition(_("请先填写推荐会结果摘要"))
def has_result_summary(meeting) -> bool:
    return bool(meeting.result_summary.strip())


class RecommendationMeeting(WorkflowModel, ClusterableModel):
    """项目推荐会: communities present needs, organizations present projects, matches are agreed."""

    state = FSMField(_("状态"), default=M.PLANNED, choices=M.choices, protected=True)

    @transition(
        field=state,
        source=M.PLANNED,
        target=M.PUBLISHED,
        permission=perms.can_manage_meeting,
        conditions=[has_result_summary],
        custom={"label": _("公布推荐会结果")},
    )
    def publish(self, *, by=None, reason=""):
        self.published_at = timezone.now()

    @transition(
        field=state,
        source=M.PUBLISHED,
        target=M.PLANNED,
        permission=perms.can_manage_meeting,
        custom={"label": _("撤回公布"), "needs_reason": True},
    )
    def unpublish(self, *, by=None, reason=""):
        self.published_at = None

    title = models.CharField(_("推荐会名称"), max_length=200)
    # A meeting presents several needs, perhaps none yet: it names its organizing department
    # itself rather than borrowing one need's (issue 21).
    department = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("主办部门"),
        null=True,
        on_delete=models.PROTECT,
        related_name="recommendation_meetings_held",
        limit_choices_to={"kind": "government"},
    )
    held_on = models.DateField(_("举办日期"))
    place = models.CharField(_("举办地点"), max_length=200)
    description = models.TextField(_("推荐会简介"), blank=True)
    participants = ParentalManyToManyField(
        "orgs.Organization",
        verbose_name=_("参加的社区和组织"),
        blank=True,
        related_name="recommendation_meetings",
    )
    needs = ParentalManyToManyField(
        "needs.Need",
        verbose_name=_("推介的需求"),
        blank=True,
        related_name="meetings",
        limit_choices_to={"state__in": ["published", "in_call", "satisfied"]},
    )
    projects_presented = models.TextField(
        _("推介的项目"), blank=True, help_text=_("每行一个项目名称（含承接组织）")
    )
    result_summary = models.TextField(
        _("结果摘要"), blank=True, help_text=_("公布在网站上的简短结果")
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
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True, editable=False)

    objects = ScopedQuerySet.as_manager()
    DEPARTMENT_PATH = "department"  # core.scoping

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("title"),
                FieldPanel("department"),
                FieldPanel("held_on"),
                FieldPanel("place"),
                FieldPanel("description"),
            ],
            heading=_("基本信息"),
        ),
        FieldPanel("participants"),
        FieldPanel("needs"),
        FieldPanel("projects_presented"),
        InlinePanel("matches", heading=_("达成的对接"), label=_("对接"), max_num=100),
        FieldPanel("result_summary"),
    ]

    class Meta:
        verbose_name = _("项目推荐会")
        verbose_name_plural = _("项目推荐会")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return self.title

    @property
    def project_list(self) -> list[str]:
        return [line.strip() for line in self.projects_presented.splitlines() if line.strip()]


class MeetingMatch(Orderable):
    """A match agreed at a meeting: this organization serves this need, paid by this funder."""

    meeting = ParentalKey(RecommendationMeeting, on_delete=models.CASCADE, related_name="matches")
    DEPARTMENT_PATH = "meeting__department"  # core.scoping
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("承接组织"),
        on_delete=models.PROTECT,
        related_name="meeting_matches",
    )
    need = models.ForeignKey(
        "needs.Need",
        verbose_name=_("对接的需求"),
        on_delete=models.PROTECT,
        related_name="meeting_matches",
    )
    funder = models.CharField(
        _("资助方"), max_length=200, help_text=_("出资的部门、街道、基金会或企业")
    )
    amount = models.DecimalField(
        _("意向资助金额（元）"), null=True, blank=True, validators=[MinValueValidator(0)], **MONEY
    )
    note = models.CharField(_("备注"), max_length=300, blank=True)

    panels = [
        FieldPanel("need"),
        FieldPanel("organization"),
        FieldPanel("funder"),
        FieldPanel("amount"),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("对接结果")
        verbose_name_plural = _("对接结果")

    def __str__(self):
        return f"{self.organization} ↔ {self.need}"
