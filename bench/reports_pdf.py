"""Benchmark: performance report PDFs — one long (~10 page) report, and a batch generated
through the database-backed queue with 1 and 2 worker processes.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_reports
    .venv/bin/python bench/reports_pdf.py [--batch 100]

Uses its own database, created and migrated by the script: SQLite in a temp folder, or the
PostgreSQL database DATABASE_URL names, which is DROPPED and recreated. Prints a table: wall
time, peak memory (this process for the single report; the largest worker's max RSS for
batches) and PDF sizes. Two workers on SQLite serialise on the database lock; use PostgreSQL
for real numbers.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORKER_SETTINGS = "tests.reports.worker_settings"  # DB-backed queue, private root from env


def setup(tmp: Path):
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}")
    os.environ["REPORTS_WORKER_PRIVATE_ROOT"] = str(tmp / "private")
    # The database-backed queue for this process too, so batches really go through workers.
    os.environ["DJANGO_SETTINGS_MODULE"] = WORKER_SETTINGS
    url = os.environ["DATABASE_URL"]
    if url.startswith("postgres"):
        recreate_postgres(url)
    import django
    from django.conf import settings

    django.setup()
    settings.PRIVATE_MEDIA_ROOT = tmp / "private"
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)


def recreate_postgres(url: str) -> None:
    """A fresh benchmark database (the one DATABASE_URL names is dropped first)."""
    import dj_database_url
    import psycopg

    db = dj_database_url.parse(url)
    with psycopg.connect(
        dbname="postgres",
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}"')
        conn.execute(f'CREATE DATABASE "{db["NAME"]}"')


def make_evaluations(n: int, *, long_text: bool = False):
    from core.workflow import perform_transition
    from orgs.models import MemberRole, OrgKind
    from orgs.roles import Role
    from reports.actions import assign_evaluators
    from reports.models import Evaluation, EvaluationScheme
    from reports.models.states import NARRATIVE_SECTIONS
    from tests.factories import OrganizationFactory, UserFactory, add_member
    from tests.reports.conftest import (
        FINAL_SCHEME,
        commission,
        make_running_project,
        score_everything,
    )

    staff = UserFactory(roles=[Role.STAFF])
    agency = OrganizationFactory(kind=OrgKind.EVALUATION_AGENCY)
    evaluator = UserFactory(roles=[Role.EVALUATOR])
    add_member(evaluator, agency, MemberRole.ADMIN)
    scheme = EvaluationScheme.objects.get(name=FINAL_SCHEME)
    made = []
    call = None
    for i in range(n):
        project = make_running_project(call=call, name=f"基准项目{i}")
        call = project.call
        project.state  # noqa: B018
        from projects.models import FundedProject

        FundedProject.objects.filter(pk=project.pk).update(midterm_passed=True)
        evaluation = commission(project, scheme, agency, staff, stage="final")
        assign_evaluators(evaluation, [evaluator], by=evaluator)
        evaluation = perform_transition(evaluation, "start", by=evaluator)
        evaluation = score_everything(evaluation, by=evaluator)
        if long_text:
            paragraph = (
                "项目围绕独居长者的探访、互助与应急联络开展服务，评估组查阅了台账、走访了服务对象。"
                * 12
            )
            Evaluation.objects.filter(pk=evaluation.pk).update(
                **{name: "\n\n".join([paragraph] * 3) for name, _label in NARRATIVE_SECTIONS}
            )
            evaluation.refresh_from_db()
        evaluation = perform_transition(evaluation, "submit", by=evaluator)
        made.append(perform_transition(evaluation, "accept", by=staff))
    return made, staff, call


def single(evaluation):
    from pypdf import PdfReader

    from reports.documents import render_report

    tracemalloc.start()
    started = time.perf_counter()
    private = render_report(evaluation, public=False)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    public = render_report(evaluation, public=True)
    import io

    pages = len(PdfReader(io.BytesIO(private)).pages)
    return elapsed, peak, len(private), len(public), pages


def batch(call, staff, workers: int):
    from django_tasks_db.models import DBTaskResult

    from reports.generation import request_batch
    from reports.models import PerformanceReport, ReportVersion

    ReportVersion.objects.all().delete()
    PerformanceReport.objects.update(state="draft", job_state="idle", current_version=None)
    DBTaskResult.objects.all().delete()
    batch = request_batch(call, by=staff)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": WORKER_SETTINGS}
    started = time.perf_counter()
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--batch",
                "--no-startup-delay",
                "--interval",
                "0.1",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(workers)
    ]
    # VmHWM (resident high-water mark since exec) read until each worker exits; ru_maxrss
    # would include the parent's pages inherited at fork.
    peak_kb = 0
    while any(proc.poll() is None for proc in procs):
        for proc in procs:
            peak_kb = max(peak_kb, _hwm_kb(proc.pid))
        time.sleep(0.2)
    elapsed = time.perf_counter() - started
    progress = batch.progress()
    sizes = list(ReportVersion.objects.values_list("size", flat=True))
    return elapsed, peak_kb * 1024, progress, sizes


def _hwm_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=100, help="reports in the batch (default 100)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup(Path(tmp))
        (long_one,), _staff, _call = make_evaluations(1, long_text=True)
        t, peak, size, public_size, pages = single(long_one)
        rows = [
            (
                "1 份长报告",
                f"{pages} 页",
                f"{t:.2f}",
                f"{peak / 2**20:.1f}（本进程）",
                f"{size / 1024:.0f} / {public_size / 1024:.0f}",
            )
        ]
        _evaluations, staff, call = make_evaluations(args.batch)
        for workers in (1, 2):
            elapsed, peak_rss, progress, sizes = batch(call, staff, workers)
            mean = sum(sizes) / len(sizes) if sizes else 0
            rows.append(
                (
                    f"批量 {args.batch} 份",
                    f"{workers} 个工作进程",
                    f"{elapsed:.1f}",
                    f"{peak_rss / 2**20:.0f}（单个工作进程峰值）",
                    f"平均 {mean / 1024:.0f}（完成 {progress['done']}，失败 {progress['failed']}）",
                )
            )
        header = ("场景", "规模", "耗时（秒）", "峰值内存（MiB）", "PDF 大小（KiB，内部/公开）")
        widths = [max(len(str(r[i])) for r in [header, *rows]) + 2 for i in range(len(header))]
        for row in [header, *rows]:
            print("".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
        print(
            f"database: {os.environ['DATABASE_URL'].split('@')[-1]}; maxrss of this process: "
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
        )


if __name__ == "__main__":
    main()
