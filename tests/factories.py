"""Plain factories shared by the whole suite."""

import itertools

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from orgs import uscc
from orgs.departments import DEPARTMENT_ROLES
from orgs.models import MemberRole, Membership, Organization, OrgKind, User
from orgs.roles import Role

_serial = itertools.count(1)
_PREFIX = {
    OrgKind.SOCIAL_GROUP: "51",
    OrgKind.SERVICE_ORG: "52",
    OrgKind.FOUNDATION: "53",
    OrgKind.ENTERPRISE: "91",
    OrgKind.GOVERNMENT: "11",
    OrgKind.PUBLIC_INSTITUTION: "12",
}


def make_uscc(kind=OrgKind.SERVICE_ORG, region="440305") -> str:
    """A valid USCC for `kind` with a unique organization code body."""
    n = next(_serial)
    body8 = f"{n:08d}"
    first17 = _PREFIX.get(kind, "52") + region + body8 + uscc.org_code_check_char(body8)
    return first17 + uscc.check_char(first17)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.cn")
    real_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")
    # Verified unless a test says otherwise (email_verified_at=None): issue 18.11.
    email_verified_at = factory.LazyFunction(timezone.now)
    is_active = True

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            # get_or_create: on PostgreSQL the serial pass can lose migration rows after the
            # browser tests (see tests/e2e/conftest.py); role checks go by group name.
            self.groups.add(Group.objects.get_or_create(name=Role(role).value)[0])
        if extracted or create:
            self.save()

    @factory.post_generation
    def departments(self, create, extracted, **kwargs):
        """`departments=[…]` names them; a department role alone puts the user in the default
        department."""
        if not create:
            return
        if extracted is None:
            roles = set(self.groups.values_list("name", flat=True))
            extracted = [default_department()] if roles & DEPARTMENT_ROLES else []
        if extracted:
            self.departments.set(extracted)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"深圳市南山区第{n}社工服务中心")
    kind = OrgKind.SERVICE_ORG
    uscc = factory.LazyAttribute(lambda o: make_uscc(o.kind))
    registration_authority = "深圳市南山区民政局"
    region_code = "440305"
    legal_representative = "王明"
    address = "深圳市南山区南头街道"
    contact_name = "李娜"
    contact_phone = "13800138000"
    contact_email = factory.Sequence(lambda n: f"org{n}@example.cn")
    bank_account_name = factory.LazyAttribute(lambda o: o.name)
    bank_name = "中国工商银行深圳南山支行"
    bank_account_number = factory.Sequence(lambda n: f"40000230092000{n:05d}")


def add_member(user, org, role=MemberRole.MEMBER) -> Membership:
    return Membership.objects.create(user=user, organization=org, role=role)


# --- grants: calls and applications ---------------------------------------------------------

import datetime as _dt  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.core.files.base import ContentFile  # noqa: E402


class GovernmentFactory(OrganizationFactory):
    """A purchasing department; the same name gives the same department."""

    class Meta:
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"深圳市第{n}区民政局")
    kind = OrgKind.GOVERNMENT
    state = "verified"
    jurisdiction_code = "440305"


# Calls are bought by this department unless a test names another, and the staff-like personas
# (民政工作人员, 审核人, 孵化基地管理员) work for it: tests about other departments say so.
DEFAULT_DEPARTMENT = "深圳市南山区民政局"


def default_department():
    return GovernmentFactory(name=DEFAULT_DEPARTMENT)


class CallFactory(factory.django.DjangoModelFactory):
    """An open 公益创投 call: published, opened yesterday, closing in 30 days."""

    class Meta:
        model = "grants.Call"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"2025年南山区第{n}届公益创投")
    kind = "venture"
    state = "published"
    department = factory.LazyFunction(default_department)
    total_budget = Decimal("1000000.00")
    per_project_cap = Decimal("100000.00")
    project_period_months = 10
    opens_at = factory.LazyFunction(lambda: timezone.now() - _dt.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + _dt.timedelta(days=30))
    completion_deadline = factory.LazyAttribute(lambda c: c.closes_at + _dt.timedelta(days=7))
    require_verified = False
    allowed_org_kinds = factory.LazyFunction(list)

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        from grants.models import CallCategory

        if create:
            for i, name in enumerate(extracted or ["扶老", "助残"]):
                CallCategory.objects.create(call=self, name=name, sort_order=i)


