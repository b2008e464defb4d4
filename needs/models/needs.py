"""Needs (服务需求): what a community, street office or department — or a resident — asks for."""

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from wagtail.search import index

from core import regions
from core.files import private_storage
from core.fsm import WorkflowModel
from core.phones import PhoneField
from core.rules import condition
from core.scoping import ScopedQuerySet
from core.search_fields import SegmentedField
from core.stored_files import StoredFile
from needs import permissions as perms
from needs.models.states import PUBLIC_STATES, NeedSource, ServiceCategory, Urgency
from needs.models.states import NeedState as S
from orgs.models.organizations import RegionCodeField

MONEY = {"max_digits": 14, "decimal_places": 2}


@condition(_("请填写需求标题、描述、所在地区划代码和联系方式（电话或邮箱）"))
def is_complete(need) -> bool:
    return bool(
        need.title
        and need.description
        and need.region_code
        and (need.contact_phone or need.contact_email)
    )


@condition(_("请先关联征集或购买公告"))
def has_call_or_announcement(need) -> bool:
    return bool(need.call_id or need.announcement_page_id)


@condition(_("请先关联回应该需求并已立项的申报项目"))
def has_answering_application(need) -> bool:
    return bool(need.answered_by_id)


class NeedQuerySet(ScopedQuerySet):
    def public(self):
        """What the public board shows: published needs and what became of them."""
        return self.filter(state__in=PUBLIC_STATES, published_at__isnull=False)

    def of_member(self, user):
        return self.filter(organization__memberships__user=user)


