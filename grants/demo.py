"""Demo calls and a draft application. Idempotent: keyed by call title and organization."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from core.workflow import perform_transition
from grants import actions
from grants.models import Application, Call, CallCategory, CallKind, RequiredAttachment
from orgs.models import Organization, OrgKind, User
from orgs.roles import Role

DEPARTMENT = "深圳市南山区民政局"
APPLICANT = "applicant@demo.gongyi.cn"
APPLICANT_ORG = "南山区阳光长者综合服务中心"

QUESTIONS = [
    (
        "text",
        {
            "label": "项目创新点",
            "required": True,
            "help_text": "与往年同类项目相比有何不同（不超过300字）",
            "multiline": True,
            "max_length": 300,
        },
    ),
    (
        "choice",
        {
            "label": "主要服务对象",
            "required": True,
            "help_text": "",
            "choices": ["独居长者", "困境儿童", "残障人士", "低收入家庭", "社区居民"],
            "multiple": True,
        },
    ),
    (
        "number",
        {
            "label": "计划招募志愿者人数",
            "required": False,
            "help_text": "",
            "min_value": 0,
            "max_value": None,
            "decimal_places": 0,
        },
    ),
    ("file", {"label": "往期项目成效材料", "required": False, "help_text": "如有，请上传"}),
]


def _call(title, **fields) -> tuple[Call, bool]:
    call = Call.objects.filter(title=title).first()
    if call:
        return call, False
    call = Call.objects.create(title=title, **fields)
    return call, True


def _categories(call, names):
    for i, (name, quota) in enumerate(names):
        CallCategory.objects.create(call=call, name=name, quota_count=quota, sort_order=i)


def seed(stdout) -> None:
    department = (
        Organization.objects.filter(name=DEPARTMENT).first()
        or Organization.objects.filter(kind=OrgKind.GOVERNMENT).first()
    )
    if department is None:
        stdout.write("grants: 没有政府部门，跳过征集演示数据")
        return
    staff = User.objects.filter(groups__name=Role.STAFF.value).first()
    now = timezone.now()

    previous, created = _call(
        "2025年南山区第四届公益创投大赛",
        kind=CallKind.VENTURE,
        edition="第四届",
        department=department,
        description="面向辖区社会组织征集扶老、助残、救孤、济困和社区治理类公益项目。",
        total_budget=Decimal("3000000.00"),
        per_project_cap=Decimal("200000.00"),
        project_period_months=10,
        opens_at=now - timedelta(days=400),
        closes_at=now - timedelta(days=370),
        completion_deadline=now - timedelta(days=363),
        created_by=staff,
    )
    if created:
        _categories(previous, [("扶老", 5), ("助残", 4), ("社区治理", 6)])
        for name in ("publish", "close", "start_review", "start_publicity", "decide", "archive"):
            previous = perform_transition(previous, name, by=staff)

    venture, created = _call(
        "2026年南山区第五届公益创投大赛",
        kind=CallKind.VENTURE,
        edition="第五届",
        department=department,
        description="围绕“一老一小”和社区治理，资助创新性、可持续的公益服务项目。",
        total_budget=Decimal("3500000.00"),
        per_project_cap=Decimal("200000.00"),
        project_period_months=10,
        opens_at=now - timedelta(days=5),
        closes_at=now + timedelta(days=25),
        completion_deadline=now + timedelta(days=35),
        review_ends_at=now + timedelta(days=60),
        previous_call=previous,
        require_verified=True,
        min_years_registered=1,
        exclude_previously_funded=False,
        extra_questions=QUESTIONS,
        created_by=staff,
    )
    if created:
        _categories(venture, [("扶老", 6), ("助残", 4), ("救孤", 3), ("济困", 3), ("社区治理", 6)])
        RequiredAttachment.objects.create(
            call=venture,
            name="项目预算明细表（盖章）",
            help_text="按申报指南附件2格式填写并加盖公章",
        )
        RequiredAttachment.objects.create(
            call=venture, name="上一年度财务审计报告", required=False, sort_order=1
        )
        venture = perform_transition(venture, "publish", by=staff)

    purchase, created = _call(
        "2026年南山区长者助餐服务购买项目",
        kind=CallKind.PURCHASE,
        department=department,
        description="购买辖区长者助餐点运营服务，服务期限一年。",
        total_budget=Decimal("1200000.00"),
        per_project_cap=Decimal("400000.00"),
        project_period_months=12,
        opens_at=now - timedelta(days=2),
        closes_at=now + timedelta(days=18),
        completion_deadline=now + timedelta(days=25),
        require_verified=True,
        min_grade=3,
        allowed_org_kinds=[OrgKind.SERVICE_ORG, OrgKind.SOCIAL_GROUP, OrgKind.ENTERPRISE],
        created_by=staff,
    )
    if created:
        _categories(purchase, [("长者助餐", 3)])
        perform_transition(purchase, "publish", by=staff)

    applicant = User.objects.filter(email=APPLICANT).first()
    org = Organization.objects.filter(name=APPLICANT_ORG).first()
    if applicant and org and not Application.objects.filter(call=venture, organization=org):
        application = actions.start_application(call=venture, org=org, by=applicant)
        Application.objects.filter(pk=application.pk).update(
            project_name="“银龄守望”独居长者探访关爱计划",
            category=venture.categories.first(),
            lead_name="王芳",
            lead_phone="13800000011",
            summary="依托社区网格，为南头街道200名独居长者提供定期探访、安全评估和邻里互助服务。",
            period_months=10,
            amount_requested=Decimal("150000.00"),
        )
    stdout.write("grants: 演示征集已就绪")
