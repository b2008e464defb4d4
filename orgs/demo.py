"""Demo organizations and one user per role. Idempotent: keyed by USCC / filing number / e-mail."""

from datetime import date
from functools import cache
from io import BytesIO

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from pypdf import PdfWriter

from core.workflow import perform_transition
from orgs import uscc
from orgs.actions import upload_document
from orgs.models import (
    AnnualReportResult,
    CreditStatus,
    DocumentKind,
    MemberRole,
    Membership,
    Organization,
    OrgKind,
    User,
)
from orgs.roles import ROLE_LABELS, Role

PASSWORD = "demo-pass-2026"  # noqa: S105 - printed demo log-in, never used in production
REGION = "440305"  # 深圳市南山区
AUTHORITY = "深圳市南山区民政局"

_PREFIX = {
    OrgKind.SOCIAL_GROUP: "51",
    OrgKind.SERVICE_ORG: "52",
    OrgKind.FOUNDATION: "53",
    OrgKind.GOVERNMENT: "11",
    OrgKind.PUBLIC_INSTITUTION: "12",
    OrgKind.ENTERPRISE: "91",
    OrgKind.EVALUATION_AGENCY: "52",
    OrgKind.INCUBATOR_OPERATOR: "52",
}

# (kind, name, grade, founded year)
SOCIAL_ORGS = [
    (OrgKind.SERVICE_ORG, "南山区阳光长者综合服务中心", 4, 2013),
    (OrgKind.SERVICE_ORG, "南山区彩虹社会工作服务中心", 5, 2010),
    (OrgKind.SERVICE_ORG, "南山区春晖青少年发展中心", 3, 2015),
    (OrgKind.SERVICE_ORG, "南山区向日葵残障人士康复服务中心", 3, 2016),
    (OrgKind.SERVICE_ORG, "南山区邻里守望社区发展中心", None, 2020),
    (OrgKind.SERVICE_ORG, "南山区心桥心理健康服务中心", 2, 2018),
    (OrgKind.SERVICE_ORG, "南山区绿芽环境教育中心", None, 2021),
    (OrgKind.SERVICE_ORG, "南山区暖巢妇女儿童服务中心", 4, 2012),
    (OrgKind.SERVICE_ORG, "南山区同行禁毒社会工作服务社", 3, 2014),
    (OrgKind.SERVICE_ORG, "南山区明德法律援助服务中心", None, 2019),
    (OrgKind.SERVICE_ORG, "南山区乐龄居家养老服务中心", 3, 2017),
    (OrgKind.SERVICE_ORG, "南山区星光自闭症儿童支持中心", 2, 2019),
    (OrgKind.SOCIAL_GROUP, "南山区志愿者联合会", 5, 2008),
    (OrgKind.SOCIAL_GROUP, "南山区社会工作者协会", 4, 2009),
    (OrgKind.SOCIAL_GROUP, "南山区老年人体育协会", 3, 2011),
    (OrgKind.SOCIAL_GROUP, "南山区家庭教育促进会", None, 2018),
    (OrgKind.SOCIAL_GROUP, "南山区慈善会", 5, 2006),
    (OrgKind.SOCIAL_GROUP, "南山区残疾人康复协会", 3, 2012),
    (OrgKind.SOCIAL_GROUP, "南山区社区文化促进会", None, 2022),
    (OrgKind.FOUNDATION, "深圳市南山社区发展基金会", 4, 2014),
    (OrgKind.FOUNDATION, "深圳市南山助学基金会", 3, 2016),
    (OrgKind.FOUNDATION, "深圳市南山长者关爱基金会", None, 2020),
    (OrgKind.ENTERPRISE, "深圳市安康物业服务有限公司", None, 2011),
    (OrgKind.PUBLIC_INSTITUTION, "南山区社会福利中心", None, 2000),
]

COMMUNITY_GROUPS = [
    ("南头街道红花园社区邻里互助队", "NSBA-2021-001"),
    ("粤海街道科技园社区读书会", "NSBA-2022-014"),
    ("沙河街道华侨城社区合唱团", "NSBA-2020-007"),
    ("蛇口街道四海社区长者探访队", "NSBA-2023-003"),
    ("西丽街道大磡社区青年志愿服务队", "NSBA-2022-021"),
]

