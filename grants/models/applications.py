"""Applications (项目申报书) and their life cycle up to the expert review."""

from decimal import Decimal

from django.conf import settings
from django.contrib import admin
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core import regions
from core.fsm import WorkflowModel
from core.phones import PhoneField
from core.scoping import ScopedQuerySet
from grants import permissions as perms
from grants.models.calls import MONEY
from grants.models.conditions import (
    RESUBMIT_CONDITIONS,
    SUBMIT_CONDITIONS,
    application_sheets_closed,
)
from grants.models.receipts import issue_receipt, next_submission_number
from grants.models.states import SCREENABLE_STATES, WITHDRAWABLE_STATES
from grants.models.states import ApplicationState as A
from orgs.models.organizations import RegionCodeField

SHORT_TEXT_LIMIT = 500  # 项目概述 and 机构简介: "不超过500字"


def max_chars(limit: int) -> MaxLengthValidator:
    return MaxLengthValidator(limit, message=_("不超过%(limit_value)d字（当前%(show_value)d字）"))


def snapshot_of(org) -> dict:
    """What the registry knows about `org`, frozen into the application at submission."""
    today = timezone.localdate()
    grade = org.grade_on(today)
    return {
        "name": org.name,
        "kind": org.kind,
        "kind_label": str(org.get_kind_display()),
        "uscc": org.uscc or "",
        "registration_number": org.registration_number,
        "filing_number": org.filing_number,
        "host_organization": org.host_organization.name if org.host_organization_id else "",
        "registration_authority": org.registration_authority,
        "supervising_unit": org.supervising_unit,
        "founded_on": org.founded_on.isoformat() if org.founded_on else "",
        "legal_representative": org.legal_representative,
        "address": org.address,
        "region_code": org.region_code,
        "annual_report_year": org.annual_report_year,
        "annual_report_result": str(org.get_annual_report_result_display() or ""),
        "grade": f"{grade}A" if grade else "",
        "grade_year": org.grade_granted_on.year if grade and org.grade_granted_on else None,
        "credit_status": str(org.get_credit_status_display()),
        "contact_name": org.contact_name,
        "contact_phone": org.contact_phone,
        "contact_email": org.contact_email,
        "verified": org.is_verified,
        "taken_at": timezone.now().isoformat(),
    }


class ApplicationQuerySet(ScopedQuerySet):
    def counted(self):
        """Applications that count against the call's per-organization limit."""
        return self.exclude(state=A.WITHDRAWN)

    def of_member(self, user):
        return self.filter(organization__memberships__user=user)


