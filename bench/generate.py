"""Generate a realistic dataset into PostgreSQL (fast: bulk inserts, no signals).

    DATABASE_URL=postgres://…/bench .venv/bin/python bench/generate.py --scale 1

--scale 1 is the issue's volume: 10,000 organizations, 200 calls, 20,000 applications (each with
a service category and four budget lines) and a 500-item catalogue; --scale 0.1 a tenth of it
(the catalogue stays 500 items). The calls are bought by 50 departments (issue 21: the city
bureau, its districts and their street offices), one after the other; the staff account works for
南山区 (bench-南山区民政局, about a fiftieth of the calls) and the city account for the city bureau
(it sees every department's rows, read-only). The database is migrated first; generated rows are
marked "bench" and removed by --reset. Prints a table of counts and timings. Later apps add their
part in `EXTRA_GENERATORS`: review scores (100,000 score entries at --scale 1, bench/gen_review.py),
funded projects (3,000, bench/gen_projects.py), evaluations (3,000, bench/gen_reports.py) and
what else the public pages show (incubated organizations, needs, notices, bench/gen_public.py).
"""

import argparse
import random
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench import gen_projects, gen_public, gen_reports, gen_review
from bench._django import setup, table

APPLICANT = "bench-applicant@example.cn"
STAFF = "bench-staff@example.cn"
CITY = "bench-city@example.cn"
CITY_BUREAU = "bench-深圳市民政局"
DISTRICT = "bench-南山区民政局"  # the staff account's department; bench/ranking.py buys for it
N_DEPARTMENTS = 50
PASSWORD = "bench-pass-2026"  # noqa: S105 (benchmark accounts on loopback)
# Functions (scale, rng) -> [(label, count)], run in order after the grants data.
EXTRA_GENERATORS = [
    gen_review.generate,
    gen_projects.generate,
    gen_reports.generate,
    gen_public.generate,
]


# Four budget lines per application: (category, item, share of the amount requested, source).
BUDGET_LINES = (
    ("人员费", "社工补贴", Decimal("0.5"), "requested"),
    ("活动费", "探访与小组活动", Decimal("0.4"), "requested"),
    ("宣传费", "宣传资料印制", Decimal("0.1"), "requested"),
    ("活动费", "志愿者保险", Decimal("0.05"), "own"),
)


def _uscc(n: int, kind_prefix="52") -> str:
    from orgs import uscc

    body8 = f"{n:08d}"
    first17 = kind_prefix + "440305" + body8 + uscc.org_code_check_char(body8)
    return first17 + uscc.check_char(first17)


def reset():
    from grants.models import Application, Call
    from orgs.models import Organization, User
    from projects.models import FundedProject
    from reports.models import Evaluation
    from review.models import ExpertProfile, Panel, Publicity, RecommendationLine

    # Later stages first: their rows protect the applications and experts they point to.
    gen_public.reset()
    Evaluation.objects.filter(project__number__startswith="bench-").delete()
    FundedProject.objects.filter(number__startswith="bench-").delete()
    Publicity.objects.filter(call__title__startswith="bench-").delete()
    RecommendationLine.objects.filter(call__title__startswith="bench-").delete()
    Panel.objects.filter(call__title__startswith="bench-").delete()
    ExpertProfile.objects.filter(user__email__startswith="bench-").delete()
    Application.objects.filter(project_name__startswith="bench-").delete()
    Call.objects.filter(title__startswith="bench-").delete()
    # Departments protect the ones below them: cut the tree first.
    Organization.objects.filter(name__startswith="bench-").update(parent_department=None)
    Organization.objects.filter(name__startswith="bench-").delete()
    User.objects.filter(email__startswith="bench").delete()


def organizations(n, rng):
    from django.utils import timezone

    from orgs.models import MemberRole, Membership, Organization, OrgKind, User

    base = Organization.objects.count() + 10_000_000
    orgs = [
        Organization(
            name=f"bench-深圳市第{i}社会工作服务中心",
            kind=OrgKind.SERVICE_ORG,
            uscc=_uscc(base + i),
            registration_authority="深圳市南山区民政局",
            region_code="440305",
            legal_representative="王明",
            address="深圳市南山区南头街道",
            contact_name="李娜",
            contact_phone="13800138000",
            contact_email=f"bench-org{i}@example.cn",
            state="verified",
        )
        for i in range(n)
    ]
    Organization.objects.bulk_create(orgs, batch_size=2000)
    orgs = list(Organization.objects.filter(name__startswith="bench-").order_by("pk"))
    applicant = User.objects.create_user(
        email=APPLICANT, password=PASSWORD, real_name="申报人", email_verified_at=timezone.now()
    )
    Membership.objects.create(user=applicant, organization=orgs[0], role=MemberRole.ADMIN)
    return orgs


