"""The funded project (资助项目): what an awarded application becomes, and its life cycle
待签约 → 实施中 → 中期评估 → 终期评估 → 已结项, with 暂停 and 已终止 branches."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, transition
from wagtail.search import index

from core.files import private_storage
from core.fsm import WorkflowModel
from core.scoping import ScopedQuerySet
from core.search_fields import InitialsField, SegmentedField
from projects import conditions as cond
from projects import permissions as perms
from projects.models.states import (
    PUBLIC_STATES,
    RUNNING_STATES,
    STOPPABLE_STATES,
    AgreementState,
)
from projects.models.states import ProjectState as P

MONEY = {"max_digits": 14, "decimal_places": 2}
ZERO = Decimal("0.00")


class FundedProjectQuerySet(ScopedQuerySet):
    def of_member(self, user):
        return self.filter(organization__memberships__user=user)

    def running(self):
        return self.filter(state__in=RUNNING_STATES)


def agreement_upload_to(instance, filename):
    return f"projects/{instance.pk}/agreement/{filename}"


class FundedProject(index.Indexed, WorkflowModel):
    state = FSMField(_("状态"), default=P.AWAITING_AGREEMENT, choices=P.choices, protected=True)

    # --- Transitions --------------------------------------------------------------------------
    @transition(
        field=state,
        source=P.AWAITING_AGREEMENT,
        target=P.IN_PROGRESS,
        permission=perms.can_manage_project,
        conditions=[cond.agreement_can_be_generated, cond.signed_agreement_uploaded],
        custom={
            "label": _("确认签约"),
            "confirm": _(
                "协议文本将定稿，项目进入实施阶段，生成报告计划并按拨付条件释放资金；此操作不能撤销。"
            ),
        },
    )
    def confirm_agreement(self, *, by=None, reason=""):
        self.agreement_state = AgreementState.CONFIRMED
        self.agreement_confirmed_at = timezone.now()
        self.agreement_confirmed_by = by

    @transition(
        field=state,
        source=P.IN_PROGRESS,
        target=P.MIDTERM,
        permission=perms.can_move_evaluation,
        conditions=[cond.midterm_not_yet_passed],
        custom={"label": _("进入中期评估")},
    )
    def start_midterm(self, *, by=None, reason=""):
        pass

    @transition(
        field=state,
        source=P.MIDTERM,
        target=P.IN_PROGRESS,
        permission=perms.can_move_evaluation,
        custom={"label": _("中期评估通过")},
    )
    def pass_midterm(self, *, by=None, reason=""):
        self.midterm_passed = True
        self.midterm_decided_at = timezone.now()

    @transition(
        field=state,
        source=(P.IN_PROGRESS, P.MIDTERM),
        target=P.SUSPENDED,
        permission=perms.can_move_evaluation,
        custom={"label": _("中期评估未通过"), "needs_reason": True},
    )
    def fail_midterm(self, *, by=None, reason=""):
        self.midterm_passed = False
        self.midterm_decided_at = timezone.now()
        self.resume_state = P.IN_PROGRESS
        self.last_reason = reason

    @transition(
        field=state,
        source=P.IN_PROGRESS,
        target=P.FINAL_EVALUATION,
        permission=perms.can_move_evaluation,
        conditions=[cond.midterm_done_if_required],
        custom={"label": _("进入终期评估")},
    )
    def start_final(self, *, by=None, reason=""):
        pass

    @transition(
        field=state,
        source=P.FINAL_EVALUATION,
        target=P.CLOSED,
        permission=perms.can_manage_project,
        conditions=[cond.final_evaluation_recorded, cond.no_tranche_outstanding],
        custom={
            "label": _("结项"),
            "confirm": _("项目将结项，不能再提交报告、拨付或变更；此操作不能撤销。"),
        },
    )
    def close(self, *, by=None, reason=""):
        self.closed_at = timezone.now()

    @transition(
        field=state,
        source=STOPPABLE_STATES,
        target=P.SUSPENDED,
        permission=perms.can_manage_project,
        custom={"label": _("暂停项目"), "needs_reason": True},
    )
    def suspend(self, *, by=None, reason=""):
        self.resume_state = self.state
        self.last_reason = reason

    @transition(
        field=state,
        source=P.SUSPENDED,
        target=RETURN_VALUE(P.AWAITING_AGREEMENT, *RUNNING_STATES),
        permission=perms.can_manage_project,
        custom={"label": _("恢复实施"), "needs_reason": True},
    )
    def resume(self, *, by=None, reason=""):
        self.last_reason = reason
        target = self.resume_state or P.IN_PROGRESS
        self.resume_state = ""
        return target

    @transition(
        field=state,
        source=(*STOPPABLE_STATES, P.SUSPENDED),
        target=P.TERMINATED,
        permission=perms.can_manage_project,
        custom={
            "label": _("终止项目"),
            "confirm": _("项目将终止，未拨付的批次全部取消；此操作不能撤销。"),
            "needs_reason": True,
        },
    )
    def terminate(self, *, by=None, reason=""):
        self.terminated_at = timezone.now()
        self.last_reason = reason

    # --- What was funded ----------------------------------------------------------------------
    application = models.OneToOneField(
        "grants.Application",
        verbose_name=_("申报书"),
        on_delete=models.PROTECT,
        related_name="project",
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("承接单位"),
        on_delete=models.PROTECT,
        related_name="funded_projects",
    )
    call = models.ForeignKey(
        "grants.Call",
        verbose_name=_("征集"),
        on_delete=models.PROTECT,
        related_name="funded_projects",
    )
    number = models.CharField(_("项目编号"), max_length=40, unique=True, null=True, blank=True)
    name = models.CharField(_("项目名称"), max_length=200)
    amount = models.DecimalField(
        _("资助金额（元）"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY
    )
    starts_on = models.DateField(_("实施开始日期"), null=True, blank=True)
    ends_on = models.DateField(_("实施结束日期"), null=True, blank=True)
    public_summary = models.TextField(
        _("公开简介"), blank=True, help_text=_("在公开项目页面显示，不得含个人信息")
    )
    activities_plan = models.TextField(_("活动安排"), blank=True)
    midterm_required = models.BooleanField(_("需中期评估"), default=True)

    # --- Agreement (项目资助协议书 / 服务合同) ---------------------------------------------------
    agreement_state = models.CharField(
        _("协议状态"),
        max_length=16,
        choices=AgreementState.choices,
        default=AgreementState.GENERATED,
        editable=False,
    )
    signed_scan = models.FileField(
        _("协议签署件"),
        storage=private_storage,
        upload_to=agreement_upload_to,
        blank=True,
        editable=False,
    )
    signed_scan_name = models.CharField(_("签署件原文件名"), max_length=200, blank=True)
    signed_uploaded_at = models.DateTimeField(_("签署件上传时间"), null=True, blank=True)
    signed_uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签署件上传人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The confirmed text: its HTML is frozen inside the confirming transaction (a quick template
    # render); the PDF is laid out from it after commit (`projects.agreement.store_agreement_pdf`).
    agreement_html = models.TextField(_("确认时的协议文本（HTML）"), blank=True, editable=False)
    agreement_pdf = models.FileField(
        _("确认时的协议文本"),
        storage=private_storage,
        upload_to=agreement_upload_to,
        blank=True,
        editable=False,
    )
    # The payee account as printed in the confirmed agreement (the organization's registry entry
    # at confirmation); payment notices use this, not a later change of the registry.
    payee_account_name = models.CharField(_("收款户名"), max_length=100, blank=True, editable=False)
    payee_bank_name = models.CharField(_("收款开户行"), max_length=100, blank=True, editable=False)
    payee_account_number = models.CharField(
        _("收款账号"), max_length=40, blank=True, editable=False
    )
    agreement_confirmed_at = models.DateTimeField(_("签约确认时间"), null=True, blank=True)
    agreement_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签约确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # --- Evaluations and close-out ------------------------------------------------------------
    midterm_passed = models.BooleanField(_("中期评估通过"), null=True, blank=True)
    midterm_grade = models.CharField(_("中期评估等级"), max_length=20, blank=True)
    midterm_decided_at = models.DateTimeField(_("中期评估结果时间"), null=True, blank=True)
    final_passed = models.BooleanField(_("终期评估通过"), null=True, blank=True)
    final_grade = models.CharField(_("结项等级"), max_length=20, blank=True)
    final_decided_at = models.DateTimeField(_("终期评估结果时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结项时间"), null=True, blank=True)

    # --- Stops --------------------------------------------------------------------------------
    resume_state = models.CharField(
        _("恢复后的状态"), max_length=20, choices=P.choices, blank=True, editable=False
    )
    terminated_at = models.DateTimeField(_("终止时间"), null=True, blank=True)
    refund_amount = models.DecimalField(
        _("应退回金额（元）"),
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
        **MONEY,
    )
    refund_due_on = models.DateField(_("退款期限"), null=True, blank=True)
    refunded_on = models.DateField(_("退款到账日期"), null=True, blank=True)

    # --- Bookkeeping --------------------------------------------------------------------------
    last_reason = models.TextField(_("最近一次处理意见"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("立项操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("立项时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = FundedProjectQuerySet.as_manager()
    DEPARTMENT_PATH = "call__department"  # core.scoping

    # Site search (cms.search_kinds): only what the public project page shows.
    search_fields = [
        SegmentedField("name", boost=3),
        InitialsField("name"),
        SegmentedField("public_summary"),
        SegmentedField("search_context", boost=0.5),
    ]

    @classmethod
    def get_indexed_objects(cls):
        return cls.objects.filter(state__in=PUBLIC_STATES).select_related(
            "organization", "call", "application__category"
        )

    def search_context(self) -> str:
        """The public facts beside the name: organization, call, field, place."""
        application = self.application
        category = application.category.name if application.category_id else ""
        place = (application.region_name, application.street, application.community)
        return " ".join(x for x in (self.organization.name, self.call.title, category, *place) if x)

    class Meta:
        verbose_name = _("资助项目")
        verbose_name_plural = _("资助项目")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["call", "state"]), models.Index(fields=["state"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="project_amount_positive"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="project_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_public(self) -> bool:
        """Shown in the public directory: under way, suspended or done (not before signing)."""
        return self.state in PUBLIC_STATES

    @property
    def is_purchase(self) -> bool:
        from grants.models.states import CallKind

        return self.call.kind == CallKind.PURCHASE

    @property
    def agreement_title(self) -> str:
        return str(_("政府购买服务合同") if self.is_purchase else _("项目资助协议书"))

    def after_transition(self, name, *, by, reason):
        from projects.effects import on_project_transition
        from projects.notify import project_state_changed

        on_project_transition(self, name, by=by, reason=reason)
        project_state_changed(self, name=name, by=by, reason=reason)
