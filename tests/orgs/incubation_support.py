"""Helpers for the incubation tests (fixtures: `tests/orgs/incubation_fixtures.py`)."""

import datetime
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from core.audit import TRANSITION
from core.workflow import perform_transition
from orgs.incubation import actions
from orgs.models import Founder, Incubation, MemberRole, OrgKind
from orgs.models.incubation.states import Placement
from tests.factories import OrganizationFactory, UserFactory, add_member, default_department
from tests.hostile_files import make_pdf

BEIJING = ZoneInfo("Asia/Shanghai")
FOUNDER_PHONE = "13912345678"
FOUNDER_EMAIL = "founder.secret@example.cn"


def at(day: datetime.date, hour=10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=BEIJING)


def pdf(name="入驻协议.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, make_pdf(), "application/pdf")


def make_base(*, managers=(), by=None, **fields):
    operator = OrganizationFactory(
        kind=OrgKind.INCUBATOR_OPERATOR, name=fields.pop("operator_name", "南山区社会组织孵化中心")
    )
    defaults = {
        "name": "南山区社会组织孵化基地",
        "address": "深圳市南山区南头街道深南大道1号",
        "desks": 2,
        "rooms": 1,
        "services": "导师辅导\n财务代账\n能力建设培训",
        "how_to_apply": "在线提交入驻申请，基地审核后通知面谈。",
    }
    # The default department unless the test names another (issue 21).
    defaults["department"] = default_department()
    return actions.create_base(
        operator=operator, by=by, managers=managers, **{**defaults, **fields}
    )


def application_fields(**extra):
    return {
        "service_field": "社区养老",
        "mission": "让社区长者老有所依。",
        "planned_services": "长者探访、助餐。",
        "team": "社工3人，志愿者20人。",
        "needs": ["space", "mentoring"],
        "placement": Placement.PHYSICAL,
        **extra,
    }


def org_application(base, org, applicant, **extra) -> Incubation:
    """A draft by a registered organization (applicant: its account admin)."""
    return Incubation.objects.create(
        base=base, applicant=applicant, organization=org, **application_fields(**extra)
    )


def team_application(base, applicant, **extra) -> Incubation:
    """A draft by a founding team with one founder whose contacts must stay private."""
    incubation = Incubation.objects.create(
        base=base,
        applicant=applicant,
        as_founding_team=True,
        team_name="南山区晨曦助老服务中心",
        intended_kind=OrgKind.SERVICE_ORG,
        registration_plan="入驻后三个月内向区民政局申请登记。",
        **application_fields(**extra),
    )
    Founder.objects.create(
        incubation=incubation, name="秘密发起人", phone=FOUNDER_PHONE, email=FOUNDER_EMAIL
    )
    return incubation


def move(incubation, *names, by, reason="同意"):
    for name in names:
        incubation = perform_transition(incubation, name, by=by, reason=reason)
    return incubation


def admitted(incubation, *, manager, applicant, desk="A-01", placement=Placement.PHYSICAL):
    """Submit, review and admit (with an agreement) an application."""
    incubation = move(incubation, "submit", by=applicant)
    incubation = move(incubation, "start_review", by=manager)
    return actions.admit(
        incubation=incubation, by=manager, placement=placement, desk_number=desk, agreement=pdf()
    )


def incubating(incubation, *, manager, applicant, **kwargs):
    incubation = admitted(incubation, manager=manager, applicant=applicant, **kwargs)
    return move(incubation, "start", by=manager)


def full_points(base, minus=0):
    """Points for every checklist item: full marks, minus `minus` on the first item."""
    items = list(base.checklist.all())
    points = {item.pk: item.max_points for item in items}
    points[items[0].pk] -= minus
    return points


def transitions_logged(obj) -> list[dict]:
    return list(
        ModelLogEntry.objects.filter(
            content_type__model=obj._meta.model_name, object_id=str(obj.pk), action=TRANSITION
        )
        .order_by("timestamp", "pk")
        .values_list("data", flat=True)
    )


def new_org_with_admin(name):
    org = OrganizationFactory(name=name)
    admin = UserFactory(real_name=f"{name}管理员")
    add_member(admin, org, MemberRole.ADMIN)
    return org, admin
