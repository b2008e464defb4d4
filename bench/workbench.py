"""The 评审工作台 of one call with 2,000 applications × 5 experts, as programme staff see it:
bytes sent, render time and queries of the workbench (first and a later page of the ranking, a
search) and of one application's score sheets (where a sheet is sent back).

    DATABASE_URL=postgres://…/bench_small .venv/bin/python bench/workbench.py [--repeat 5]

Uses the call of bench/ranking.py (made there once; run bench/generate.py first). Each page is
requested through Django's test client as bench-staff@example.cn, once to warm up, then REPEAT
times. Prints one table; the goal (issue 20) is under 300 ms and 300 KB at this size.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench import results
from bench._django import setup, table

STAFF = "bench-staff@example.cn"


def pages(call):
    from django.urls import reverse

    from grants.models import Application

    workbench = reverse("review_call", args=[call.pk])
    some = Application.objects.filter(call=call).order_by("pk").values_list("pk", flat=True)[7]
    return [
        ("workbench, first page", workbench),
        ("workbench, page 30", workbench + "?page=30"),
        ("workbench, search by number", f"{workbench}?q={some}"),
        ("score sheets of one application", reverse("review_sheets", args=[call.pk, some])),
    ]


def measure(client, path, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # warm up: translations, permissions, the site root
    spent, size, queries = [], 0, 0
    for _i in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            spent.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            sys.exit(f"{path}: {response.status_code}")
        size, queries = len(response.content), len(captured)
    rows = response.content.decode().count("</tr>")
    return rows, size, statistics.median(spent), max(spent), queries


def main(argv=None):
    import random

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    os.environ.setdefault("REQUIRE_2FA_ROLES", "")
    os.environ.setdefault("REQUIRE_2FA_FOR_ADMIN_ACCESS", "0")
    setup()
    from django.db import connection
    from django.test import Client

    from bench.ranking import ranking_call
    from orgs.models import User

    if connection.vendor != "postgresql":
        sys.exit("bench/workbench.py measures PostgreSQL: set DATABASE_URL=postgres://…")
    call = ranking_call(random.Random(2026))
    client = Client()
    client.force_login(User.objects.get(email=STAFF))
    rows = []
    for label, path in pages(call):
        shown, size, median, slowest, queries = measure(client, path, args.repeat)
        rows.append(
            (label, shown, f"{size / 1024:.0f}", f"{median:.0f}", f"{slowest:.0f}", queries)
        )
        results.record(
            "workbench",
            f"{label}: ms / KB (2,000 × 5)",
            f"{median:.0f} ms / {size / 1024:.0f} KB ({queries} queries)",
            goal="< 300 / < 300",
            met=median < 300 and size < 300 * 1024,
        )
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"评审工作台 of {call.applications.count():,} applications × 5 experts; "
        f"{args.repeat} timed runs each; load average {load}"
    )
    print(table(["page", "table rows", "KB", "median ms", "slowest ms", "queries"], rows))


if __name__ == "__main__":
    main()
