"""Throughput and latency under concurrent load: locust (headless) against gunicorn on loopback.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/load.py

Each page is loaded by USERS concurrent users for SECONDS, after the bare Django view
(/bench/bare/, same server, same middleware) for the ratio. Run bench/generate.py first.
Prints: requests/s, p50 and p95 in ms, and each page's throughput as a share of the bare view's.
"""

import argparse
import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench import results, server
from bench._django import setup, table
from bench.generate import APPLICANT, STAFF

PORT = 8100
PUBLIC_GOAL = 0.8  # issue 20.1: anonymous public pages at least 0.8× the bare view


def pages() -> list[tuple[str, str, str]]:
    """(label, path, login) of the measured pages that exist in this database."""
    from cms.models import CatalogueEntryPage

    item = CatalogueEntryPage.objects.filter(numchild=0, live=True).order_by("path").first()
    found = [
        ("bare Django view", "/bench/bare/", ""),
        ("home", "/", ""),
        ("catalogue item", item.url if item else None, ""),
        ("公示 page", _publicity(), ""),
        ("project directory", _project_directory(), ""),
        ("project page", _project_page(), ""),
        ("evaluation results", _evaluation_results(), ""),
        ("needs board", _needs_board(), ""),
        ("applicant dashboard", "/portal/", APPLICANT),
        ("staff application list", "/admin/applications/", STAFF),
        ("staff project list", "/admin/funded_projects/", STAFF),
        ("staff to-do home", "/admin/", STAFF),
        ("review workbench", _workbench(), STAFF),
    ]
    return [(label, path, login) for label, path, login in found if path]


def _publicity():
    try:
        from review.models import Publicity
    except ImportError:
        return None
    publicity = Publicity.objects.order_by("-published_at").first()
    return f"/publicity/{publicity.pk}/" if publicity else None


def _project_directory():
    from django.urls import NoReverseMatch, reverse

    for name in ("projects_public:index", "projects_public:directory"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def _project_page():
    from projects.public import public_projects

    project = public_projects().order_by("pk").first()
    return f"/projects/{project.pk}/" if project else None


def _evaluation_results():
    from django.db.models import Count, Q

    from grants.models import Call

    call = (
        Call.objects.annotate(
            n=Count(
                "funded_projects__evaluations",
                filter=Q(funded_projects__evaluations__state="published"),
            )
        )
        .filter(n__gt=0)
        .order_by("-n", "pk")
        .first()
    )
    return f"/evaluations/calls/{call.pk}/" if call else None


def _needs_board():
    from django.urls import reverse

    from needs.models import Need

    return reverse("needs_public:board") if Need.objects.public().exists() else None


def _workbench():
    """The 评审工作台 of the first scored call (not bench/ranking.py's 2,000-application one)."""
    from django.urls import reverse

    from bench.ranking import TITLE
    from grants.models import Call

    call = (
        Call.objects.filter(title__startswith="bench-", review_panels__isnull=False)
        .exclude(title=TITLE)
        .order_by("pk")
        .first()
    )
    return reverse("review_call", args=[call.pk]) if call else None


def run_locust(path, login, users, seconds) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        prefix = os.path.join(tmp, "run")
        subprocess.run(
            [
                str(Path(sys.executable).parent / "locust"),
                "-f",
                str(Path(__file__).with_name("locustfile.py")),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(users),
                "--run-time",
                f"{seconds}s",
                "--host",
                f"http://127.0.0.1:{PORT}",
                "--csv",
                prefix,
                "--only-summary",
                "--loglevel",
                "ERROR",
            ],
            env={**os.environ, "BENCH_PATH": path, "BENCH_LOGIN": login},
            check=False,
            capture_output=True,
        )
        with open(prefix + "_stats.csv", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if row["Name"] == "page":
                    return row
    raise RuntimeError(f"locust reported nothing for {path}")


def _record(label, path, login, ratio, rps, p95, failures):
    """For bench/run_all.py's one table: public pages are judged against the issue's goal."""
    public = not login and path != "/bench/bare/"
    results.record(
        "load",
        f"{label}: × bare view",
        f"{ratio:.2f} ({rps:.0f} req/s, p95 {p95} ms"
        + (f", {failures} failed)" if failures else ")"),
        goal=f"≥ {PUBLIC_GOAL}" if public else "",
        met=(ratio >= PUBLIC_GOAL and not failures) if public else None,
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    args = parser.parse_args(argv)
    setup()
    measured = pages()
    web = server.gunicorn(PORT, workers=args.workers)
    rows = []
    try:
        bare_rps = None
        for label, path, login in measured:
            try:
                stats = run_locust(path, login, args.users, args.seconds)
            except RuntimeError:  # no request finished in the time: far too slow to rate
                rows.append((label, path[:40], "0", "-", "-", "0.00", "all"))
                _record(label, path, login, 0.0, 0, "-", "all")
                continue
            rps = float(stats["Requests/s"])
            bare_rps = bare_rps or rps
            failures = int(stats["Failure Count"])
            rows.append(
                (
                    label,
                    path[:40],
                    f"{rps:.0f}",
                    stats["50%"],
                    stats["95%"],
                    f"{rps / bare_rps:.2f}",
                    failures,
                )
            )
            _record(label, path, login, rps / bare_rps, rps, stats["95%"], failures)
    finally:
        server.stop(web)
    print(
        f"gunicorn {args.workers} workers on 127.0.0.1:{PORT}, locust {args.users} users, "
        f"{args.seconds}s per page"
    )
    print(table(["page", "path", "req/s", "p50 ms", "p95 ms", "× bare", "failures"], rows))


if __name__ == "__main__":
    main()
