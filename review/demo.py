"""Demo data for the review: an expert pool; last year's edition carried from screening to a
published 公示 whose window has ended; and a call under review with a drawn panel and some
submitted score sheets, so the workbench, the dashboards and the expert portal show something.
Idempotent: keyed by e-mail, call title and call state. Called by `seed_demo` after grants.

Last year's edition (grants/demo.py stops it at 已截止, screened) goes through review's own
services and the one door: rubric and plan, start of the review, a drawn panel, every expert
declaring no conflict and submitting a score sheet, ranking, the proposed list, the decision,
the 公示 (a frozen snapshot) and an objection that is examined and rejected. Time cannot pass
in a seed, so the 公示 is published as of last year's start date (`publish(...,
seeding_history_at=...)`, a parameter for this seed only: the dates are computed from it by the
real working-day rule and the no-back-dating check runs against it) and the times of the other
rows written are set back to those days.
The decision, the 公示 and the award are each proposed by staff@ and approved by approver@
(经办/审核, `core.approvals`), as the back office requires. `award_previous` ends the 公示 that
way; projects/demo.py calls it once the call's project terms are set, so the funded projects are
born with them.

The micro-venture call is handed in and screened the same way (grants/demo.py), then stops at
expert scoring: three experts have submitted, the demo expert's tasks are waiting.

The other departments' editions (grants.demo.DEPARTMENT_EDITIONS) go the same way to their 公示
(`to_publicity`), proposed and approved by their own officers; projects/demo.py awards them.
"""

import datetime
import random
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from core import approvals
from core.workflow import perform_transition
from grants.demo import DEPARTMENT, DEPARTMENT_EDITIONS, PREVIOUS_TITLE, close_and_screen, hand_in
from grants.models import (
    ApplicationState,
    Call,
    CallCategory,
    CallKind,
    CallState,
)
from orgs.demo import department_staff
from orgs.models import Organization, OrgKind, User
from orgs.roles import Role
from review.approvals import AWARD, DECIDE, PUBLISH, decision_list, publicity_list
from review.decisions import finish_review, propose, start_review
from review.draw import draw_panel, eligible_pool, plan_for
from review.models import (
    AssignmentState,
    ExpertProfile,
    Objection,
    Publicity,
    ReviewAssignment,
)
from review.publication import file_objection, reject
from review.scoring import save_sheet

CALL_TITLE = "2026年南山区社区治理微创投（专家评审演示）"
DEMO_SEED = 20260101

EXPERTS = [
    ("expert@demo.gongyi.cn", "孙立教授", "教授", "深圳大学社会学系", ["扶老", "社区治理"]),
    (
        "expert2@demo.gongyi.cn",
        "钱红副教授",
        "副教授",
        "南方科技大学公共管理系",
        ["助残", "社区治理"],
    ),
    (
        "expert3@demo.gongyi.cn",
        "周强督导",
        "高级社会工作师",
        "南山区社会工作者协会",
        ["扶老", "济困"],
    ),
    ("expert4@demo.gongyi.cn", "吴敏会计师", "注册会计师", "深圳市华信会计师事务所", ["社区治理"]),
    ("expert5@demo.gongyi.cn", "郑洁研究员", "研究员", "深圳市社会科学院", ["扶老", "助残"]),
    ("expert6@demo.gongyi.cn", "王磊律师", "律师", "广东南山律师事务所", ["社区治理", "济困"]),
    ("expert7@demo.gongyi.cn", "冯雪主任", "高级社会工作师", "南山区社会福利中心", ["扶老"]),
]

APPLICANTS = [
    ("南山区邻里守望社区发展中心", "“楼栋议事厅”居民自治培育计划", "100000.00"),
    ("南山区乐龄居家养老服务中心", "长者智慧助老数字课堂", "80000.00"),
    ("南山区心桥心理健康服务中心", "社区心理支持网络建设", "90000.00"),
    ("南山区绿芽环境教育中心", "垃圾分类社区共治行动", "60000.00"),
]

# Points per criterion (default rubric) for the experts who already submitted.
DEMO_POINTS = [
    [17, 21, 12, 8, 12, 13],
    [15, 19.5, 10, 7, 11, 12],
    [18, 22, 13, 9, 13, 13],
    [12, 16, 9, 6, 10, 10],
]