def departments():
    """The city bureau, its districts (南山区 first) and street offices below them: 50 in all,
    in the order calls are handed out to them."""
    from core import regions
    from orgs.models import Organization, OrgKind

    def department(name, code, parent, serial):
        return Organization.objects.create(
            name=name,
            kind=OrgKind.GOVERNMENT,
            uscc=_uscc(9_999_999 if name == DISTRICT else 9_999_000 + serial, "11"),
            region_code=code[:6],
            jurisdiction_code=code,
            parent_department=parent,
            legal_representative="王明",
            address="深圳市",
            contact_name="李娜",
            contact_phone="13800138000",
            contact_email=f"bench-gov{serial}@example.cn",
            state="verified",
        )

    city = department(CITY_BUREAU, "440300", None, 0)
    counties = sorted(
        (r for r in regions.children("440300") if r.name.endswith("区") and r.name != "市辖区"),
        key=lambda r: (r.code != "440305", r.code),
    )
    districts = []
    for region in counties[:9]:
        name = DISTRICT if region.code == "440305" else f"bench-{region.name}民政局"
        districts.append(department(name, region.code, city, len(districts) + 1))
    made = [city, *districts]
    # Street offices, one district after the other, until there are 50 departments.
    towns = {d.pk: [t.code for t in regions.children(d.jurisdiction_code)] for d in districts}
    k = 0
    while len(made) < N_DEPARTMENTS:
        district = districts[k % len(districts)]
        codes = towns[district.pk]
        n = k // len(districts)
        code = codes[n] if n < len(codes) else f"{district.jurisdiction_code}{n + 1:03d}"
        town = regions.get(code)
        street = town.name if town else f"{district.name[6:-3]}第{n + 1}街道"
        made.append(department(f"bench-{street}办事处", code, district, len(made)))
        k += 1
    return made


def staff_user(departments_):
    """The district officer (南山区) and the city bureau's officer."""
    from django.contrib.auth.models import Group

    from orgs.models import User
    from orgs.roles import Role

    by_name = {d.name: d for d in departments_}
    made = []
    for email, name, department in (
        (STAFF, "工作人员", DISTRICT),
        (CITY, "市局工作人员", CITY_BUREAU),
    ):
        user = User.objects.create_user(email=email, password=PASSWORD, real_name=name)
        user.groups.add(Group.objects.get(name=str(Role.STAFF)))
        user.departments.add(by_name[department])
        made.append(user)
    return made


def calls(n, rng, departments_):
    from django.utils import timezone

    from grants.models import Call, CallCategory

    now = timezone.now()
    made = []
    for i in range(n):
        opens = now - timedelta(days=rng.randint(1, 700))
        made.append(
            Call(
                title=f"bench-{2020 + i % 7}年第{i}届公益创投",
                kind="venture",
                state="published" if i % 10 == 0 else "closed",
                # Call 1 (the first closed one, which bench/gen_review.py scores and
                # bench/load.py opens) goes to 南山区, the staff account's department.
                department=departments_[i % len(departments_)],
                total_budget=Decimal("2000000.00"),
                per_project_cap=Decimal("100000.00"),
                project_period_months=10,
                opens_at=opens,
                closes_at=now + timedelta(days=30) if i % 10 == 0 else opens + timedelta(days=30),
                completion_deadline=opens + timedelta(days=40),
                require_verified=False,
            )
        )
    Call.objects.bulk_create(made, batch_size=500)
    made = list(Call.objects.filter(title__startswith="bench-").order_by("pk"))
    CallCategory.objects.bulk_create(
        [
            CallCategory(call=c, name=name, sort_order=k)
            for c in made
            for k, name in enumerate(["扶老", "助残", "济困"])
        ]
    )
    return made


