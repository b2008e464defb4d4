"""Ranking of one call with 2,000 applications × 5 experts: the product's `review.ranking.ranking`
(what the 评审工作台 pages through, `review.admin.ranking_table`) beside a hand-written SQL
aggregate of the same result.

    DATABASE_URL=postgres://…/bench_small .venv/bin/python bench/ranking.py [--repeat 15]

Run bench/generate.py first (the organizations and experts come from it). The call
"bench-排名基准" is created once in that database: 2,000 applications (from distinct
organizations while there are enough), five experts, 10,000 submitted score sheets of six
criteria, scored under the default rule (trimmed mean from five totals). Both sides run once and
every number is compared: position, count, final and plain mean, lowest, highest and mean
z-score; then each is timed REPEAT times. Prints one table: median, p95 (the slowest run when
REPEAT is under 20) and the ratio of medians to the raw SQL.
"""

import argparse
import statistics
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench import results
from bench._django import setup, table

TITLE = "bench-排名基准（2000份×5位专家）"
APPLICATIONS = 2_000

# The same rule as review/ranking.py, written independently: numeric means rounded half up
# (PostgreSQL's round() on a positive numeric), z-scores against each expert's population SD.
SQL = """
WITH sheets AS (
    SELECT ra.application_id, ra.expert_id, ra.total_halves
    FROM review_reviewassignment ra
    JOIN grants_application a ON a.id = ra.application_id
    WHERE a.call_id = %(call)s AND ra.state = 'submitted'
), experts AS (
    SELECT expert_id, avg(total_halves) AS m, stddev_pop(total_halves::float) AS sd
    FROM sheets GROUP BY expert_id
), z AS (
    SELECT s.application_id, avg((s.total_halves - e.m) / nullif(e.sd, 0)) AS z
    FROM sheets s JOIN experts e USING (expert_id) GROUP BY s.application_id
), agg AS (
    SELECT a.id, a.first_submitted_at, count(s.total_halves) AS n, sum(s.total_halves) AS s,
           min(s.total_halves) AS lo, max(s.total_halves) AS hi
    FROM grants_application a LEFT JOIN sheets s ON s.application_id = a.id
    WHERE a.call_id = %(call)s AND a.state = ANY(%(states)s)
    GROUP BY a.id
), scored AS (
    SELECT agg.*, z.z,
           CASE WHEN n > 0 THEN round(s::numeric / (2 * n), 2) END AS plain,
           CASE WHEN %(trimmed)s AND n >= %(threshold)s
                THEN round((s - hi - lo)::numeric / (2 * (n - 2)), 2)
                WHEN n > 0 THEN round(s::numeric / (2 * n), 2) END AS final
    FROM agg LEFT JOIN z ON z.application_id = agg.id
)
SELECT id, row_number() OVER (ORDER BY final DESC NULLS LAST, plain DESC NULLS LAST,
                                       first_submitted_at ASC NULLS LAST, id),
       n, final, plain, lo, hi, z
FROM scored
ORDER BY 2
"""


def ranking_call(rng):
    """The benchmark call, made once: 2,000 scored applications, five experts."""
    from django.db import connection, transaction
    from django.utils import timezone

    from bench.gen_review import experts, score_call
    from grants.models import Application, Call, CallCategory
    from orgs.models import Organization
    from review.draw import plan_for

    call = Call.objects.filter(title=TITLE).first()
    if call:
        return call
    orgs = list(Organization.objects.filter(name__startswith="bench-", kind="service_org")[:2000])
    if not orgs:
        sys.exit("Run bench/generate.py on this database first.")
    with transaction.atomic():
        now = timezone.now()
        call = Call.objects.create(
            title=TITLE,
            kind="venture",
            state="reviewing",
            department=Organization.objects.get(name="bench-南山区民政局"),
            total_budget=Decimal("20000000.00"),
            per_project_cap=Decimal("100000.00"),
            project_period_months=10,
            opens_at=now - timedelta(days=60),
            closes_at=now - timedelta(days=30),
            completion_deadline=now - timedelta(days=20),
            require_verified=False,
        )
        plan_for(call)  # the default rubric and rule: trimmed mean from five totals
        categories = CallCategory.objects.bulk_create(
            [CallCategory(call=call, name=n, sort_order=k) for k, n in enumerate(["扶老", "助残"])]
        )
        applications = Application.objects.bulk_create(
            [
                Application(
                    call=call,
                    organization=orgs[i % len(orgs)],
                    category=categories[i % 2],
                    project_name=f"bench-排名基准项目{i}",
                    state="reviewed",
                    first_submitted_at=now - timedelta(days=40, minutes=rng.randint(0, 20_000)),
                    submitted_at=now - timedelta(days=40),
                    amount_requested=Decimal(rng.randint(10, 100) * 1000),
                    summary="为独居长者提供探访与互助服务。",
                )
                for i in range(APPLICATIONS)
            ],
            batch_size=2000,
        )
        score_call(call, applications, rng.sample(experts(), 5), rng, when=now - timedelta(days=25))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics: 10,000 new rows change the plans
    return call


