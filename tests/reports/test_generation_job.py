"""The generation job's life cycle (无任务 → 排队中 → 生成中 → 已完成 / 失败): every move through
the door, the token that keeps one request to one file, and the time-out of a job whose worker
died."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from core.audit import TRANSITION, history
from core.workflow import TransitionRefused, perform_transition
from reports.actions import assign_evaluators
from reports.generation import fail_stale_jobs, request_generation, run_generation
from reports.models import JobState, PerformanceReport, ReportState
from tests.reports.conftest import commission, score_everything

pytestmark = pytest.mark.django_db

STALE = "生成任务超时（工作进程可能已中止），请重试"


@pytest.fixture(autouse=True)
def _quick_pdf(monkeypatch):
    """The layout itself is tested in test_report_pdf and the signature in
    test_signed_report; here a stand-in keeps the tests quick."""
    import reports.documents
    import reports.generation

    monkeypatch.setattr(
        reports.documents, "render_report", lambda evaluation, *, public: b"%PDF-1.7 stand-in"
    )
    monkeypatch.setattr(reports.generation, "sign_pdf", lambda pdf, **kwargs: pdf)


@pytest.fixture
def report(project, midterm_scheme, agency, staff, agency_admin, agency_evaluator):
    evaluation = commission(project, midterm_scheme, agency, staff)
    assign_evaluators(evaluation, [agency_evaluator], by=agency_admin)
    evaluation = perform_transition(evaluation, "start", by=agency_evaluator)
    evaluation = score_everything(evaluation, by=agency_evaluator)
    evaluation = perform_transition(evaluation, "submit", by=agency_evaluator)
    return PerformanceReport.objects.get(evaluation=evaluation)


def job_moves(report) -> list[tuple]:
    entries = history(report).filter(action=TRANSITION).order_by("timestamp", "pk")
    return [
        (e.data["transition"], e.user, e.data["to_label"])
        for e in entries
        if e.data["transition"].endswith("_job")
    ]


def fresh(report) -> PerformanceReport:
    return PerformanceReport.objects.get(pk=report.pk)


def test_each_move_of_the_job_passes_the_door_and_is_audited(
    report, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert request_generation(report, by=staff)
    queued = fresh(report)
    assert (queued.job_state, queued.job_requested_by) == (JobState.QUEUED, staff)
    assert queued.job_token is not None
    assert len(callbacks) == 1  # the task is enqueued only after commit
    with django_capture_on_commit_callbacks(execute=True):
        callbacks[0]()
    done = fresh(report)
    assert (done.job_state, done.state, done.versions.count()) == (
        JobState.DONE,
        ReportState.GENERATED,
        1,
    )
    assert job_moves(report) == [
        ("queue_job", staff, "排队中"),
        ("start_job", None, "生成中"),
        ("finish_job", None, "已完成"),
    ]


def test_asking_again_while_queued_changes_nothing(
    report, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        assert request_generation(report, by=staff)
        token = fresh(report).job_token
        assert not request_generation(report, by=staff)
    assert fresh(report).job_token == token
    assert [m[0] for m in job_moves(report)] == ["queue_job"]


def test_only_staff_may_queue(report, owner, agency_evaluator):
    for user in (owner, agency_evaluator):
        with pytest.raises(PermissionDenied, match="只有民政工作人员"):
            perform_transition(report, "queue_job", by=user)
    assert fresh(report).job_state == JobState.IDLE


def test_people_cannot_move_the_workers_steps(report, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        request_generation(report, by=staff)
    for name in ("start_job", "fail_job"):
        with pytest.raises(PermissionDenied, match="生成任务的进度由系统记录"):
            perform_transition(fresh(report), name, by=staff, reason="手工")
    assert fresh(report).job_state == JobState.QUEUED


def test_failing_a_job_needs_its_reason(report, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        request_generation(report, by=staff)
    with pytest.raises(TransitionRefused, match="请填写原因"):
        perform_transition(fresh(report), "fail_job", by=None, reason=" ")
    assert fresh(report).job_state == JobState.QUEUED


def test_a_job_delivered_twice_or_with_an_old_token_generates_once(
    report, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        request_generation(report, by=staff)
    token = str(fresh(report).job_token)
    assert run_generation(report.pk, "00000000-0000-0000-0000-000000000000") == "skipped"
    assert run_generation(report.pk, token) == "generated"
    assert run_generation(report.pk, token) == "skipped"
    assert fresh(report).versions.count() == 1


def test_the_generic_transition_page_does_not_offer_the_job(client, report, staff):
    client.force_login(staff)
    response = client.get(f"/admin/performance_reports/transition/{report.pk}/queue_job/")
    assert response.status_code == 404
    assert fresh(report).job_state == JobState.IDLE


# --- a worker that died ---------------------------------------------------------------------


def _age(report, minutes):
    PerformanceReport.objects.filter(pk=report.pk).update(
        job_updated_at=timezone.now() - timedelta(minutes=minutes)
    )


def test_running_job_of_a_dead_worker_is_failed_by_the_schedule_and_can_be_retried(
    report, staff, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_JOB_TIMEOUT_MINUTES = 30
    with django_capture_on_commit_callbacks(execute=False):
        request_generation(report, by=staff)
    queued = fresh(report)
    # The worker claims the job, then dies before finishing it.
    perform_transition(queued, "start_job", by=None)
    _age(report, 29)
    call_command("run_schedule", stdout=StringIO())
    assert fresh(report).job_state == JobState.RUNNING  # not yet: still within the time

    _age(report, 31)
    call_command("run_schedule", stdout=StringIO())
    failed = fresh(report)
    assert (failed.job_state, failed.job_error) == (JobState.FAILED, STALE)
    assert job_moves(report)[-1] == ("fail_job", None, "失败")
    assert history(report).filter(action=TRANSITION).first().data["reason"] == STALE
    assert fail_stale_jobs() == []  # idempotent

    # The old job, should its worker wake up, changes nothing; a retry generates.
    assert run_generation(report.pk, str(queued.job_token)) == "skipped"
    with django_capture_on_commit_callbacks(execute=True):
        assert request_generation(failed, by=staff)
    retried = fresh(report)
    assert (retried.job_state, retried.job_error, retried.versions.count()) == (
        JobState.DONE,
        "",
        1,
    )


def test_queued_job_whose_enqueue_was_lost_times_out_too(
    report, staff, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_JOB_TIMEOUT_MINUTES = 10
    with django_capture_on_commit_callbacks(execute=False):
        request_generation(report, by=staff)  # the task never reaches a worker
    _age(report, 11)
    assert [r.pk for r in fail_stale_jobs()] == [report.pk]
    assert fresh(report).job_state == JobState.FAILED


def test_finished_and_idle_jobs_are_never_timed_out(
    report, staff, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_JOB_TIMEOUT_MINUTES = 1
    assert fail_stale_jobs() == []  # idle
    with django_capture_on_commit_callbacks(execute=True):
        request_generation(report, by=staff)
    _age(report, 60)
    assert fail_stale_jobs() == []
    assert fresh(report).job_state == JobState.DONE
