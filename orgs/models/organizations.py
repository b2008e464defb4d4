import unicodedata
from datetime import date

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from wagtail.search import index

from core import regions
from core.fsm import WorkflowModel
from core.phones import PhoneField
from core.regions.fields import RegionCodeFormField
from core.rules import condition
from core.search_fields import InitialsField, SegmentedField
from orgs import permissions as perms
from orgs import uscc

# [0-9], not \d: \d also matches other scripts' digits ("٤٤٠٣٠٤"), which no region code has.
region_code_validator = RegexValidator(r"^[0-9]{6}$", _("行政区划代码应为6位数字"))
street_code_validator = RegexValidator(
    r"^[0-9]{6}([0-9]{3})?$", _("行政区划代码应为6位数字（街道、乡镇为9位）")
)


class RegionCodeField(models.CharField):
    """A 行政区划代码 of the national table (`core.regions`): six digits picked 省 → 市 → 区县, or
    with `streets=True` also a town's nine (… → 街道/乡镇). Full-width digits, as a Chinese input
    method types them, are stored as ASCII digits."""

    def __init__(self, *args, streets=False, **kwargs):
        self.streets = streets
        kwargs["max_length"] = 9 if streets else 6
        kwargs.setdefault(
            "validators", [street_code_validator if streets else region_code_validator]
        )
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.streets:
            kwargs["streets"] = True
        return name, path, args, kwargs

    def to_python(self, value):
        value = super().to_python(value)
        return unicodedata.normalize("NFKC", value).strip() if isinstance(value, str) else value

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        regions.validate_code(value, streets=self.streets)

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": RegionCodeFormField, "streets": self.streets, **kwargs}
        )