PARTIES = [
    (OrgKind.GOVERNMENT, "深圳市南山区民政局"),
    (OrgKind.GOVERNMENT, "深圳市南山区残疾人联合会"),
    (OrgKind.GOVERNMENT, "深圳市南山区南头街道办事处"),
    (OrgKind.EVALUATION_AGENCY, "深圳市诚信社会组织评估中心"),
    (OrgKind.INCUBATOR_OPERATOR, "南山区社会组织孵化基地"),
    (OrgKind.GOVERNMENT, "深圳市民政局"),
    (OrgKind.GOVERNMENT, "深圳市福田区民政局"),
]
# Where the parties that are not in 南山区 sit: (region code, address).
PARTY_PLACES = {
    "深圳市民政局": ("440300", "深圳市福田区福中三路市民中心"),
    "深圳市福田区民政局": ("440304", "深圳市福田区福华三路"),
}

# The purchasing departments of the demo (issue 21): the city bureau above two districts and a
# street office under 南山区. name -> (jurisdiction, parent department).
CITY = "深圳市民政局"
NANSHAN = "深圳市南山区民政局"
FUTIAN = "深圳市福田区民政局"
NANTOU = "深圳市南山区南头街道办事处"
DEPARTMENTS = {
    CITY: ("440300", None),
    NANSHAN: ("440305", CITY),
    FUTIAN: ("440304", CITY),
    NANTOU: ("440305001", NANSHAN),
}
# Each lower department's own 民政工作人员 and 审核人 (staff@ and approver@ work for 南山区), and
# the city bureau's officer, who sees every district's and street's records read-only:
# (e-mail, name, approver too, department).
DEPARTMENT_ACCOUNTS = [
    ("staff@demo.gongyi.cn", "赵敏（民政局）", False, NANSHAN),
    ("approver@demo.gongyi.cn", "钱审核（民政局）", True, NANSHAN),
    ("incubator@demo.gongyi.cn", "吴主任", False, NANSHAN),
    ("futian@demo.gongyi.cn", "林晓（福田区民政局）", False, FUTIAN),
    ("futian-approver@demo.gongyi.cn", "何审核（福田区民政局）", True, FUTIAN),
    ("nantou@demo.gongyi.cn", "黄丽（南头街道）", False, NANTOU),
    ("nantou-approver@demo.gongyi.cn", "罗审核（南头街道）", True, NANTOU),
    ("city@demo.gongyi.cn", "陈主任（深圳市民政局）", False, CITY),
]

# Organizations registered in 福田区, which apply to 福田区民政局's calls:
# (kind, name, grade, founded year).
FUTIAN_ORGS = [
    (OrgKind.SERVICE_ORG, "福田区启明星长者服务中心", 4, 2012),
    (OrgKind.SERVICE_ORG, "福田区同心社会工作服务中心", 3, 2014),
    (OrgKind.SERVICE_ORG, "福田区康乐残障人士服务中心", 3, 2016),
]


def demo_uscc(kind: str, serial: int) -> str:
    body8 = f"{30000000 + serial * 7919:08d}"[-8:]
    first17 = _PREFIX.get(kind, "52") + REGION + body8 + uscc.org_code_check_char(body8)
    return first17 + uscc.check_char(first17)


def _org(kind, name, serial, **extra) -> Organization:
    code = demo_uscc(kind, serial)
    org = Organization.objects.filter(uscc=code).first() or Organization(uscc=code)
    org.name, org.kind = name, kind
    org.registration_authority = AUTHORITY if kind in OrgKind.social_organizations() else ""
    org.registration_number = f"南民证字第{serial:05d}号" if kind != OrgKind.ENTERPRISE else ""
    org.region_code = REGION
    org.address = f"深圳市南山区{['南头', '粤海', '沙河', '蛇口', '西丽', '招商'][serial % 6]}街道"
    org.legal_representative = ["王芳", "李强", "陈丽", "刘洋", "黄敏", "周杰"][serial % 6]
    org.contact_name = ["张伟", "赵丽", "孙磊", "吴静", "郑华"][serial % 5]
    org.contact_phone = f"0755-2{serial:03d}8{serial:03d}"
    org.contact_email = f"contact{serial}@demo.gongyi.cn"
    if kind in OrgKind.social_organizations() and not org.bank_account_number:
        org.bank_account_name = name
        org.bank_name = ["中国工商银行深圳南山支行", "中国建设银行深圳科技园支行"][serial % 2]
        org.bank_account_number = f"40000230092{serial:04d}0088"
    for field, value in extra.items():
        setattr(org, field, value)
    org.full_clean()
    org.save()
    return org