class Need(index.Indexed, WorkflowModel):
    state = FSMField(_("状态"), default=S.DRAFT, choices=S.choices, protected=True)

    # --- Transitions ----------------------------------------------------------------------------
    @transition(
        field=state,
        source=S.DRAFT,
        target=S.SUBMITTED,
        permission=perms.can_submit,
        conditions=[is_complete],
        custom={"label": _("提交需求")},
    )
    def submit(self, *, by=None, reason=""):
        self.submitted_at = timezone.now()

    @transition(
        field=state,
        source=S.RETURNED,
        target=S.SUBMITTED,
        permission=perms.can_submit,
        conditions=[is_complete],
        custom={"label": _("修改后重新提交")},
    )
    def resubmit(self, *, by=None, reason=""):
        self.submitted_at = timezone.now()
        self.last_reason = ""

    @transition(
        field=state,
        source=S.SUBMITTED,
        target=S.PUBLISHED,
        permission=perms.can_moderate,
        custom={"label": _("审核通过并公开")},
    )
    def publish(self, *, by=None, reason=""):
        self.published_at = timezone.now()
        self.last_reason = ""

    @transition(
        field=state,
        source=S.SUBMITTED,
        target=S.RETURNED,
        permission=perms.can_moderate,
        custom={"label": _("退回修改"), "needs_reason": True},
    )
    def return_for_changes(self, *, by=None, reason=""):
        self.last_reason = reason

    @transition(
        field=state,
        source=S.SUBMITTED,
        target=S.REJECTED,
        permission=perms.can_moderate,
        custom={
            "label": _("不予采纳"),
            "confirm": _("需求将不予采纳，处理意见通知提出方；此操作不能撤销。"),
            "needs_reason": True,
        },
    )
    def reject(self, *, by=None, reason=""):
        self.last_reason = reason

    @transition(
        field=state,
        source=S.PUBLISHED,
        target=S.IN_CALL,
        permission=perms.can_moderate,
        conditions=[has_call_or_announcement],
        custom={"label": _("纳入征集")},
    )
    def include_in_call(self, *, by=None, reason=""):
        self.included_at = timezone.now()

    @transition(
        field=state,
        source=S.IN_CALL,
        target=S.SATISFIED,
        permission=perms.can_mark_satisfied,
        conditions=[has_answering_application],
        custom={"label": _("标记为已满足"), "confirm": _("需求将标记为已满足；此操作不能撤销。")},
    )
    def satisfy(self, *, by=None, reason=""):
        self.satisfied_at = timezone.now()

    @transition(
        field=state,
        source=[S.SUBMITTED, S.RETURNED, S.PUBLISHED, S.IN_CALL],
        target=S.CLOSED,
        permission=perms.can_close,
        custom={
            "label": _("关闭需求"),
            "confirm": _("需求将关闭，不再接受响应；此操作不能撤销。"),
            "needs_reason": True,
        },
    )
    def close(self, *, by=None, reason=""):
        self.closed_at = timezone.now()
        self.last_reason = reason

    # --- Who asks -------------------------------------------------------------------------------
    source = models.CharField(
        _("需求来源"), max_length=16, choices=NeedSource.choices, default=NeedSource.ORGANIZATION
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("提出单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="needs",
        help_text=_("社区、街道或部门；公众提交的需求为空"),
    )

    # --- What is needed -------------------------------------------------------------------------
    title = models.CharField(_("需求标题"), max_length=100)
    description = models.TextField(_("需求描述"), max_length=3000)
    affected_group = models.CharField(
        _("受益人群"), max_length=100, blank=True, help_text=_("如：辖区独居长者、困境儿童")
    )
    affected_count = models.PositiveIntegerField(_("受益人数（估算）"), null=True, blank=True)
    # Needs are community-level: the code may name the town (街道/乡镇); the text `street` is
    # for a town the list lacks and is dropped once the code names one (`clean`).
    region_code = RegionCodeField(_("所在地行政区划代码"), streets=True)
    street = models.CharField(
        _("街道（镇）"), max_length=100, blank=True, help_text=_("列表中没有所在街道时填写")
    )
    community = models.CharField(_("社区（村）"), max_length=100, blank=True)
    category = models.CharField(
        _("服务领域"), max_length=16, choices=ServiceCategory.choices, default=ServiceCategory.OTHER
    )
    catalogue_item_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("指导性目录条目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    urgency = models.CharField(
        _("紧急程度"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL
    )
    expected_start = models.DateField(_("期望开始日期"), null=True, blank=True)
    expected_end = models.DateField(_("期望结束日期"), null=True, blank=True)
    budget_min = models.DecimalField(
        _("预算下限（元）"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        **MONEY,
    )
    budget_max = models.DecimalField(
        _("预算上限（元）"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        **MONEY,
    )

    # --- Private: never on the public board ----------------------------------------------------
    contact_name = models.CharField(_("联系人"), max_length=50)
    contact_phone = PhoneField(_("联系电话"), blank=True)
    contact_email = models.EmailField(_("联系邮箱"), blank=True)

    # --- What became of it ----------------------------------------------------------------------
    call = models.ForeignKey(
        "grants.Call",
        verbose_name=_("纳入的征集"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="needs",
    )
    announcement_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("纳入的购买公告"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_by = models.ForeignKey(
        "grants.Application",
        verbose_name=_("承接的立项项目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="satisfied_needs",
        limit_choices_to={"state": "funded"},
    )

    # The department that moderates the need and builds calls from it (issue 21): the call's
    # purchaser once linked, before that the department serving its region (`needs.actions`).
    department = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("负责部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_needs",
        limit_choices_to={"kind": "government"},
    )

    # --- Bookkeeping ----------------------------------------------------------------------------
    last_reason = models.TextField(_("最近一次处理意见"), blank=True, editable=False)
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
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True, editable=False)
    included_at = models.DateTimeField(_("纳入征集时间"), null=True, blank=True, editable=False)
    satisfied_at = models.DateTimeField(_("满足时间"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True, editable=False)

    objects = NeedQuerySet.as_manager()
    DEPARTMENT_PATH = "department"  # core.scoping

    # Site search (cms.search_kinds): what the public board shows, never the contact.
    search_fields = [
        SegmentedField("title", boost=3),
        SegmentedField("description"),
        SegmentedField("affected_group"),
        SegmentedField("location", boost=0.5),
        SegmentedField("raised_by", boost=0.5),
    ]

    @classmethod
    def get_indexed_objects(cls):
        return cls.objects.public().select_related("organization")

    class Meta:
        verbose_name = _("服务需求")
        verbose_name_plural = _("服务需求")
        ordering = ["-published_at", "-created_at"]
        indexes = [
            models.Index(fields=["state", "published_at"]),
            models.Index(fields=["category", "state"]),
            models.Index(fields=["region_code", "state"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget_min__isnull=True)
                | models.Q(budget_max__isnull=True)
                | models.Q(budget_min__lte=models.F("budget_max")),
                name="need_budget_range_ordered",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES and self.published_at is not None

    @property
    def raised_by(self) -> str:
        return self.organization.name if self.organization_id else str(_("公众"))

    @property
    def location(self) -> str:
        """广东省深圳市南山区粤海街道科技园社区: the region's name, street and community."""
        return "".join(p for p in (self.region_name, self.street, self.community) if p)

    @property
    @admin.display(description=_("所在地区"))
    def region_name(self) -> str:
        return regions.full_name(self.region_code)

    def clean(self):
        super().clean()
        if regions.is_town(self.region_code):
            self.street = ""  # the code names the street; the text would print it twice
        errors = {}
        if self.budget_min is not None and self.budget_max is not None:
            if self.budget_min > self.budget_max:
                errors["budget_max"] = _("预算上限不能低于预算下限")
        if self.expected_start and self.expected_end and self.expected_end < self.expected_start:
            errors["expected_end"] = _("期望结束日期不能早于开始日期")
        if errors:
            raise ValidationError(errors)

    def owner_emails(self) -> list[str]:
        """Who hears of the need's progress: the owner's members, or the public submitter."""
        if self.organization_id:
            return self.organization.member_emails()
        return [self.contact_email] if self.contact_email else []

    def after_transition(self, name, *, by, reason):
        from needs.notify import need_state_changed

        need_state_changed(self, name=name, by=by, reason=reason)


def attachment_path(instance, filename):
    return f"needs/{instance.need_id}/{instance.sha256[:2]}/{filename}"


class NeedAttachment(StoredFile):
    """A file supporting a need (photos, survey results). Private; served by a checked view."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(
        _("文件"), storage=private_storage, upload_to=attachment_path, max_length=300
    )

    class Meta:
        verbose_name = _("需求附件")
        verbose_name_plural = _("需求附件")
        ordering = ["uploaded_at", "pk"]