# Last year's edition: points per criterion of the default rubric (20, 25, 15, 10, 15, 15),
# the comment on each and the overall opinion, by project. Each drawn expert shifts the design
# criterion by SHIFTS[i], so the five totals differ and the trimmed mean drops real extremes.
PREVIOUS_SEED = 20250301
PREVIOUS_SHEETS = {
    "“银龄同行”独居长者关爱计划": (
        [18, 22, 12, 8, 13, 14],
        "论证充分，设计合理。",
        "需求把握准确，探访与互助结合，建议资助。",
    ),
    "“彩虹桥”困境儿童成长陪伴": (
        [17, 21, 11, 8, 12, 13],
        "设计较完整。",
        "陪伴关系稳定，志愿者结对可持续，建议资助。",
    ),
    "“向阳而行”残障青年就业支持": (
        [11, 14, 8, 5, 8, 9],
        "依据不足，需补充企业合作证明。",
        "就业对接渠道尚未落实，目标难以衡量。",
    ),
}
SHIFTS = [0, -1, 1.5, -0.5, 0.5]
# The other departments' editions (grants.demo.DEPARTMENT_EDITIONS), scored the same way and
# published by their own officers: (title, draw seed, contact for objections) and the sheets.
DEPARTMENT_REVIEWS = {
    "2025年福田区社区公益服务项目": (20250311, "福田区民政局社会组织管理科，电话0755-82900000"),
    "2025年南头街道社区服务微项目": (20250312, "南头街道社区服务办公室，电话0755-26500000"),
}
DEPARTMENT_SHEETS = {
    "“时光伴读”长者数字生活课堂": ([17, 21, 12, 8, 12, 13], "设计合理。", "需求明确，建议资助。"),
    "“康乐同行”残障人士社区融合": (
        [16, 20, 11, 8, 12, 12],
        "较完整。",
        "融合活动可持续，建议资助。",
    ),
    "楼宇白领公益沙龙": ([10, 13, 8, 5, 8, 8], "服务对象不够明确。", "与社区需求关联较弱。"),
    "“暖巢”单亲家庭支持小组": ([18, 21, 13, 8, 12, 13], "论证充分。", "服务对象明确，建议资助。"),
    "“同行”社区戒毒康复支持": ([16, 20, 12, 8, 12, 12], "设计较完整。", "专业性强，建议资助。"),
    "居民法律服务驿站": ([12, 14, 8, 6, 8, 9], "与现有服务重复。", "建议整合现有法律服务资源。"),
}
OBJECTION = (
    "“彩虹桥”困境儿童成长陪伴",
    "张先生",
    "13700000000",
    "该机构同期承接多个项目，担心人手不足，请核实项目团队能否保证服务时间。",
    "该机构现有专职社工12名，本项目配备专职社工2名、结对志愿者30名，人员安排能够保证服务。",
)
CONTACT = "南山区民政局社会组织管理科，电话0755-26600000"


