"""Demo needs, offers and a recommendation meeting. Idempotent: keyed by titles and e-mail.

Needs are raised by the 南头街道办事处 (a street office) through its demo member, moderated by
the demo staff member, and moved only through `core.workflow.perform_transition`.
"""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from core.workflow import perform_transition
from grants.models import Call, CallKind, CallState
from needs import actions
from needs.models import MeetingMatch, Need, NeedSource, RecommendationMeeting
from orgs.demo import PASSWORD
from orgs.models import MemberRole, Membership, Organization, User
from orgs.roles import Role

STREET_OFFICE = "深圳市南山区南头街道办事处"
COMMUNITY_USER = "community@demo.gongyi.cn"

BASE = {
    "region_code": "440305",
    "street": "南头街道",
    "contact_name": "黄主任",
    "contact_phone": "0755-26000001",
    "contact_email": COMMUNITY_USER,
}

# (title, fields, what happens to it)
NEEDS = [
    (
        "高龄独居长者助餐服务",
        {
            "community": "红花园社区",
            "category": "elderly",
            "urgency": "urgent",
            "affected_group": "80岁以上独居长者",
            "affected_count": 160,
            "description": "社区80岁以上独居长者160余人，做饭困难，希望设立助餐点并提供送餐上门。",
            "budget_min": Decimal("50000.00"),
            "budget_max": Decimal("120000.00"),
        },
        "in_call",
    ),
    (
        "困境儿童课后托管与学业辅导",
        {
            "community": "大汪山社区",
            "category": "children",
            "urgency": "normal",
            "affected_group": "困境儿童及留守儿童",
            "affected_count": 45,
            "description": "双职工及困境家庭儿童放学后无人看护，需要课后托管、作业辅导和安全教育。",
            "budget_max": Decimal("80000.00"),
        },
        "published",
    ),
    (
        "残疾人居家康复训练",
        {
            "community": "莲城社区",
            "category": "disability",
            "urgency": "critical",
            "affected_group": "重度肢体残疾人",
            "affected_count": 28,
            "description": "辖区重度残疾人出行困难，需要康复师上门开展康复训练和家属照护培训。",
        },
        "published",
    ),
    (
        "社区矫正对象帮扶",
        {
            "community": "田厦社区",
            "category": "governance",
            "affected_count": 12,
            "description": "为社区矫正对象提供心理辅导、就业指导和家庭关系修复。",
        },
        "submitted",
    ),
    (
        "老旧小区适老化改造评估",
        {
            "community": "星海名城社区",
            "category": "elderly",
            "description": "老旧小区楼道、卫生间缺少扶手，需要专业机构入户评估适老化改造需求。",
        },
        "returned",
    ),
    (
        "社区心理健康讲座",
        {
            "community": "红花园社区",
            "category": "health",
            "description": "面向社区居民开展心理健康知识讲座和个案咨询。",
        },
        "draft",
    ),
]

PUBLIC_NEED = (
    "小区加装电梯后老人出行协助",
    {
        "community": "向南社区",
        "category": "elderly",
        "description": "小区老人就医出行不便，希望有志愿者陪同就医。",
        "contact_name": "林女士",
        "contact_phone": "13900000000",
        "contact_email": "",
    },
)


def _community_user(office) -> User:
    user = User.objects.filter(email=COMMUNITY_USER).first()
    if user is None:
        user = User(
            email=COMMUNITY_USER, real_name="黄主任（南头街道）", email_verified_at=timezone.now()
        )
        user.password = make_password(PASSWORD)
        user.save()
    Membership.objects.get_or_create(
        user=user, organization=office, defaults={"role": MemberRole.ADMIN}
    )
    return user


def _officer(department_id, fallback) -> User:
    """An officer of the department (issue 21: only its own staff move its records)."""
    found = User.objects.filter(groups__name=Role.STAFF.value, departments=department_id)
    return found.order_by("pk").first() or fallback


def _walk(need, target, *, clerk, staff, call):
    """Move a new need along its life cycle to `target`, as people would."""
    if target == "draft":
        return need
    need = perform_transition(need, "submit", by=clerk)
    if target == "submitted":
        return need
    if target == "returned":
        return perform_transition(
            need, "return_for_changes", by=staff, reason="请补充拟评估的楼栋数量和户数。"
        )
    need = perform_transition(need, "publish", by=staff)
    if target == "in_call" and call is not None:
        actions.link_needs(needs=[need], by=staff, call=call)
    return need


def seed(stdout) -> None:
    office = Organization.objects.filter(name=STREET_OFFICE).first()
    staff = User.objects.filter(groups__name=Role.STAFF.value).first()
    if office is None or staff is None:
        stdout.write("需求库演示数据：缺少街道办事处或民政工作人员，已跳过。")
        return
    clerk = _community_user(office)
    call = (
        Call.objects.filter(kind=CallKind.VENTURE)
        .exclude(state__in=[CallState.DRAFT, CallState.ARCHIVED])
        .first()
    )
    for title, fields, target in NEEDS:
        if Need.objects.filter(title=title).exists():
            continue
        need = Need(title=title, organization=office, created_by=clerk, **{**BASE, **fields})
        need.department = actions.department_for(need)
        need.save()
        _walk(need, target, clerk=clerk, staff=_officer(need.department_id, staff), call=call)

    title, fields = PUBLIC_NEED
    if not Need.objects.filter(title=title).exists():
        need = Need(title=title, source=NeedSource.PUBLIC, **{**BASE, **fields})
        need.department = actions.department_for(need)
        need.save()
        perform_transition(need, "submit", by=None, data={"channel": "public_form"})

    children = Need.objects.get(title="困境儿童课后托管与学业辅导")
    provider = Organization.objects.filter(
        name="南山区春晖青少年发展中心", state="verified"
    ).first()
    member = provider.memberships.select_related("user").first() if provider else None
    if member and not children.interests.filter(organization=provider).exists():
        actions.express_interest(
            need=children,
            org=provider,
            by=member.user,
            approach="在社区党群服务中心开设“四点半课堂”，由社工和高校志愿者提供托管与辅导。",
            capacity="专职社工6名，合作高校志愿者50名，已在两个社区运营同类项目。",
            estimated_cost=Decimal("72000.00"),
        )

    meeting_title = "2026年南头街道社区服务项目推荐会"
    if provider and not RecommendationMeeting.objects.filter(title=meeting_title).exists():
        meeting = RecommendationMeeting.objects.create(
            title=meeting_title,
            department=children.department,
            held_on=timezone.localdate() - timedelta(days=10),
            place="南头街道党群服务中心三楼会议室",
            description="街道各社区推介服务需求，社会组织推介项目，现场对接。",
            projects_presented="四点半课堂（南山区春晖青少年发展中心）",
            result_summary="推介需求3项、项目1个，现场达成对接1项。",
            created_by=staff,
        )
        meeting.participants.set([office, provider])
        meeting.needs.set([children, Need.objects.get(title="残疾人居家康复训练")])
        meeting.save()
        MeetingMatch.objects.create(
            meeting=meeting,
            organization=provider,
            need=children,
            funder=STREET_OFFICE,
            amount=Decimal("70000.00"),
            note="由街道社区服务经费资助",
        )
        perform_transition(meeting, "publish", by=_officer(meeting.department_id, staff))
    stdout.write(f"需求库演示数据已就绪（社区账号 {COMMUNITY_USER}）。")