def _certificate_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _verify(org: Organization, staff) -> None:
    """Take a demo organization through the real verification path: upload, submit, approve."""
    if org.state == "verified":
        return
    serial = org.pk
    admin = _user(f"org{serial}@demo.gongyi.cn", f"{org.name[:6]}管理员")
    _member(admin, org)
    if not org.documents.filter(kind=DocumentKind.CERTIFICATE).exists():
        upload = SimpleUploadedFile("登记证书.pdf", _certificate_pdf(), "application/pdf")
        upload_document(
            org=org,
            kind=DocumentKind.CERTIFICATE,
            title="登记证书（演示）",
            upload=upload,
            by=admin,
        )
    if org.state in ("draft", "returned"):
        perform_transition(org, "submit", by=admin)
    perform_transition(org, "approve", by=staff)


@cache
def _password_hash() -> str:
    return make_password(PASSWORD)  # hashed once: PBKDF2 per demo user would take seconds


def _user(email, name, *, role=None, superuser=False, mobile=None) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(
            email=email,
            real_name=name,
            mobile=mobile,
            is_superuser=superuser,
            is_staff=superuser,
            email_verified_at=timezone.now(),  # demo accounts sign in and act at once
        )
        user.password = _password_hash()
        user.save()
    if role:
        user.groups.add(Group.objects.get(name=role.value))
    return user


@transaction.atomic
def seed(stdout) -> list[tuple[str, str]]:
    admin = _user("admin@demo.gongyi.cn", "系统管理员", superuser=True)
    staff = _user("staff@demo.gongyi.cn", "赵敏（民政局）", role=Role.STAFF, mobile="13900000001")
    # 审核人: approves what staff@ proposes (经办/审核); also programme staff (the back office).
    approver = _user("approver@demo.gongyi.cn", "钱审核（民政局）", role=Role.STAFF)
    approver.groups.add(Group.objects.get(name=Role.APPROVER.value))
    expert = _user("expert@demo.gongyi.cn", "孙立教授", role=Role.EXPERT)
    evaluator = _user("evaluator@demo.gongyi.cn", "周评估师", role=Role.EVALUATOR)
    manager = _user("incubator@demo.gongyi.cn", "吴主任", role=Role.INCUBATOR_MANAGER)
    applicant = _user("applicant@demo.gongyi.cn", "李社工", mobile="13800000001")

    parties = {}
    for serial, (kind, name) in enumerate(PARTIES, start=1):
        region, address = PARTY_PLACES.get(name, (REGION, None))
        place = {"region_code": region, **({"address": address} if address else {})}
        parties[name] = _org(kind, name, serial, **place)
        _verify(parties[name], staff)
    _departments(parties)
    for serial, (kind, name, grade, year) in enumerate(SOCIAL_ORGS, start=100):
        org = _org(
            kind,
            name,
            serial,
            founded_on=date(year, 3 + serial % 9, 1 + serial % 27),
            grade=grade,
            grade_granted_on=date(2023, 6, 30) if grade else None,
            annual_report_year=2025,
            annual_report_result=AnnualReportResult.QUALIFIED,
            credit_status=CreditStatus.NORMAL,
        )
        _verify(org, staff)
    for serial, (kind, name, grade, year) in enumerate(FUTIAN_ORGS, start=200):
        org = _org(
            kind,
            name,
            serial,
            region_code="440304",
            address="深圳市福田区福田街道",
            registration_authority=FUTIAN,
            registration_number=f"福民证字第{serial:05d}号",
            bank_name="中国工商银行深圳福田支行",
            founded_on=date(year, 5, 1 + serial % 27),
            grade=grade,
            grade_granted_on=date(2023, 6, 30),
            annual_report_year=2025,
            annual_report_result=AnnualReportResult.QUALIFIED,
            credit_status=CreditStatus.NORMAL,
        )
        _verify(org, staff)
    host = Organization.objects.get(name="南山区志愿者联合会")
    for name, filing in COMMUNITY_GROUPS:
        org = Organization.objects.filter(filing_number=filing).first() or Organization(
            filing_number=filing
        )
        org.name, org.kind, org.host_organization = name, OrgKind.COMMUNITY_GROUP, host
        org.region_code, org.contact_name, org.contact_phone = REGION, "社区联络员", "0755-26000000"
        org.full_clean()
        org.save()
        _verify(org, staff)

    _member(applicant, Organization.objects.get(name="南山区阳光长者综合服务中心"))
    _member(evaluator, parties["深圳市诚信社会组织评估中心"])
    _member(manager, parties["南山区社会组织孵化基地"])
    _member(staff, parties["深圳市南山区民政局"])
    _member(approver, parties["深圳市南山区民政局"])
    logins = _department_accounts(parties)
    seed_incubation(stdout)
    return [
        ("系统管理员", admin.email),
        (str(ROLE_LABELS[Role.STAFF]), staff.email),
        (f"{ROLE_LABELS[Role.APPROVER]}（兼{ROLE_LABELS[Role.STAFF]}）", approver.email),
        (str(ROLE_LABELS[Role.EXPERT]), expert.email),
        (str(ROLE_LABELS[Role.EVALUATOR]), evaluator.email),
        (str(ROLE_LABELS[Role.INCUBATOR_MANAGER]), manager.email),
        ("申报单位管理员", applicant.email),
        *logins,
    ]


