"""Demo calls and applications. Idempotent: keyed by call title and organization.

The previous edition (2025年第四届) is walked through the applicant side and the format screening
with the real actions and the one door: its applicants fill in, upload the commitment and submit,
staff close the call and screen. It stops there, at 已截止 with applications 审查通过; review's
demo carries it on to the 公示 and projects' demo to the award.

A seed cannot wait for time to pass, so the call is created with its deadline just ahead (the
submit transition checks it) and its dates are then set back to last year's before it is closed;
submission times are backdated the same way. States change only through the transitions.

The other lower departments of the demo (福田区民政局, 南头街道办事处; issue 21) each get a last
year's edition walked the same way by their own officer, and an open call (DEPARTMENT_EDITIONS).
"""

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.workflow import perform_transition
from grants import actions
from grants.models import (
    Application,
    BudgetLine,
    Call,
    CallCategory,
    CallKind,
    RequiredAttachment,
    TeamMember,
)
from orgs.models import MemberRole, Organization, OrgKind, User
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


PREVIOUS_TITLE = "2025年南山区第四届公益创投大赛"

# The previous edition's applications: organization, project, service field, lead, what the
# project does, budget lines asked for (their sum is the amount requested), and the screening
# refusal (None: it passes). review/demo.py scores them; projects/demo.py runs the funded ones.
PREVIOUS_APPLICATIONS = [
    (
        "南山区阳光长者综合服务中心",
        "“银龄同行”独居长者关爱计划",
        "扶老",
        "王芳",
        "为南头街道独居长者提供定期入户探访、安全评估、互助小组和应急联络服务。",
        [("人员费", "社工服务补贴", "48000.00"), ("活动费", "探访与小组活动", "72000.00")],
        None,
    ),
    (
        "南山区彩虹社会工作服务中心",
        "“彩虹桥”困境儿童成长陪伴",
        "救孤",
        "陈丽",
        "为困境儿童提供一对一成长陪伴、课业辅导和亲子支持，链接志愿者长期结对。",
        [("活动费", "陪伴与课业辅导", "60000.00"), ("物资费", "学习用品", "30000.00")],
        None,
    ),
    (
        "南山区向日葵残障人士康复服务中心",
        "“向阳而行”残障青年就业支持",
        "助残",
        "刘洋",
        "为辖区残障青年提供职业能力评估、技能工作坊和企业实习对接。",
        [("人员费", "就业辅导员补贴", "40000.00"), ("活动费", "职业技能工作坊", "40000.00")],
        None,
    ),
    (
        "南山区春晖青少年发展中心",
        "“四点半课堂”学科辅导提升计划",
        "救孤",
        "黄敏",
        "在社区开设课后学科辅导班，提升青少年语文、数学和英语成绩。",
        [("人员费", "辅导教师课酬", "50000.00"), ("物资费", "教材与练习册", "10000.00")],
        "申报内容为学科类课后辅导，不属于本次征集的资助范围"
        "（扶老、助残、救孤、济困和社区治理类公益服务）。",
    ),
]


