"""Review data for the bench: experts, review plans, panels of five, submitted score sheets, the
recommended lists and one 公示 (bulk inserts; states are written directly, as in generate.py).

--scale 1 makes 100,000 score entries (one per expert × criterion): the default six-criterion
rubric, five experts per application, so about 3,300 scored applications in the closed calls.
"""

from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

EXPERTS = 60
PANEL = 5
SCORE_ENTRIES = 100_000
PASS_SHARE = Decimal("0.6")  # below 60% of a criterion's maximum, the expert must comment


def experts(n=EXPERTS):
    """`n` bench experts (users with the expert role and a profile), created once."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from orgs.models import User
    from orgs.roles import Role
    from review.models import ExpertProfile

    have = list(ExpertProfile.objects.filter(user__email__startswith="bench-expert").order_by("pk"))
    if len(have) >= n:
        return have[:n]
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [
            User(
                email=f"bench-expert{i}@example.cn", real_name=f"评审专家{i:02d}", password=unusable
            )
            for i in range(len(have), n)
        ]
    )
    group = Group.objects.get(name=str(Role.EXPERT))
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=u.pk, group_id=group.pk) for u in users]
    )
    ExpertProfile.objects.bulk_create(
        [
            ExpertProfile(
                user=u, title="副教授", employer_name="深圳大学", expertise=["扶老", "助残", "济困"]
            )
            for u in users
        ]
    )
    return list(
        ExpertProfile.objects.filter(user__email__startswith="bench-expert").order_by("pk")[:n]
    )


def score_call(call, applications, panel_experts, rng, *, when):
    """One panel of `panel_experts` scoring every application: submitted sheets with a score per
    criterion in half points. Each expert has a leniency of their own (the z-scores show it)."""
    from review.draw import plan_for
    from review.models import Panel, PanelMember, ReviewAssignment, Score

    plan = plan_for(call)
    criteria = list(plan.criteria.all())
    panel = Panel.objects.create(
        call=call, size=len(panel_experts), seed=rng.randint(1, 10**9), pool=[]
    )
    members = PanelMember.objects.bulk_create(
        [PanelMember(panel=panel, expert=e, position=k + 1) for k, e in enumerate(panel_experts)]
    )
    leniency = {m.pk: rng.uniform(-0.12, 0.08) for m in members}
    sheets, points = [], []
    for application in applications:
        quality = rng.uniform(0.55, 0.95)
        for member in members:
            share = [
                min(1.0, max(0.2, quality + leniency[member.pk] + rng.uniform(-0.08, 0.08)))
                for _c in criteria
            ]
            halves = [
                int((c.max_points * 2 * Decimal(f"{s:.4f}")).to_integral_value(ROUND_HALF_UP))
                for c, s in zip(criteria, share, strict=True)
            ]
            total = sum(halves)
            sheets.append(
                ReviewAssignment(
                    member=member,
                    expert_id=member.expert_id,
                    application=application,
                    state="submitted",
                    opinion="项目需求分析充分，活动设计合理，建议加强成效评估。",
                    total=Decimal(total) / 2,
                    total_halves=total,
                    declared_at=when,
                    submitted_at=when + timedelta(hours=rng.randint(1, 72)),
                )
            )
            points.append(halves)
    sheets = ReviewAssignment.objects.bulk_create(sheets, batch_size=5000)
    Score.objects.bulk_create(
        [
            Score(
                assignment=sheet,
                criterion=c,
                points=Decimal(h) / 2,
                comment="" if h >= c.max_points * 2 * PASS_SHARE else "该项设计不够具体。",
            )
            for sheet, halves in zip(sheets, points, strict=True)
            for c, h in zip(criteria, halves, strict=True)
        ],
        batch_size=10000,
    )
    return len(sheets) * len(criteria)


def recommend(call, funded_share, rng):
    """The ranking's recommended list: the top `funded_share` funded, the rest not selected."""
    from grants.models import Application
    from review.models import RecommendationLine, Why
    from review.ranking import ranking

    rows = ranking(call)
    funded = round(len(rows) * funded_share)
    lines = []
    for row in rows:
        chosen = row.position <= funded
        amount = min(row.application.amount_requested, call.per_project_cap)
        lines.append(
            RecommendationLine(
                call=call,
                application_id=row.application.pk,
                position=row.position,
                final_score=row.final,
                requested=row.application.amount_requested,
                proposed=chosen,
                proposed_why="funded" if chosen else Why.BUDGET,
                selected=chosen,
                amount=amount if chosen else None,
            )
        )
    RecommendationLine.objects.bulk_create(lines, batch_size=2000)
    ids = [row.application.pk for row in rows]
    Application.objects.filter(pk__in=ids[:funded]).update(state="funded")
    Application.objects.filter(pk__in=ids[funded:]).update(state="not_selected")


def publicity(call, today):
    """The 公示 of a decided call, as `review.publication.publish` freezes it."""
    from django.utils import timezone

    from review.draw import plan_for
    from review.models import Publicity, RecommendationLine
    from review.publication import _entry, expert_names

    plan = plan_for(call)
    lines = list(
        RecommendationLine.objects.filter(call=call, selected=True)
        .select_related("application__organization", "application__category")
        .order_by("position")
    )
    start = today - timedelta(days=30)
    snapshot = {
        "title": f"{call.title}拟资助项目公示",
        "call": call.title,
        "edition": call.edition,
        "department": call.department.name,
        "working_days": call.publicity_working_days,
        "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(days=7)).isoformat(),
        "objections_until": (start + timedelta(days=7)).isoformat(),
        "contact": "0755-12345678",
        "show_scores": plan.publish_scores,
        "entries": [_entry(line, plan) for line in lines],
        "total": str(sum(line.amount for line in lines)),
        "experts": expert_names(call),
    }
    return Publicity.objects.create(
        call=call,
        # Published on its first day: a 公示 never starts before its publication (the model says).
        published_at=timezone.make_aware(datetime.combine(start, time(9))),
        starts_on=start,
        ends_on=start + timedelta(days=7),
        objections_until=start + timedelta(days=7),
        contact=snapshot["contact"],
        snapshot=snapshot,
    )


def generate(scale, rng):
    """EXTRA_GENERATORS entry: score the closed bench calls until the score-entry volume."""
    from django.utils import timezone

    from grants.models import Application, Call

    target = int(SCORE_ENTRIES * scale)
    pool = experts()
    made, calls_scored, sheets = 0, [], 0
    closed = Call.objects.filter(title__startswith="bench-", state="closed").order_by("pk")
    for call in closed:
        if made >= target:
            break
        left_apps = max(1, (target - made) // (PANEL * 6))
        applications = list(
            Application.objects.filter(call=call).exclude(state="draft").order_by("pk")[:left_apps]
        )
        if not applications:
            continue
        Application.objects.filter(pk__in=[a.pk for a in applications]).update(state="reviewing")
        when = call.closes_at + timedelta(days=10)
        made += score_call(call, applications, rng.sample(pool, PANEL), rng, when=when)
        sheets += len(applications) * PANEL
        recommend(call, 0.4, rng)
        Call.objects.filter(pk=call.pk).update(state="decided")
        calls_scored.append(call)
    if calls_scored:
        publicity(calls_scored[-1], timezone.localdate())
    return [
        ("experts", len(pool)),
        ("scored calls", len(calls_scored)),
        ("score sheets", sheets),
        ("score entries", made),
        ("公示", 1 if calls_scored else 0),
    ]