def _departments(parties) -> None:
    """Place each demo department in its region and under its parent (orgs.departments)."""
    for name, (jurisdiction, parent) in DEPARTMENTS.items():
        department = parties[name]
        department.jurisdiction_code = jurisdiction
        department.parent_department = parties[parent] if parent else None
        department.save(update_fields=["jurisdiction_code", "parent_department"])


def _department_accounts(parties) -> list[tuple[str, str]]:
    """Put every demo account of a department role in its department, making the other
    departments' officers. Returns (label, e-mail) of the officers made here."""
    made_above = {"staff@demo.gongyi.cn", "approver@demo.gongyi.cn", "incubator@demo.gongyi.cn"}
    logins = []
    for email, name, approves, department in DEPARTMENT_ACCOUNTS:
        if email in made_above:
            user = User.objects.get(email=email)
        else:
            user = _user(email, name, role=Role.STAFF)
            label = ROLE_LABELS[Role.STAFF]
            if approves:
                user.groups.add(Group.objects.get(name=Role.APPROVER.value))
                label = f"{ROLE_LABELS[Role.APPROVER]}（兼{ROLE_LABELS[Role.STAFF]}）"
            logins.append((f"{label} {department}", email))
        user.departments.add(parties[department])
    return logins


def department_staff(department_name: str, *, approver: bool = False) -> User | None:
    """The demo 民政工作人员 (or 审核人) of a department, who acts for its records."""
    for email, _name, approves, department in DEPARTMENT_ACCOUNTS:
        if department == department_name and approves == approver and "incubator" not in email:
            return User.objects.filter(email=email).first()
    return None


def _member(user, org, role=MemberRole.ADMIN):
    Membership.objects.get_or_create(user=user, organization=org, defaults={"role": role})


# --- Incubation (issue 8) -----------------------------------------------------------------------

INCUBATION_BASE = "南山区社会组织孵化基地"


def _admit(incubation, manager, desk, placement="physical"):
    from orgs.incubation import actions

    applicant = incubation.applicant
    if incubation.state == "draft":
        incubation = perform_transition(incubation, "submit", by=applicant)
    if incubation.state == "applied":
        incubation = perform_transition(incubation, "start_review", by=manager)
    if incubation.state == "reviewing":
        agreement = SimpleUploadedFile("入驻协议.pdf", _certificate_pdf(), "application/pdf")
        incubation = actions.admit(
            incubation=incubation,
            by=manager,
            placement=placement,
            desk_number=desk,
            agreement=agreement,
        )
    if incubation.state == "admitted":
        incubation = perform_transition(incubation, "start", by=manager)
    return incubation


def _full_marks(base):
    return {item.pk: item.max_points for item in base.checklist.all()}