# The other lower departments of the demo (issue 21), each with its own officers: last year's
# edition (handed in and screened here; review/demo.py carries it to its 公示 and
# projects/demo.py to the award) and this year's open call. review/demo.py scores the
# projects by name (DEPARTMENT_SHEETS).
DEPARTMENT_EDITIONS = [
    {
        "department": "深圳市福田区民政局",
        "staff": "futian@demo.gongyi.cn",
        "title": "2025年福田区社区公益服务项目",
        "categories": [("扶老", 3), ("助残", 2), ("社区治理", 3)],
        "place": {
            "region_code": "440304",
            "street": "福田街道",
            "community": "岗厦社区",
        },
        "applications": [
            (
                "福田区启明星长者服务中心",
                "“时光伴读”长者数字生活课堂",
                "扶老",
                "林静",
                "在岗厦社区开设长者智能手机课堂，培育长者互助教学小组。",
                [
                    ("人员费", "讲师与社工补贴", "36000.00"),
                    ("活动费", "课堂与互助小组", "44000.00"),
                ],
                None,
            ),
            (
                "福田区康乐残障人士服务中心",
                "“康乐同行”残障人士社区融合",
                "助残",
                "许亮",
                "组织残障人士参与社区文体活动和志愿服务，推动社区无障碍改造建议。",
                [("活动费", "融合活动", "50000.00"), ("物资费", "辅具与活动物资", "20000.00")],
                None,
            ),
            (
                "福田区同心社会工作服务中心",
                "楼宇白领公益沙龙",
                "社区治理",
                "高远",
                "在商务楼宇举办白领公益沙龙，招募白领志愿者参与社区服务。",
                [("活动费", "沙龙活动", "30000.00"), ("宣传费", "宣传推广", "10000.00")],
                None,
            ),
        ],
        "fields": {
            "edition": "2025年度",
            "description": "福田区民政局面向社会组织购买扶老、助残和社区治理类公益服务。",
            "total_budget": Decimal("600000.00"),
        },
        "open_call": (
            "2026年福田区社区公益服务项目",
            "福田区民政局面向社会组织征集2026年度社区公益服务项目。",
            Decimal("800000.00"),
        ),
    },
    {
        "department": "深圳市南山区南头街道办事处",
        "staff": "nantou@demo.gongyi.cn",
        "title": "2025年南头街道社区服务微项目",
        "categories": [("社区治理", 2), ("济困", 2)],
        "place": {"region_code": "440305001", "street": "南头街道", "community": "莲城社区"},
        "applications": [
            (
                "南山区暖巢妇女儿童服务中心",
                "“暖巢”单亲家庭支持小组",
                "济困",
                "周婷",
                "为莲城社区单亲家庭提供亲子支持小组、政策咨询和临时照护服务。",
                [("人员费", "社工补贴", "20000.00"), ("活动费", "亲子小组", "25000.00")],
                None,
            ),
            (
                "南山区同行禁毒社会工作服务社",
                "“同行”社区戒毒康复支持",
                "社区治理",
                "谢军",
                "为社区戒毒康复人员提供个案跟进、就业辅导和家庭支持。",
                [("人员费", "个案社工补贴", "30000.00"), ("活动费", "康复小组", "20000.00")],
                None,
            ),
            (
                "南山区明德法律援助服务中心",
                "居民法律服务驿站",
                "社区治理",
                "邓明",
                "在社区党群服务中心设立法律服务驿站，提供咨询和普法讲座。",
                [("人员费", "律师值班补贴", "24000.00"), ("宣传费", "普法资料", "6000.00")],
                None,
            ),
        ],
        "fields": {
            "edition": "2025年度",
            "description": "南头街道办事处以社区服务经费资助辖区社区服务微项目。",
            "total_budget": Decimal("150000.00"),
            "per_project_cap": Decimal("60000.00"),
        },
        "open_call": (
            "2026年南头街道社区服务微项目",
            "南头街道办事处征集2026年度社区服务微项目。",
            Decimal("200000.00"),
        ),
    },
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


def admin_of(org) -> User | None:
    """Who hands in for `org`: the demo applicant for their own organization, else its admin."""
    admins = org.memberships.filter(role=MemberRole.ADMIN).select_related("user").order_by("pk")
    chosen = admins.filter(user__email=APPLICANT).first() or admins.first()
    return chosen.user if chosen else None


def _commitment() -> SimpleUploadedFile:
    from orgs.demo import _certificate_pdf

    return SimpleUploadedFile("承诺书.pdf", _certificate_pdf(), content_type="application/pdf")


def hand_in(call, org, *, project, category, lines, **fields) -> Application | None:
    """What an applicant does in the portal: start, fill in, upload the commitment, submit.

    `lines`: (budget category, item, amount) asked for; `fields` override the default wording.
    None when the organization has no admin to submit it.
    """
    by = admin_of(org)
    if by is None:
        return None
    application = actions.start_application(call=call, org=org, by=by)
    authority = org.registration_authority.removeprefix("深圳市") or "南山区民政局"
    content = {
        "category": call.categories.get(name=category),
        "project_name": project,
        "lead_name": "项目负责人",
        "lead_phone": "13800000021",
        "contact_phone": by.mobile or "13800000022",
        "org_profile": f"{org.name}是在{authority}登记的社会组织，长期扎根社区开展专业服务。",
        "summary": f"{project}：以入户探访、小组活动和志愿者结对为主要服务手段。",
        "needs_analysis": "需求调研显示，服务对象的社会支持网络薄弱，现有服务难以覆盖。",
        "objectives": "服务对象的社会支持网络明显改善，形成可持续的社区服务机制。",
        "activities": "需求评估、入户探访、主题小组、社区活动、成效评估。",
        "expected_outcomes": "服务不少于100名对象，满意度不低于90%。",
        "risks": "建立志愿者梯队和社区联动机制，项目结束后由社区持续运营。",
        "region_code": "440305",
        "street": "南头街道",
        "community": "红花园社区",
        "direct_beneficiaries": 100,
        "indirect_beneficiaries": 300,
        "period_months": call.project_period_months,
        "amount_requested": sum((Decimal(money) for _c, _i, money in lines), Decimal("0.00")),
        **fields,
    }
    Application.objects.filter(pk=application.pk).update(**content)
    TeamMember.objects.create(application=application, name=content["lead_name"], role="项目负责人")
    for i, (kind, item, money) in enumerate(lines):
        BudgetLine.objects.create(
            application=application,
            position=i,
            category=kind,
            item=item,
            unit_price=Decimal(money),
            quantity=Decimal("1"),
            amount=Decimal(money),
            funding_source="requested",
        )
    application = Application.objects.get(pk=application.pk)
    actions.upload_attachment(
        application=application, slot="commitment", upload=_commitment(), by=by
    )
    return actions.submit_application(application=application, by=by)


def close_and_screen(call, staff, handed_in, *, closes_at, completion_deadline) -> Call:
    """Set the call's dates back (see the module docstring), close it and screen what was
    handed in: `handed_in` is [(application, refusal or None to pass)], in submission order."""
    Call.objects.filter(pk=call.pk).update(
        created_at=call.opens_at - timedelta(days=10),
        published_at=call.opens_at,
        closes_at=closes_at,
        completion_deadline=completion_deadline,
    )
    call = perform_transition(call, "close", by=staff)
    Call.objects.filter(pk=call.pk).update(closed_at=closes_at)
    for days_early, (application, refusal) in enumerate(reversed(handed_in), start=1):
        submitted = closes_at - timedelta(days=days_early, hours=3)
        Application.objects.filter(pk=application.pk).update(
            submitted_at=submitted, first_submitted_at=submitted
        )
        application = perform_transition(application, "start_screening", by=staff)
        if refusal:
            perform_transition(application, "fail_screening", by=staff, reason=refusal)
        else:
            perform_transition(application, "pass_screening", by=staff)
    return Call.objects.get(pk=call.pk)


def _previous_edition(department, staff, now) -> Call:
    """Last year's edition, handed in and screened (see the module docstring)."""
    return edition(
        PREVIOUS_TITLE,
        department,
        staff,
        now,
        applications=PREVIOUS_APPLICATIONS,
        categories=[("扶老", 5), ("助残", 4), ("救孤", 3), ("社区治理", 6)],
        edition="第四届",
        description="面向辖区社会组织征集扶老、助残、救孤、济困和社区治理类公益项目。",
        total_budget=Decimal("3000000.00"),
    )


def edition(
    title, department, staff, now, *, applications, categories, place=None, **fields
) -> Call:
    """A call of last year, handed in and screened: `applications` as PREVIOUS_APPLICATIONS,
    `place` the application fields saying where the projects run (南头街道 by default)."""
    fields = {"per_project_cap": Decimal("200000.00"), **fields}
    call, created = _call(
        title,
        kind=CallKind.VENTURE,
        department=department,
        project_period_months=10,
        opens_at=now - timedelta(days=400),
        closes_at=now + timedelta(hours=1),
        completion_deadline=now + timedelta(hours=2),
        created_by=staff,
        **fields,
    )
    if not created:
        return call
    _categories(call, categories)
    call = perform_transition(call, "publish", by=staff)
    handed_in = []
    for org_name, project, category, lead, summary, lines, refusal in applications:
        org = Organization.objects.filter(name=org_name).first()
        application = org and hand_in(
            call,
            org,
            project=project,
            category=category,
            lines=lines,
            lead_name=lead,
            summary=summary,
            **(place or {}),
        )
        if application:
            handed_in.append((application, refusal))
    return close_and_screen(
        call,
        staff,
        handed_in,
        closes_at=now - timedelta(days=370),
        completion_deadline=now - timedelta(days=363),
    )


def seed(stdout) -> None:
    department = (
        Organization.objects.filter(name=DEPARTMENT).first()
        or Organization.objects.filter(kind=OrgKind.GOVERNMENT).first()
    )
    if department is None:
        stdout.write("grants: 没有政府部门，跳过征集演示数据")
        return
    staff = (
        User.objects.filter(email="staff@demo.gongyi.cn").first()
        or User.objects.filter(groups__name=Role.STAFF.value).first()
    )
    now = timezone.now()

    previous = _previous_edition(department, staff, now)
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
        # This programme lets last year's grantees apply while their projects still run (the
        # demo applicant does); the purchase call below keeps the 未结项目 rule on.
        exclude_unfinished_projects=False,
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
    for spec in DEPARTMENT_EDITIONS:
        _department_calls(spec, now)
    stdout.write("grants: 演示征集已就绪")


def _department_calls(spec, now) -> None:
    """A lower department's demo calls, made by its own officer (DEPARTMENT_EDITIONS)."""
    department = Organization.objects.filter(name=spec["department"]).first()
    staff = User.objects.filter(email=spec["staff"]).first()
    if department is None or staff is None:
        return
    edition(
        spec["title"],
        department,
        staff,
        now,
        applications=spec["applications"],
        categories=spec["categories"],
        place=spec["place"],
        **spec["fields"],
    )
    title, description, budget = spec["open_call"]
    call, created = _call(
        title,
        kind=CallKind.VENTURE,
        department=department,
        description=description,
        total_budget=budget,
        per_project_cap=spec["fields"].get("per_project_cap", Decimal("200000.00")),
        project_period_months=10,
        # Opened before 南山区's 第五届 (now - 5 days), which stays the newest call: the needs
        # demo links its needs to that one.
        opens_at=now - timedelta(days=8),
        closes_at=now + timedelta(days=27),
        completion_deadline=now + timedelta(days=37),
        created_by=staff,
    )
    if created:
        _categories(call, spec["categories"])
        perform_transition(call, "publish", by=staff)