class WebsiteField(models.URLField):
    """Addresses are typed without a scheme ("www.example.org"): assume https, as Django 6 will."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class OrgKind(models.TextChoices):
    SOCIAL_GROUP = "social_group", _("社会团体")
    SERVICE_ORG = "service_org", _("民办非企业单位（社会服务机构）")
    FOUNDATION = "foundation", _("基金会")
    COMMUNITY_GROUP = "community_group", _("备案类社区社会组织")
    GOVERNMENT = "government", _("政府部门")
    EVALUATION_AGENCY = "evaluation_agency", _("第三方评估机构")
    INCUBATOR_OPERATOR = "incubator_operator", _("孵化基地运营方")
    ENTERPRISE = "enterprise", _("企业")
    PUBLIC_INSTITUTION = "public_institution", _("事业单位")
    OTHER = "other", _("其他")

    @classmethod
    def social_organizations(cls):
        return [cls.SOCIAL_GROUP, cls.SERVICE_ORG, cls.FOUNDATION, cls.COMMUNITY_GROUP]


# A filed community group is not a legal person: no USCC, a filing number and a host instead.
NON_LEGAL_PERSON_KINDS = {OrgKind.COMMUNITY_GROUP}


class RegistrationLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    CITY = "city", _("市级")
    DISTRICT = "district", _("区县级")
    STREET = "street", _("街道（乡镇）")


class OrgStatus(models.TextChoices):
    NORMAL = "normal", _("正常")
    DEREGISTERED = "deregistered", _("注销")
    REVOKED = "revoked", _("撤销")


class AnnualReportResult(models.TextChoices):
    QUALIFIED = "qualified", _("合格")
    BASICALLY_QUALIFIED = "basically", _("基本合格")
    UNQUALIFIED = "unqualified", _("不合格")


class Grade(models.IntegerChoices):
    A1 = 1, "1A"
    A2 = 2, "2A"
    A3 = 3, "3A"
    A4 = 4, "4A"
    A5 = 5, "5A"


class CreditStatus(models.TextChoices):
    NORMAL = "normal", _("正常")
    ABNORMAL = "abnormal", _("活动异常名录")
    DISHONEST = "dishonest", _("严重违法失信名单")


class VerificationState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PENDING = "pending", _("待审核")
    RETURNED = "returned", _("退回修改")
    VERIFIED = "verified", _("已认证")
    DEREGISTERED = "deregistered", _("已注销")
    REVOKED = "revoked", _("已撤销")


S = VerificationState


@condition(_("请先填写统一社会信用代码（备案类社区社会组织填写备案编号和挂靠单位）"))
def has_required_identity(org) -> bool:
    if org.is_legal_person:
        return bool(org.uscc)
    return bool(org.filing_number and org.host_organization_id)


@condition(_("请先上传登记证书（备案类社区社会组织上传备案证明）"))
def has_registration_document(org) -> bool:
    from orgs.models.documents import DocumentKind

    return org.documents.filter(kind=DocumentKind.CERTIFICATE).exists()


class Organization(index.Indexed, WorkflowModel):
    state = FSMField(_("认证状态"), default=S.DRAFT, choices=S.choices, protected=True)

    # --- Transitions (the verification machine) -------------------------------------------
    @transition(
        field=state,
        source=[S.DRAFT, S.RETURNED],
        target=S.PENDING,
        permission=perms.can_submit_for_verification,
        conditions=[has_required_identity, has_registration_document],
        custom={"label": _("提交认证")},
    )
    def submit(self, *, by=None, reason=""):
        pass

    @transition(
        field=state,
        source=S.PENDING,
        target=S.VERIFIED,
        permission=perms.can_review_organization,
        custom={"label": _("认证通过")},
    )
    def approve(self, *, by=None, reason=""):
        self.verified_at = timezone.now()

    @transition(
        field=state,
        source=S.PENDING,
        target=S.RETURNED,
        permission=perms.can_review_organization,
        custom={"label": _("退回修改"), "needs_reason": True},
    )
    def return_for_changes(self, *, by=None, reason=""):
        pass

    @transition(
        field=state,
        source=S.VERIFIED,
        target=S.DEREGISTERED,
        permission=perms.can_review_organization,
        custom={
            "label": _("注销"),
            "confirm": _("该组织将记为已注销，不能再申报或承接项目；此操作不能撤销。"),
            "needs_reason": True,
        },
    )
    def deregister(self, *, by=None, reason=""):
        self.status = OrgStatus.DEREGISTERED

    @transition(
        field=state,
        source=S.VERIFIED,
        target=S.REVOKED,
        permission=perms.can_review_organization,
        custom={
            "label": _("撤销"),
            "confirm": _("该组织将记为已撤销登记，不能再申报或承接项目；此操作不能撤销。"),
            "needs_reason": True,
        },
    )
    def revoke(self, *, by=None, reason=""):
        self.status = OrgStatus.REVOKED

    # --- Master data ------------------------------------------------------------------------
    name = models.CharField(_("组织名称"), max_length=200)
    short_name = models.CharField(
        _("简称"),
        max_length=50,
        blank=True,
        help_text=_("常用简称或品牌名，如“晨曦社工”；匿名评审时与全称一并隐去"),
    )
    kind = models.CharField(_("组织类型"), max_length=32, choices=OrgKind.choices)
    uscc = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        help_text=_("18位，不含字母I、O、Z、S、V"),
    )
    uscc_override_reason = models.TextField(
        _("校验位例外核准理由"),
        blank=True,
        help_text=_("仅限工作人员：早期试点代码校验位不符但合法时填写"),
    )
    uscc_warnings = models.JSONField(_("代码校验提示"), default=list, blank=True, editable=False)
    registration_number = models.CharField(_("登记证号"), max_length=50, blank=True)
    org_code = models.CharField(_("组织机构代码"), max_length=10, blank=True)
    filing_number = models.CharField(_("备案编号"), max_length=50, blank=True)
    host_organization = models.ForeignKey(
        "self",
        verbose_name=_("挂靠（备案）单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_groups",
        help_text=_("备案类社区社会组织通过已登记的组织申报"),
    )
    registration_authority = models.CharField(_("登记管理机关"), max_length=100, blank=True)
    registration_level = models.CharField(
        _("登记机关级别"), max_length=16, choices=RegistrationLevel.choices, blank=True
    )
    supervising_unit = models.CharField(_("业务主管单位"), max_length=100, blank=True)
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True)
    address = models.CharField(_("住所"), max_length=200, blank=True)
    # 登记地: registration authorities are county-level or above, so no street (decisions 32).
    region_code = RegionCodeField(_("行政区划代码"), blank=True)
    # A government department (kind GOVERNMENT) as a purchaser (购买主体): the area it serves,
    # down to a street office's 街道, and the department above it (orgs.departments).
    jurisdiction_code = RegionCodeField(
        _("辖区"),
        streets=True,
        blank=True,
        help_text=_("政府部门填写：所辖行政区划，街道办填到街道"),
    )
    parent_department = models.ForeignKey(
        "self",
        verbose_name=_("上级部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_departments",
        limit_choices_to={"kind": "government"},
        help_text=_("政府部门填写：上级部门可只读查看下级部门的事项"),
    )
    status = models.CharField(
        _("登记状态"), max_length=16, choices=OrgStatus.choices, default=OrgStatus.NORMAL
    )
    annual_report_year = models.PositiveSmallIntegerField(_("最近年报年度"), null=True, blank=True)
    annual_report_result = models.CharField(
        _("年报结论"), max_length=16, choices=AnnualReportResult.choices, blank=True
    )
    grade = models.PositiveSmallIntegerField(
        _("评估等级"), choices=Grade.choices, null=True, blank=True
    )
    grade_granted_on = models.DateField(_("等级授予日期"), null=True, blank=True)
    credit_status = models.CharField(
        _("信用状态"), max_length=16, choices=CreditStatus.choices, default=CreditStatus.NORMAL
    )
    credit_status_since = models.DateField(_("信用状态起始日"), null=True, blank=True)
    credit_status_until = models.DateField(_("信用状态截止日"), null=True, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = PhoneField(_("联系电话"), blank=True)
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    website = WebsiteField(_("网站"), blank=True)
    # The account grants are paid into (户名、开户行、账号); written only through
    # `orgs.bank.set_bank_account`, which asks a reason for any change and audits it.
    bank_account_name = models.CharField(_("户名"), max_length=100, blank=True, editable=False)
    bank_name = models.CharField(_("开户行"), max_length=100, blank=True, editable=False)
    bank_account_number = models.CharField(_("账号"), max_length=40, blank=True, editable=False)

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
    verified_at = models.DateTimeField(_("认证时间"), null=True, blank=True)

    # Site search (cms.search_kinds): the names only, and only of organizations shown publicly
    # (orgs.public_presence). Contacts, bank account and USCC are never indexed.
    search_fields = [
        SegmentedField("name", boost=3),
        SegmentedField("short_name", boost=2),
        InitialsField("name"),
        InitialsField("short_name"),
    ]

    @classmethod
    def get_indexed_objects(cls):
        from orgs.public_presence import public_organizations

        return public_organizations()

    class Meta:
        verbose_name = _("组织")
        verbose_name_plural = _("组织")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["kind", "state"]),
            models.Index(fields=["region_code"]),
        ]

    def __str__(self):
        return self.name

    @property
    @admin.display(description=_("所在地区"))
    def region_name(self) -> str:
        return regions.full_name(self.region_code)

    # --- Derived facts ------------------------------------------------------------------------
    @property
    def is_legal_person(self) -> bool:
        return self.kind not in NON_LEGAL_PERSON_KINDS

    @property
    def is_verified(self) -> bool:
        return self.state == S.VERIFIED

    @property
    def grade_expires_on(self) -> date | None:
        if not self.grade_granted_on:
            return None
        years = settings.GRADE_VALIDITY_YEARS
        granted = self.grade_granted_on
        try:
            return granted.replace(year=granted.year + years)
        except ValueError:  # granted on 29 February
            return granted.replace(year=granted.year + years, day=28)

    def grade_on(self, day: date) -> int | None:
        """The evaluation grade in force on `day` (grades lapse after the validity period)."""
        expires = self.grade_expires_on
        if self.grade and expires and self.grade_granted_on <= day < expires:
            return self.grade
        return None

    def is_dishonest_on(self, day: date) -> bool:
        if self.credit_status != CreditStatus.DISHONEST:
            return False
        starts, ends = self.credit_status_since, self.credit_status_until
        return (starts is None or starts <= day) and (ends is None or day <= ends)

    def clean(self):
        super().clean()
        errors = {}
        if self.uscc:
            report = uscc.inspect(self.uscc, kind=self.kind)
            self.uscc = report.code
            self.uscc_warnings = [str(w) for w in report.warnings]
            if report.errors and not (report.checksum_failed_only and self.uscc_override_reason):
                errors["uscc"] = report.errors
        elif self.is_legal_person:
            errors["uscc"] = _("该类型组织为法人，必须填写统一社会信用代码")
        if not self.is_legal_person:
            if self.uscc:
                errors["uscc"] = _(
                    "备案类社区社会组织不是法人，没有统一社会信用代码，请填写备案编号"
                )
            if not self.filing_number:
                errors["filing_number"] = _("请填写备案编号")
        if self.host_organization_id and self.host_organization_id == self.pk:
            errors["host_organization"] = _("挂靠单位不能是本组织")
        if self.grade and not self.grade_granted_on:
            errors["grade_granted_on"] = _("填写评估等级时须填写授予日期")
        if errors:
            raise ValidationError(errors)

    @property
    def has_bank_account(self) -> bool:
        return bool(self.bank_account_name and self.bank_name and self.bank_account_number)

    def member_emails(self) -> list[str]:
        return list(self.memberships.values_list("user__email", flat=True))

    def after_transition(self, name, *, by, reason):
        from orgs.notify import organization_state_changed

        organization_state_changed(self, name=name, by=by, reason=reason)