class Application(WorkflowModel):
    state = FSMField(_("状态"), default=A.DRAFT, choices=A.choices, protected=True)

    # --- Transitions (applicant side, then format screening) ----------------------------------
    @transition(
        field=state,
        source=A.DRAFT,
        target=A.SUBMITTED,
        permission=perms.can_submit,
        conditions=SUBMIT_CONDITIONS,
        custom={"label": _("提交申报")},
    )
    def submit(self, *, by=None, reason=""):
        self._stamp_submission()

    @transition(
        field=state,
        source=A.RETURNED,
        target=A.SUBMITTED,
        permission=perms.can_submit,
        conditions=RESUBMIT_CONDITIONS,
        custom={"label": _("补正后重新提交")},
    )
    def resubmit(self, *, by=None, reason=""):
        self._stamp_submission()

    @transition(
        field=state,
        source=WITHDRAWABLE_STATES,
        target=A.WITHDRAWN,
        permission=perms.can_withdraw,
        custom={
            "label": _("撤回申报"),
            "needs_reason": True,
            "confirm": _(
                "申报书将被撤回，不再参加本次征集的审查和评审，撤回后不能恢复；"
                "撤回原因记入办理记录，工作人员可见。"
            ),
        },
    )
    def withdraw(self, *, by=None, reason=""):
        self.last_reason = reason

    @transition(
        field=state,
        source=A.SUBMITTED,
        target=A.SCREENING,
        permission=perms.can_screen,
        custom={"label": _("开始形式审查")},
    )
    def start_screening(self, *, by=None, reason=""):
        pass

    @transition(
        field=state,
        source=SCREENABLE_STATES,
        target=A.RETURNED,
        permission=perms.can_screen,
        custom={"label": _("退回补正"), "needs_reason": True},
    )
    def return_for_completion(self, *, by=None, reason=""):
        self.last_reason = reason

    @transition(
        field=state,
        source=(*SCREENABLE_STATES, A.RETURNED),
        target=A.SCREENING_FAILED,
        permission=perms.can_screen,
        custom={
            "label": _("审查不通过"),
            "confirm": _("申报书将审查不通过，不能再补正或参加评审；此操作不能撤销。"),
            "needs_reason": True,
        },
    )
    def fail_screening(self, *, by=None, reason=""):
        self.last_reason = reason

    @transition(
        field=state,
        source=SCREENABLE_STATES,
        target=A.SCREENING_PASSED,
        permission=perms.can_screen,
        custom={"label": _("审查通过")},
    )
    def pass_screening(self, *, by=None, reason=""):
        self.last_reason = reason

    @transition(
        field=state,
        source=A.SCREENING_PASSED,
        target=A.REVIEWING,
        permission=perms.can_screen,
        custom={"label": _("进入评审")},
    )
    def start_review(self, *, by=None, reason=""):
        pass

    # --- Transitions of the review stage (performed by review/, see review.decisions) -------
    @transition(
        field=state,
        source=A.REVIEWING,
        target=A.REVIEWED,
        permission=perms.can_decide_review,
        conditions=[application_sheets_closed],
        custom={"label": _("完成评审")},
    )
    def finish_review(self, *, by=None, reason=""):
        pass

    @transition(
        field=state,
        source=A.REVIEWED,
        target=A.RECOMMENDED,
        permission=perms.can_decide_review,
        custom={"label": _("拟资助"), "two_person": "decide"},
    )
    def recommend(self, *, by=None, reason=""):
        self.last_reason = reason

    @transition(
        field=state,
        source=A.REVIEWED,
        target=A.NOT_SELECTED,
        permission=perms.can_decide_review,
        custom={"label": _("未入选"), "two_person": "decide"},
    )
    def not_select(self, *, by=None, reason=""):
        self.last_reason = reason

    @transition(
        field=state,
        source=(A.RECOMMENDED, A.NOT_SELECTED),
        target=A.REVIEWED,
        permission=perms.can_decide_review,
        custom={"label": _("撤销决定"), "needs_reason": True},
    )
    def reconsider(self, *, by=None, reason=""):
        self.last_reason = reason

    @transition(
        field=state,
        source=A.RECOMMENDED,
        target=A.PUBLICITY,
        permission=perms.can_decide_review,
        custom={"label": _("进入公示"), "two_person": "publish"},
    )
    def start_publicity(self, *, by=None, reason=""):
        pass

    @transition(
        field=state,
        source=A.NOT_SELECTED,
        target=A.PUBLICITY,
        permission=perms.can_decide_review,
        custom={"label": _("递补公示"), "needs_reason": True},
    )
    def promote(self, *, by=None, reason=""):
        self.last_reason = reason

    @transition(
        field=state,
        source=A.PUBLICITY,
        target=A.FUNDED,
        permission=perms.can_award_or_scheduler,
        custom={
            "label": _("立项"),
            "confirm": _("申报书将立项，成为资助项目并生成资助协议；此操作不能撤销。"),
            "two_person": "award",
        },
    )
    def award(self, *, by=None, reason=""):
        pass

    @transition(
        field=state,
        source=(A.RECOMMENDED, A.PUBLICITY),
        target=A.CANCELLED,
        permission=perms.can_decide_review,
        custom={
            "label": _("取消资助"),
            "confirm": _("该申报书的资助将被取消；此操作不能撤销。"),
            "needs_reason": True,
        },
    )
    def cancel(self, *, by=None, reason=""):
        self.last_reason = reason

    # --- Who applies to what ------------------------------------------------------------------
    call = models.ForeignKey(
        "grants.Call", verbose_name=_("征集"), on_delete=models.PROTECT, related_name="applications"
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("申报单位"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    category = models.ForeignKey(
        "grants.CallCategory",
        verbose_name=_("服务领域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )

    # --- Cover and people ---------------------------------------------------------------------
    project_name = models.CharField(_("项目名称"), max_length=200, blank=True)
    lead_name = models.CharField(_("项目负责人"), max_length=50, blank=True)
    lead_phone = PhoneField(_("负责人电话"), blank=True)
    contact_name = models.CharField(_("项目联系人"), max_length=50, blank=True)
    contact_phone = PhoneField(_("联系人手机"), blank=True)
    contact_email = models.EmailField(_("联系人邮箱"), blank=True)
    org_profile = models.TextField(
        _("机构简介"), blank=True, validators=[max_chars(SHORT_TEXT_LIMIT)]
    )

    # --- Plan ---------------------------------------------------------------------------------
    summary = models.TextField(_("项目概述"), blank=True, validators=[max_chars(SHORT_TEXT_LIMIT)])
    needs_analysis = models.TextField(_("需求分析（项目必要性）"), blank=True)
    objectives = models.TextField(_("项目目标"), blank=True)
    activities = models.TextField(_("活动安排与实施进度"), blank=True)
    expected_outcomes = models.TextField(_("预期产出与成效"), blank=True)
    risks = models.TextField(_("风险防控与可持续性"), blank=True)
    # May name the town (街道/乡镇); the text `street` is for a town the list lacks (`clean`).
    region_code = RegionCodeField(_("实施地区划代码"), blank=True, streets=True)
    street = models.CharField(
        _("实施街道（镇）"), max_length=100, blank=True, help_text=_("列表中没有实施街道时填写")
    )
    community = models.CharField(_("实施社区（村）"), max_length=100, blank=True)
    direct_beneficiaries = models.PositiveIntegerField(_("直接受益人数"), null=True, blank=True)
    indirect_beneficiaries = models.PositiveIntegerField(
        _("间接受益人数（估算）"), null=True, blank=True
    )
    period_months = models.PositiveSmallIntegerField(
        _("项目周期（月）"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    amount_requested = models.DecimalField(_("申请资助金额（元）"), null=True, blank=True, **MONEY)
    extra_answers = models.JSONField(_("补充问题回答"), default=dict, blank=True)

    # --- Bookkeeping --------------------------------------------------------------------------
    org_snapshot = models.JSONField(_("申报时的组织信息"), default=dict, blank=True, editable=False)
    revision = models.PositiveIntegerField(_("修改版本"), default=0, editable=False)
    last_reason = models.TextField(_("最近一次处理意见"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("最后修改人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    first_submitted_at = models.DateTimeField(_("首次提交时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submission_number = models.CharField(
        _("申报编号"), max_length=32, unique=True, null=True, blank=True, editable=False
    )
    # When the draft's organization was texted that the call closes soon (grants.reminders):
    # set once, so the scheduler reminds each application at most once per call.
    deadline_reminded_at = models.DateTimeField(
        _("截止提醒时间"), null=True, blank=True, editable=False
    )

    objects = ApplicationQuerySet.as_manager()
    DEPARTMENT_PATH = "call__department"  # core.scoping

    class Meta:
        verbose_name = _("项目申报书")
        verbose_name_plural = _("项目申报书")
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["call", "state"]),
            models.Index(fields=["organization", "call"]),
            # The staff listing (newest handed in first, 20 a page) reads the first rows of this
            # index instead of joining and sorting every application (bench/README.md).
            models.Index(
                fields=["-submitted_at"],
                condition=~Q(state="draft"),
                name="application_handed_in_recent",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_requested__isnull=True) | Q(amount_requested__gte=0),
                name="application_amount_not_negative",
            )
        ]

    def __str__(self):
        return self.project_name or str(_("（未命名项目）"))

    @property
    @admin.display(description=_("所在地区"))
    def region_name(self) -> str:
        return regions.full_name(self.region_code)

    def clean(self):
        super().clean()
        if regions.is_town(self.region_code):
            self.street = ""  # the code names the street; the text would print it twice

    def _stamp_submission(self):
        now = timezone.now()
        self.submitted_at = now
        self.first_submitted_at = self.first_submitted_at or now
        if not self.submission_number:
            self.submission_number = next_submission_number(self.call)
        self.org_snapshot = snapshot_of(self.organization)
        self.last_reason = ""

    # --- Derived facts ------------------------------------------------------------------------
    @property
    def org_data(self) -> dict:
        """Organization facts as shown on the form: frozen once submitted, live before."""
        return self.org_snapshot or snapshot_of(self.organization)

    def budget_totals(self) -> dict[str, Decimal]:
        totals = {"requested": Decimal("0.00"), "own": Decimal("0.00"), "other": Decimal("0.00")}
        for line in self.budget_lines.all():
            totals[line.funding_source] += line.amount
        totals["total"] = sum(totals.values(), Decimal("0.00"))
        return totals

    def after_transition(self, name, *, by, reason):
        from grants.notify import application_state_changed

        if name in ("submit", "resubmit"):
            issue_receipt(self)
        application_state_changed(self, name=name, by=by, reason=reason)
