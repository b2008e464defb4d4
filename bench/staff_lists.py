"""Latency of the staff lists at the issue's volume: the application list, the funded-project
list and the to-do home, one signed-in staff member at a time (no queueing), uncached; each as a
district officer (bench-南山区民政局, one of 50 departments) and as the city bureau's officer, who
sees every department's rows read-only (issue 21).

    DATABASE_URL=postgres://…/bench_large .venv/bin/python bench/staff_lists.py [--requests 60]

Run on the --scale 1 database (20,000 applications, 3,000 projects, 50 departments;
bench/generate.py). gunicorn with production settings (bench/server.py) on 127.0.0.1:8110; each
account signs in once,
each page is requested a few times to warm up and then REQUESTS times in a row. Prints p50, p95
and the slowest in ms beside the goal (p95 under 150 ms, issue 20.4) and the load average.
"""

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench import results, server
from bench._django import table
from bench.generate import CITY, PASSWORD, STAFF

PORT = 8110
GOAL_MS = 150
PAGES = [
    ("staff application list", "/admin/applications/"),
    ("staff project list", "/admin/funded_projects/"),
    ("staff to-do home", "/admin/"),
]
# Who asks: (label, account).
ACCOUNTS = [("district officer", STAFF), ("city bureau", CITY)]


def signed_in(base: str, email: str = STAFF):
    import requests

    session = requests.Session()
    page = session.get(f"{base}/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = session.post(
        f"{base}/accounts/login/",
        {"username": email, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/accounts/login/"},
        allow_redirects=False,
    )
    if answer.status_code != 302:
        sys.exit(f"sign-in as {email} failed ({answer.status_code}): run bench/generate.py first")
    return session


def timings(session, url: str, n: int, warm: int = 5) -> list[float]:
    for _ in range(warm):
        session.get(url, allow_redirects=False)
    spent = []
    for _ in range(n):
        started = time.perf_counter()
        response = session.get(url, allow_redirects=False)
        spent.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}")
    return spent


def p95(ms: list[float]) -> float:
    return statistics.quantiles(ms, n=20)[18] if len(ms) >= 20 else max(ms)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=60, help="timed requests per page")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    args = parser.parse_args(argv)
    web = server.gunicorn(PORT, workers=args.workers)
    rows = []
    try:
        base = f"http://127.0.0.1:{PORT}"
        for who, email in ACCOUNTS:
            session = signed_in(base, email)
            for label, path in PAGES:
                ms = timings(session, base + path, args.requests)
                load = os.getloadavg()[0]
                rows.append(
                    (
                        label,
                        who,
                        path,
                        f"{statistics.median(ms):.0f}",
                        f"{p95(ms):.0f}",
                        f"{max(ms):.0f}",
                        f"{load:.2f}",
                    )
                )
                results.record(
                    "staff lists",
                    f"{label}, {who}: p95 ms (one user, 10× data, 50 departments)",
                    f"{p95(ms):.0f}",
                    goal=f"< {GOAL_MS}",
                    met=p95(ms) < GOAL_MS,
                )
    finally:
        server.stop(web)
    print(
        f"gunicorn {args.workers} workers on 127.0.0.1:{PORT}, one signed-in account at a time, "
        f"{args.requests} requests per page after 5 to warm up; goal p95 < {GOAL_MS} ms"
    )
    print(table(["page", "as", "path", "p50 ms", "p95 ms", "slowest ms", "load avg (1 min)"], rows))


if __name__ == "__main__":
    main()