def _beijing(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _score_all(call, panel, criteria, sheets=PREVIOUS_SHEETS):
    for shift, member in zip(SHIFTS, panel.members.select_related("expert__user"), strict=True):
        user = member.expert.user
        for assignment in member.assignments.select_related("application"):
            assignment = perform_transition(assignment, "declare_no_conflict", by=user)
            points, comment, opinion = sheets[assignment.application.project_name]
            points = [p + shift if i == 1 else p for i, p in enumerate(points)]
            save_sheet(
                assignment,
                by=user,
                points={c.pk: str(p) for c, p in zip(criteria, points, strict=True)},
                comments={c.pk: comment for c in criteria},
                opinion=opinion,
            )
            perform_transition(assignment, "submit", by=user)


def to_publicity(call, *, staff, approver, sheets, seed, contact) -> Publicity:
    """A closed, screened call of last year through its review to a published 公示: drawn
    panel, every sheet submitted, ranking, the list proposed; the decision and the 公示 proposed
    by `staff` and approved by `approver` (经办/审核), as of last year's dates."""
    plan = plan_for(call)
    call = start_review(call, by=staff)
    panel = draw_panel(call=call, by=staff, size=plan.panel_size, seed=seed)
    _score_all(call, panel, list(plan.criteria.order_by("position")), sheets)
    finish_review(call, by=staff)
    propose(call, by=staff)
    approvals.approve(
        approvals.propose(DECIDE, call, by=staff, data={"lines": decision_list(call)}),
        by=approver,
    )
    start = timezone.localdate(call.closes_at) + timedelta(days=50)
    # `seeding_history_at`: the publication is recorded at 9:00 on last year's start day (the
    # parameter exists for this seed only; no view passes it).
    approvals.approve(
        approvals.propose(
            PUBLISH,
            call,
            by=staff,
            data={
                "start": start.isoformat(),
                "contact": contact,
                "applications": publicity_list(call),
                "seeding_history_at": _beijing(start, 9).isoformat(),
            },
        ),
        by=approver,
    )
    return Publicity.objects.get(call=call)


def _department_editions(stdout) -> None:
    """The other departments' editions to their 公示, by their own officers."""
    for spec in DEPARTMENT_EDITIONS:
        seed, contact = DEPARTMENT_REVIEWS[spec["title"]]
        call = Call.objects.filter(title=spec["title"], state=CallState.CLOSED).first()
        staff = User.objects.filter(email=spec["staff"]).first()
        if (
            call is None
            or staff is None
            or not call.applications.filter(state=ApplicationState.SCREENING_PASSED).exists()
        ):
            continue
        approver = department_staff(spec["department"], approver=True)
        to_publicity(
            call,
            staff=staff,
            approver=approver,
            sheets=DEPARTMENT_SHEETS,
            seed=seed,
            contact=contact,
        )
        stdout.write(f"review: {spec['department']}的演示公示已发布")


def _previous_edition(staff) -> Publicity | None:
    """Last year's edition from screening to its 公示 (see the module docstring)."""
    call = Call.objects.filter(title=PREVIOUS_TITLE, state=CallState.CLOSED).first()
    if (
        call is None
        or not call.applications.filter(state=ApplicationState.SCREENING_PASSED).exists()
    ):
        return None
    publicity = to_publicity(
        call,
        staff=staff,
        approver=_approver(),
        sheets=PREVIOUS_SHEETS,
        seed=PREVIOUS_SEED,
        contact=CONTACT,
    )
    first = publicity.starts_on
    project, name, contact, content, finding = OBJECTION
    objection = file_objection(
        publicity,
        application_id=call.applications.get(project_name=project).pk,
        name=name,
        contact=contact,
        content=content,
        today=first,
    )
    reject(objection, by=staff, reason=finding, summary=finding)
    settled = _beijing(first + timedelta(days=2), 16)
    Objection.objects.filter(pk=objection.pk).update(
        received_at=_beijing(first, 15), settled_at=settled
    )
    publicity.notices.update(published_at=settled)
    # The version published with the notice, set back like the other rows of this seed.
    publicity.versions.filter(number__gt=1).update(published_at=settled)
    return publicity


def _approver() -> User:
    return User.objects.get(email="approver@demo.gongyi.cn")


def award_previous(stdout) -> None:
    """End last year's 公示: staff@ proposes 确定立项 once the window has passed and approver@
    approves it (经办/审核); the result is recorded as published on the morning after the 公示
    ended. Idempotent: only a call still 公示中 is awarded."""
    staff = User.objects.get(email="staff@demo.gongyi.cn")
    if award(PREVIOUS_TITLE, staff=staff, approver=_approver()):
        stdout.write("review: 公示期满，经审核人批准确定立项")


def award(title, *, staff, approver) -> bool:
    """End the 公示 of the call `title` as `award_previous` does; False when it is not 公示中."""
    publicity = (
        Publicity.objects.filter(call__title=title, call__state=CallState.PUBLICITY)
        .select_related("call")
        .first()
    )
    if publicity is None:
        return False
    morning = _beijing(publicity.ends_on + timedelta(days=1), 9)
    approvals.approve(
        approvals.propose(
            AWARD, publicity.call, by=staff, data={"seeding_history_at": morning.isoformat()}
        ),
        by=approver,
    )
    return True


def _experts(stdout):
    group = Group.objects.get(name=Role.EXPERT.value)
    employer = Organization.objects.filter(name="南山区社会工作者协会").first()
    from orgs.demo import _password_hash

    for email, name, title, employer_name, expertise in EXPERTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email, real_name=name, email_verified_at=timezone.now())
            user.password = _password_hash()
            user.save()
        user.groups.add(group)
        profile, _created = ExpertProfile.objects.get_or_create(
            user=user,
            defaults={
                "title": title,
                "employer_name": employer_name,
                "expertise": expertise,
                "phone": "",
            },
        )
        if employer and employer_name == employer.name and profile.employer_id is None:
            profile.employer = employer
            profile.save(update_fields=["employer"])