def product(call):
    from review.ranking import ranking

    return [
        (
            r.application.pk,
            r.position,
            r.count,
            r.final,
            r.plain,
            r.lowest,
            r.highest,
            r.z,
        )
        for r in ranking(call)
    ]


def raw_sql(call):
    from django.db import connection

    from review.draw import plan_for
    from review.models import ScoringRule
    from review.ranking import RANKED_STATES

    plan = plan_for(call)
    params = {
        "call": call.pk,
        "states": [str(s) for s in RANKED_STATES],
        "trimmed": plan.scoring_rule == ScoringRule.TRIMMED,
        "threshold": max(plan.trim_threshold, 3),
    }
    with connection.cursor() as cursor:
        cursor.execute(SQL, params)
        rows = cursor.fetchall()
    half = Decimal("0.1")
    return [
        (
            pk,
            position,
            n,
            final,
            plain,
            None if lo is None else (Decimal(lo) / 2).quantize(half),
            None if hi is None else (Decimal(hi) / 2).quantize(half),
            z,
        )
        for pk, position, n, final, plain, lo, hi, z in rows
    ]


def differences(ours, theirs) -> list[str]:
    """Rows where the two disagree (z-scores to 1e-9: both are floating point)."""
    if len(ours) != len(theirs):
        return [f"{len(ours)} rows beside {len(theirs)}"]
    found = []
    for a, b in zip(ours, theirs, strict=True):
        same_z = (a[7] is None and b[7] is None) or (
            a[7] is not None and b[7] is not None and abs(a[7] - b[7]) < 1e-9
        )
        if a[:7] != b[:7] or not same_z:
            found.append(f"{a} ≠ {b}")
    return found


def timed_in_turn(fns, call, repeat) -> list[list[float]]:
    """Milliseconds of each of `fns`, run in turn (a, b, a, b …) so that a change in the machine's
    load falls on both alike; both ran once already, for the comparison: that was the warm-up."""
    spent = [[] for _fn in fns]
    for _i in range(repeat):
        for fn, ms in zip(fns, spent, strict=True):
            started = time.perf_counter()
            fn(call)
            ms.append((time.perf_counter() - started) * 1000)
    return spent


def _p95(ms: list[float]) -> float:
    return statistics.quantiles(ms, n=20)[18] if len(ms) >= 20 else max(ms)


def main(argv=None):
    import random

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("bench/ranking.py measures PostgreSQL: set DATABASE_URL=postgres://…")
    call = ranking_call(random.Random(2026))
    ours, theirs = product(call), raw_sql(call)
    problems = differences(ours, theirs)
    if problems:
        print("The ranking and the SQL aggregate disagree:", *problems[:10], sep="\n")
        sys.exit(1)
    sheets = sum(row[2] for row in ours)
    raw_ms, ours_ms = timed_in_turn([raw_sql, product], call, args.repeat)
    runs = [("raw SQL aggregate", raw_ms), ("review.ranking.ranking", ours_ms)]
    base = statistics.median(runs[0][1])
    rows = [
        (
            label,
            f"{statistics.median(ms):.0f}",
            f"{_p95(ms):.0f}",
            f"{statistics.median(ms) / base:.2f}",
        )
        for label, ms in runs
    ]
    print(
        f"Ranking of {len(ours):,} applications, {sheets:,} submitted score sheets; "
        f"{args.repeat} timed runs each; all {len(ours):,} rows identical "
        "(position, count, final, plain mean, lowest, highest, z)"
    )
    ratio = statistics.median(runs[1][1]) / base
    results.record(
        "ranking",
        f"ranking of {len(ours):,} applications × 5 experts: × raw SQL",
        f"{ratio:.2f} ({statistics.median(runs[1][1]):.0f} ms vs {base:.0f} ms)",
        goal="≤ 2",
        met=ratio <= 2,
    )
    spread = "p95 ms" if args.repeat >= 20 else "slowest ms"
    print(table(["computation", "median ms", spread, "× raw SQL"], rows))


if __name__ == "__main__":
    main()
