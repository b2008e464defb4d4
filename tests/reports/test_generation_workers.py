"""Batch generation through the database-backed queue with two real worker processes
(PostgreSQL: workers claim tasks with SELECT … FOR UPDATE SKIP LOCKED)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.db import connection

from core.workflow import perform_transition
from reports.actions import assign_evaluators
from reports.generation import request_batch
from reports.models import JobState, PerformanceReport, ReportState
from reports.tasks import generate_report_task
from tests.reports.conftest import commission, make_running_project, score_everything

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _accepted(project, scheme, agency, staff, admin, evaluator):
    evaluation = commission(project, scheme, agency, staff)
    assign_evaluators(evaluation, [evaluator], by=admin)
    evaluation = perform_transition(evaluation, "start", by=evaluator)
    evaluation = score_everything(evaluation, by=evaluator)
    evaluation = perform_transition(evaluation, "submit", by=evaluator)
    return perform_transition(evaluation, "accept", by=staff)


def _worker(private_root):
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}"
            f"@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "REPORTS_WORKER_PRIVATE_ROOT": str(private_root),
        "DJANGO_SETTINGS_MODULE": "tests.reports.worker_settings",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--interval",
            "0.2",
        ],
        cwd=django_settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def test_batch_with_two_workers_generates_each_report_exactly_once(
    restored_migration_rows,
    settings,
    private_dir,
    org_a,
    org_b,
    staff,
    midterm_scheme,
    agency,
    agency_admin,
    agency_evaluator,
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    project = make_running_project(organization=org_a, name="长者关爱计划")
    call = project.call
    others = [
        make_running_project(organization=org, call=call, name=f"项目{i}")
        for i, org in enumerate([org_b, org_a])
    ]
    for p in [project, *others]:
        _accepted(p, midterm_scheme, agency, staff, agency_admin, agency_evaluator)

    batch = request_batch(call, by=staff)
    reports = list(PerformanceReport.objects.filter(batch=batch))
    assert len(reports) == 3
    assert {r.job_state for r in reports} == {JobState.QUEUED}
    # The same job delivered twice (a retry of the enqueue, a duplicated message): still once.
    for report in reports:
        generate_report_task.enqueue(report_id=report.pk, token=str(report.job_token))
    jobs = DBTaskResult.objects.filter(task_path="reports.tasks.generate_report_task")
    assert jobs.count() == 6

    workers = [_worker(private_dir), _worker(private_dir)]
    outputs = [w.communicate(timeout=600)[0].decode(errors="replace") for w in workers]
    assert all(w.returncode == 0 for w in workers), outputs

    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists(), outputs
    results = list(jobs)
    assert sorted(r.return_value for r in results) == ["generated"] * 3 + ["skipped"] * 3
    for report in PerformanceReport.objects.filter(batch=batch):
        assert report.versions.count() == 1
        assert (report.state, report.job_state) == (ReportState.GENERATED, JobState.DONE)
        assert report.current_version.private_file.open("rb").read(5) == b"%PDF-"
    assert batch.progress()["done"] == 3