def make_attachment(application, *, kind, requirement=None, question_key="", title="附件"):
    from grants.models import ApplicationAttachment

    attachment = ApplicationAttachment(
        application=application,
        kind=kind,
        requirement=requirement,
        question_key=question_key,
        title=title,
        original_name=f"{title}.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
    )
    attachment.file.save("scan.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    attachment.save()
    return attachment


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft application; `complete=True` fills it so that it can be submitted."""

    class Meta:
        model = "grants.Application"
        skip_postgeneration_save = True

    call = factory.SubFactory(CallFactory)
    organization = factory.SubFactory(OrganizationFactory)
    project_name = factory.Sequence(lambda n: f"长者关爱计划{n}")

    @factory.post_generation
    def complete(self, create, extracted, **kwargs):
        if create and extracted:
            fill_application(self)


def fill_application(application, *, amount=Decimal("50000.00")):
    """Fill every required part of `application` consistently (budget equals the request)."""
    from grants.models import Application, BudgetLine, TeamMember

    values = dict(
        category=application.call.categories.first(),
        project_name=application.project_name or "长者关爱计划",
        lead_name="王芳",
        lead_phone="13800000001",
        contact_name="李娜",
        contact_phone="13800000002",
        contact_email="contact@example.cn",
        org_profile="扎根社区十年的社工机构。",
        summary="为独居长者提供探访与互助服务。",
        needs_analysis="辖区独居长者多，缺乏照护。",
        objectives="服务200名长者。",
        activities="每月探访，季度活动。",
        expected_outcomes="长者孤独感下降。",
        risks="志愿者流失风险，以培训应对。",
        region_code="440305",
        street="南头街道",
        community="红花园社区",
        direct_beneficiaries=200,
        indirect_beneficiaries=800,
        period_months=10,
        amount_requested=amount,
    )
    Application.objects.filter(pk=application.pk).update(**values)
    for name, value in values.items():  # not refresh_from_db(): django-fsm's is not thread-safe
        setattr(application, name, value)
    application.team_members.all().delete()
    TeamMember.objects.create(application=application, name="王芳", qualification="social_worker")
    application.budget_lines.all().delete()
    BudgetLine.objects.create(
        application=application,
        category="活动费",
        item="探访物资",
        unit_price=amount / 100,
        quantity=Decimal("100"),
        amount=amount,
        funding_source="requested",
    )
    if application.call.require_commitment:
        make_attachment(application, kind="commitment", title="承诺书")
    for requirement in application.call.required_attachments.filter(required=True):
        make_attachment(
            application, kind="required", requirement=requirement, title=requirement.name
        )
    return application


class ExpertProfileFactory(factory.django.DjangoModelFactory):
    """An active expert of the pool (a user with the 评审专家 role)."""

    class Meta:
        model = "review.ExpertProfile"

    user = factory.SubFactory(UserFactory, roles=[Role.EXPERT])
    title = "副教授"
    employer_name = "深圳大学社会学系"
    expertise = factory.LazyFunction(lambda: ["扶老", "助残"])


def make_funded_project(*, organization=None, call=None, amount=None, budget=None, by=None):
    """A funded project as the award creates it: an application set to 已立项 (the award itself
    belongs to review) and `grants.signals.application_awarded` sent. Returns the FundedProject."""
    from decimal import Decimal as _D

    from grants.models import Application
    from grants.signals import application_awarded
    from projects.models import FundedProject

    kwargs = {}
    if organization is not None:
        kwargs["organization"] = organization
    if call is not None:
        kwargs["call"] = call
    application = ApplicationFactory(**kwargs)
    fill_application(application, amount=budget or amount or _D("50000.00"))
    Application.objects.filter(pk=application.pk).update(state="funded")
    application_awarded.send(
        sender=Application,
        application=application,
        amount=amount or budget or _D("50000.00"),
        by=by,
    )
    return FundedProject.objects.get(application=application)


# --- needs: the demand library -----------------------------------------------------------------


class CommunityFactory(OrganizationFactory):
    """A residents' committee (社区居委会) registered as 其他, the usual owner of a need."""

    name = factory.Sequence(lambda n: f"南头街道第{n}社区居委会")
    kind = OrgKind.OTHER


class NeedFactory(factory.django.DjangoModelFactory):
    """A complete need of a community; pass `state="published"` (and `published_at`) to skip
    moderation in tests that are not about it."""

    class Meta:
        model = "needs.Need"

    organization = factory.SubFactory(CommunityFactory)
    call = None
    # As `needs.actions.department_for`: the call's purchaser, else the department serving
    # 南山区 (the default one, unless a test names another).
    department = factory.LazyAttribute(
        lambda n: n.call.department if n.call else default_department()
    )
    title = factory.Sequence(lambda n: f"独居长者上门探访服务{n}")
    description = "辖区内独居长者较多，缺少日常探访和应急照护。"
    affected_group = "独居长者"
    affected_count = 120
    region_code = "440305"
    street = "南头街道"
    community = "红花园社区"
    category = "elderly"
    urgency = "urgent"
    budget_min = Decimal("30000.00")
    budget_max = Decimal("80000.00")
    contact_name = "黄主任"
    contact_phone = "0755-26000001"
    contact_email = "hongjuwei@example.cn"
    published_at = factory.LazyAttribute(
        lambda n: timezone.now() if n.state in ("published", "in_call", "satisfied") else None
    )
    state = "draft"