def _incubation(base, applicant, *, org=None, founding=None, **fields):
    from orgs.models import Founder, Incubation

    team = founding
    lookup = {"organization": org} if org else {"team_name": team["name"]}
    incubation = Incubation.objects.filter(base=base, **lookup).first()
    if incubation is not None:
        return incubation, False
    incubation = Incubation.objects.create(
        base=base,
        applicant=applicant,
        organization=org,
        as_founding_team=org is None,
        team_name=team["name"] if team else "",
        intended_kind=OrgKind.SERVICE_ORG if team else "",
        registration_plan=team["plan"] if team else "",
        **fields,
    )
    for name, phone in (team or {}).get("founders", []):
        Founder.objects.create(incubation=incubation, name=name, phone=phone)
    return incubation, True


def seed_incubation(stdout) -> None:
    """One base with records in every typical stage, through the real transitions."""
    from orgs.incubation import actions
    from orgs.models import IncubationBase, SupportRecord

    operator = Organization.objects.filter(name=INCUBATION_BASE).first()
    manager = User.objects.filter(email="incubator@demo.gongyi.cn").first()
    if operator is None or manager is None:
        stdout.write("orgs: 没有孵化基地运营方，跳过孵化演示数据")
        return
    base = IncubationBase.objects.filter(operator=operator).first() or actions.create_base(
        operator=operator,
        by=manager,
        managers=[manager],
        name=INCUBATION_BASE,
        address="深圳市南山区南头街道南联社区创业路1号",
        description="区民政局指导、专业机构运营的社会组织孵化基地，提供办公场地与全程陪伴式成长支持。",
        how_to_apply="在线提交入驻申请并上传团队介绍，基地在答复期限内通知面谈结果。",
        desks=20,
        rooms=4,
        services="导师辅导\n能力建设培训\n财务代账\n资源对接\n小额活动资助\n等级评估辅导",
    )
    team_lead = _user("team@demo.gongyi.cn", "郑筹备", mobile="13800000009")
    common = {
        "mission": "扎根社区，回应居民身边的需要。",
        "planned_services": "常态化社区服务与志愿者培育。",
        "team": "专职2人，志愿者30余人。",
        "needs": ["space", "training", "mentoring"],
    }

    def org_admin(name):
        org = Organization.objects.get(name=name)
        return org, _user(f"org{org.pk}@demo.gongyi.cn", f"{org.name[:6]}管理员")

    org, admin = org_admin("南山区绿芽环境教育中心")
    graduated, created = _incubation(base, admin, org=org, service_field="环境教育", **common)
    if created:
        graduated = _admit(graduated, manager, "A-01")
        graduated = perform_transition(graduated, "start_midterm", by=manager)
        _a, graduated = actions.record_assessment(
            incubation=graduated, by=manager, points=_full_marks(base), comments="发展良好"
        )
        graduated = perform_transition(graduated, "start_final", by=manager)
        _a, graduated = actions.record_assessment(
            incubation=graduated, by=manager, points=_full_marks(base), comments="准予出壳"
        )

    org, admin = org_admin("南山区邻里守望社区发展中心")
    running, created = _incubation(base, admin, org=org, service_field="社区治理", **common)
    if created:
        running = _admit(running, manager, "A-02")
        for kind, description, hours, amount in [
            ("training", "社会组织财务管理培训", "3", None),
            ("mentoring", "项目设计一对一辅导", "2", None),
            ("activity_grant", "邻里节活动小额资助", None, "5000.00"),
        ]:
            SupportRecord.objects.create(
                incubation=running,
                kind=kind,
                date=running.started_on,
                hours=hours,
                amount=amount,
                description=description,
                recorded_by=manager,
            )

    team = {
        "name": "南山区银龄互助服务中心",
        "plan": "入驻后六个月内向南山区民政局申请登记为社会服务机构。",
        "founders": [("郑筹备", "13800000009"), ("钱互助", "13800000010")],
    }
    founding, created = _incubation(
        base, team_lead, founding=team, service_field="养老服务", placement="virtual", **common
    )
    if created:
        _admit(founding, manager, "", placement="virtual")

    waiting = {"name": "南山区书香家庭阅读推广中心", "plan": "筹备中，计划年内登记。"}
    waiting["founders"] = [("郑筹备", "13800000009")]
    applied, created = _incubation(
        base, team_lead, founding=waiting, service_field="家庭教育", **common
    )
    if created:
        perform_transition(applied, "submit", by=team_lead)
    stdout.write(f"orgs: 孵化基地“{base.name}”演示数据已就绪（{base.incubations.count()}条记录）")
