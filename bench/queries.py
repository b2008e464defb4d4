"""Queries per page at two data volumes (constant is the goal).

    .venv/bin/python bench/queries.py postgres://…/bench_small postgres://…/bench_large

Each database is generated first with bench/generate.py (e.g. --scale 0.1 and --scale 1, a tenth
and the whole of the issue's volume: 1× and 10×). Every page is requested through Django's test
client as the person who sees it, once to warm caches, then counted, with the public page cache
off. Prints one table.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench import results
from bench._django import table

ROOT = Path(__file__).resolve().parents[1]


def count_here() -> dict:
    """In a child process bound to one database: {label: (queries, status)}."""
    from bench._django import setup

    setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.load import pages
    from orgs.models import User

    result = {}
    for label, path, login in pages():
        client = Client()
        if login:
            client.force_login(User.objects.get(email=login))
        client.get(path)  # warm caches (site root, translations, permissions)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        result[label] = (len(queries), response.status_code)
    return result


def count_in(database_url: str) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REQUIRE_2FA_ROLES": "",
        "REQUIRE_2FA_FOR_ADMIN_ACCESS": "0",
        "PYTHONWARNINGS": "ignore",
        "PUBLIC_CACHE": "0",  # what rendering costs (a cache miss), not what the page cache saves
    }
    out = subprocess.run(
        [sys.executable, __file__, "--child"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    if sys.argv[1:] == ["--child"]:
        print(json.dumps(count_here()))
        return
    small, large = sys.argv[1:3]
    a, b = count_in(small), count_in(large)
    rows = []
    for label in a:
        qa, sa = a[label]
        qb, sb = b.get(label, ("-", "-"))
        rows.append((label, qa, qb, "yes" if qa == qb else "no", f"{sa}/{sb}"))
        results.record(
            "queries",
            f"{label}: queries 1× / 10×",
            f"{qa} / {qb}",
            goal="constant",
            met=qa == qb and sa == sb == 200,
        )
    print("Queries per page, 1× and 10× data")
    print(table(["page", "1×", "10×", "constant", "HTTP"], rows))


if __name__ == "__main__":
    main()