def applications(n, orgs, calls_, rng):
    from django.utils import timezone

    from grants.models import Application, BudgetLine, CallCategory

    now = timezone.now()
    rows, seen = [], set()
    # The applicant's organization applies to 20 calls; the rest are spread at random.
    pairs = [(orgs[0], c) for c in calls_[:20]]
    while len(pairs) < n:
        org, call = rng.choice(orgs), rng.choice(calls_)
        if (org.pk, call.pk) not in seen:
            seen.add((org.pk, call.pk))
            pairs.append((org, call))
    categories = {}
    for category in CallCategory.objects.filter(call__in=calls_).order_by("sort_order"):
        categories.setdefault(category.call_id, []).append(category)
    for i, (org, call) in enumerate(pairs[:n]):
        rows.append(
            Application(
                call=call,
                organization=org,
                category=rng.choice(categories[call.pk]),
                project_name=f"bench-长者关爱计划{i}",
                state=rng.choice(["submitted", "screening", "screening_passed", "draft"]),
                submitted_at=now - timedelta(days=rng.randint(0, 600)),
                amount_requested=Decimal(rng.randint(10, 100) * 1000),
                summary="为独居长者提供探访与互助服务。" * 3,
            )
        )
    rows = Application.objects.bulk_create(rows, batch_size=2000)
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(
                application=a,
                position=k + 1,
                category=category,
                item=item,
                unit_price=a.amount_requested * share / 10,
                quantity=Decimal("10"),
                amount=a.amount_requested * share,
                funding_source=source,
            )
            for a in rows
            for k, (category, item, share, source) in enumerate(BUDGET_LINES)
        ],
        batch_size=5000,
    )
    return len(rows)


def catalogue(items, rng):
    from cms.models import CatalogueEntryPage, CatalogueIndexPage, CataloguePage
    from cms.search import deferred_indexing

    index = CatalogueIndexPage.objects.get()
    slug = "bench-catalogue"
    if CataloguePage.objects.filter(slug=slug).exists():
        return CatalogueEntryPage.objects.filter(url_path__contains=f"/{slug}/").count()
    import datetime

    page = CataloguePage(
        title="bench-示范市政府购买服务指导性目录",
        slug=slug,
        issuer="示范市民政局",
        year=2025,
        valid_from=datetime.date(2025, 1, 1),
        valid_to=datetime.date(2025, 12, 31),
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    with deferred_indexing():
        made, group = 0, None
        top = [
            page.add_child(instance=CatalogueEntryPage(title="公共服务", code="A", slug="a")),
            page.add_child(instance=CatalogueEntryPage(title="政府履职辅助", code="B", slug="b")),
        ]
        while made < items:
            if made % 25 == 0:
                parent = top[(made // 25) % 2]
                number = made // 25 + 1
                group = parent.add_child(
                    instance=CatalogueEntryPage(
                        title=f"第{number}类服务",
                        code=f"{parent.code}-{number}",
                        slug=f"{parent.code}-{number}".lower(),
                    )
                )
            code = f"{group.code}-{made % 25 + 1}"
            group.add_child(
                instance=CatalogueEntryPage(
                    title=f"社区养老服务事项{made + 1}",
                    code=code,
                    slug=code.lower(),
                    service_content=f"面向社区居民的第{made + 1}项养老服务。",
                    purchase_method="competitive_consultation",
                )
            )
            made += 1
    return items


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--reset", action="store_true", help="remove earlier bench rows first")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        sys.exit("bench/generate.py writes into PostgreSQL: set DATABASE_URL=postgres://…")
    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    if args.reset:
        reset()
    n_orgs, n_calls, n_apps = (
        int(10_000 * args.scale),
        int(200 * args.scale),
        int(20_000 * args.scale),
    )
    rows, started = [], time.monotonic()

    def step(label, fn):
        t = time.monotonic()
        with transaction.atomic():
            result = fn()
        count = result if isinstance(result, int) else len(result)
        rows.append((label, f"{count:,}", f"{time.monotonic() - t:.1f}s"))
        return result

    orgs = step("organizations", lambda: organizations(n_orgs, rng))
    departments_ = step("departments", departments)
    step("staff accounts", lambda: staff_user(departments_))
    calls_ = step("calls", lambda: calls(max(n_calls, 20), rng, departments_))
    step("applications", lambda: applications(n_apps, orgs, calls_, rng))
    step("catalogue items", lambda: catalogue(500, rng))
    for generate in EXTRA_GENERATORS:
        t = time.monotonic()
        with transaction.atomic():
            made = generate(args.scale, rng)
        for k, (label, count) in enumerate(made):
            spent = f"{time.monotonic() - t:.1f}s" if k == len(made) - 1 else ""
            rows.append((label, f"{count:,}", spent))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"Generated at scale {args.scale} in {time.monotonic() - started:.0f}s "
        f"(accounts {APPLICANT} / {STAFF} / {CITY}, password {PASSWORD})"
    )
    print(table(["what", "rows", "time"], rows))


if __name__ == "__main__":
    main()