def _seed_with(call, email) -> int:
    """The first seed from DEMO_SEED whose draw includes the demo expert, so the demo log-in has
    work to show. Only the draw actually made is recorded, as in real use."""
    pool = eligible_pool(call)
    wanted = ExpertProfile.objects.get(user__email=email).pk
    seed = DEMO_SEED
    while wanted in pool and wanted not in random.Random(seed).sample(pool, 5):  # noqa: S311
        seed += 1
    return seed


def seed(stdout) -> None:
    _experts(stdout)
    staff = (
        User.objects.filter(email="staff@demo.gongyi.cn").first()
        or User.objects.filter(groups__name=Role.STAFF.value).first()
    )
    if staff is not None and _previous_edition(staff):
        stdout.write("review: 上一届演示公示已发布")
    _department_editions(stdout)
    if Call.objects.filter(title=CALL_TITLE).exists():
        stdout.write("review: 演示评审已存在")
        return
    department = (
        Organization.objects.filter(name=DEPARTMENT).first()
        or Organization.objects.filter(kind=OrgKind.GOVERNMENT).first()
    )
    orgs = [Organization.objects.filter(name=name).first() for name, _p, _a in APPLICANTS]
    if department is None or staff is None or not all(orgs):
        stdout.write("review: 缺少演示组织或工作人员，跳过评审演示数据")
        return
    now = timezone.now()
    call = Call.objects.create(
        title=CALL_TITLE,
        kind=CallKind.VENTURE,
        edition="2026年第一批",
        department=department,
        description="资助居民参与社区治理的小型创新项目。",
        total_budget=Decimal("250000.00"),
        per_project_cap=Decimal("100000.00"),
        project_period_months=8,
        opens_at=now - timedelta(days=60),
        closes_at=now + timedelta(hours=1),
        completion_deadline=now + timedelta(hours=2),
        publicity_working_days=5,
        created_by=staff,
    )
    for i, (name, quota) in enumerate([("社区治理", 3), ("扶老", 2)]):
        CallCategory.objects.create(call=call, name=name, quota_count=quota, sort_order=i)
    call = perform_transition(call, "publish", by=staff)
    handed_in = []
    for org, (_name, project, amount) in zip(orgs, APPLICANTS, strict=True):
        application = hand_in(
            call,
            org,
            project=project,
            category="社区治理",
            lines=[("活动费", "议事培训与微项目活动", amount)],
            summary=f"{project}：以居民议事、志愿服务和社区资源链接为主要手段。",
            needs_analysis="辖区老旧小区多，居民参与公共事务渠道少。",
            objectives="培育居民自组织，形成可持续的议事机制。",
            activities="需求调研、议事培训、微项目孵化、成果展示。",
        )
        if application:
            handed_in.append((application, None))
    call = close_and_screen(
        call,
        staff,
        handed_in,
        closes_at=now - timedelta(days=30),
        completion_deadline=now - timedelta(days=23),
    )
    plan = plan_for(call)
    plan.min_scores = 3
    plan.save()
    call = start_review(call, by=staff)
    demo_expert = "expert@demo.gongyi.cn"
    panel = draw_panel(call=call, by=staff, size=5, seed=_seed_with(call, demo_expert))
    criteria = list(plan.criteria.all())
    members = [
        m
        for m in panel.members.select_related("expert__user")
        if m.expert.user.email != demo_expert
    ]
    for offset, member in enumerate(members[:3]):
        for i, assignment in enumerate(member.assignments.order_by("application__pk")):
            user = member.expert.user
            assignment = perform_transition(assignment, "declare_no_conflict", by=user)
            points = DEMO_POINTS[(i + offset) % len(DEMO_POINTS)]
            save_sheet(
                assignment,
                by=user,
                points={c.pk: str(p) for c, p in zip(criteria, points, strict=True)},
                comments={c.pk: "论证较充分。" for c in criteria},
                opinion="项目设计较完整，建议关注可持续性。",
            )
            perform_transition(assignment, "submit", by=user)
    pending = ReviewAssignment.objects.filter(
        application__call=call, state=AssignmentState.PENDING
    ).count()
    stdout.write(f"review: 演示评审已就绪（{pending}份评审任务待声明）")
