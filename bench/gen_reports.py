"""Third-party evaluations for the bench: agencies with evaluators, then a midterm evaluation of
every project past its midterm and a final one of every project in final evaluation or closed,
scored on the shipped schemes (result by `reports.grading.compute`), the report text filled in.

--scale 1 makes 3,000 evaluations; finished ones are 已公开, those under way 评估中.
"""

import datetime
from decimal import Decimal

EVALUATIONS = 3_000
AGENCIES = 10
TEXT = "依据评价方案开展实地查看、访谈和资料查阅，项目总体按计划实施。"


def agencies():
    """`AGENCIES` evaluation agencies, each with one evaluator: [(agency, user)]."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from bench.generate import _uscc
    from orgs.models import MemberRole, Membership, Organization, OrgKind, User
    from orgs.roles import Role

    made = []
    group = Group.objects.get(name=str(Role.EVALUATOR))
    for i in range(AGENCIES):
        agency = Organization.objects.create(
            name=f"bench-深圳市第{i}评估中心",
            kind=OrgKind.EVALUATION_AGENCY,
            uscc=_uscc(9_990_000 + i),
            registration_authority="深圳市民政局",
            region_code="440305",
            legal_representative="赵敏",
            address="深圳市福田区",
            contact_name="赵敏",
            contact_phone="13800138001",
            contact_email=f"bench-agency{i}@example.cn",
            state="verified",
        )
        user = User.objects.create(
            email=f"bench-evaluator{i}@example.cn",
            real_name=f"评估员{i}",
            password=make_password(None),
            email_verified_at=timezone.now(),  # acts for its agency
        )
        user.groups.add(group)
        Membership.objects.create(user=user, organization=agency, role=MemberRole.ADMIN)
        made.append((agency, user))
    return made


def _schemes():
    from reports.grading import scheme_bands, scheme_items
    from reports.models import EvaluationScheme

    result = {}
    for stage in ("midterm", "final"):
        scheme = (
            EvaluationScheme.objects.filter(stage="midterm").first()
            if stage == "midterm"
            else EvaluationScheme.objects.filter(stage="").order_by("pk").first()
        )
        indicators = {i.code: i for i in scheme.indicators.all()}
        result[stage] = (scheme, scheme_items(scheme), scheme_bands(scheme), indicators)
    return result


def _plan(target):
    """(project, stage) pairs, in project order, up to `target`."""
    from projects.models import FundedProject

    pairs = []
    for project in FundedProject.objects.filter(number__startswith="bench-").order_by("pk"):
        if project.midterm_passed or project.state == "midterm":
            pairs.append((project, "midterm"))
        if project.state in ("final_evaluation", "closed"):
            pairs.append((project, "final"))
        if len(pairs) >= target:
            break
    return pairs[:target]


def generate(scale, rng):
    """EXTRA_GENERATORS entry: evaluations with indicator scores and results."""
    from django.utils import timezone

    from projects.models import FundedProject
    from reports.grading import compute, leaf_codes
    from reports.models import Evaluation, IndicatorScore

    pairs = _plan(int(EVALUATIONS * scale))
    if not pairs:
        return [("evaluations", 0)]
    teams, schemes = agencies(), _schemes()
    now = timezone.now()
    evaluations, entered_by = [], []
    for k, (project, stage) in enumerate(pairs):
        scheme, items, bands, _indicators = schemes[stage]
        leaves = leaf_codes(items)
        quality = rng.uniform(0.55, 1.0)
        entered = {
            i.code: (Decimal(i.max_points) * Decimal(str(round(quality, 2)))).quantize(
                Decimal("0.1")
            )
            for i in items
            if i.code in leaves and i.max_points
        }
        result = compute(
            scheme.method,
            items,
            bands,
            entered,
            bonus_cap=scheme.bonus_cap,
            penalty_cap=scheme.penalty_cap,
        )
        finished = stage == "midterm" or project.state == "closed"
        agency, _user = teams[k % len(teams)]
        decided = now - datetime.timedelta(days=rng.randint(5, 300))
        evaluations.append(
            Evaluation(
                project=project,
                stage=stage,
                scheme=scheme,
                agency=agency,
                due_on=decided.date(),
                state="published" if finished else "in_progress",
                started_at=decided - datetime.timedelta(days=30),
                submitted_at=decided if finished else None,
                accepted_at=decided if finished else None,
                published_at=decided if finished else None,
                base_score=result.base,
                bonus=result.bonus,
                penalty=result.penalty,
                total_score=result.total,
                grade=result.grade,
                passed=result.passed,
                **{
                    name: TEXT
                    for name in (
                        "overview",
                        "implementation",
                        "methodology",
                        "achievement",
                        "problems",
                        "conclusions",
                        "other",
                    )
                },
            )
        )
        entered_by.append(entered)
    evaluations = Evaluation.objects.bulk_create(evaluations, batch_size=2000)
    Evaluation.evaluators.through.objects.bulk_create(
        [
            Evaluation.evaluators.through(evaluation_id=e.pk, user_id=teams[k % len(teams)][1].pk)
            for k, e in enumerate(evaluations)
        ],
        batch_size=5000,
    )
    scores = [
        IndicatorScore(
            evaluation=e,
            indicator=schemes[e.stage][3][code],
            value=value,
            basis="查阅活动记录与服务对象访谈。",
        )
        for e, entered in zip(evaluations, entered_by, strict=True)
        for code, value in entered.items()
    ]
    IndicatorScore.objects.bulk_create(scores, batch_size=10000)
    for stage, field in (("midterm", "midterm_grade"), ("final", "final_grade")):
        for e in evaluations:
            if e.stage == stage and e.state == "published":
                setattr(e.project, field, e.grade)
    projects = list({e.project.pk: e.project for e in evaluations}.values())
    FundedProject.objects.bulk_update(projects, ["midterm_grade", "final_grade"], batch_size=2000)
    return [("evaluations", len(evaluations)), ("indicator scores", len(scores))]
