"""Generating performance reports in the background, one report or a whole call.

The job is a life cycle of its own (`PerformanceReport.job_state`: 无任务 → 排队中 → 生成中 →
已完成 / 失败), and every move of it passes `core.workflow.perform_transition` (row lock, rule,
audit entry). Design for a queue with several workers:
* `request_generation` performs `queue_job` for the staff member asking: a fresh token, and the
  task is enqueued after commit with it. Asking again while it is queued or running changes
  nothing (the transition does not start from there).
* The task claims the job (`start_job`, as the worker: `by=None`) only if, under the row lock,
  the job is still 排队中 with the task's token: a second copy of the same job — on another
  worker, or enqueued twice — finds nothing to claim and stops, so each request produces at most
  one file. Finishing and failing likewise only apply to the job that the token names.
* The PDF is rendered outside any lock; only storing the version and `mark_generated` lock.
* An unchanged evaluation (same content digest as the latest version) makes no new version.
* A failure is stored with its reason (失败) and can be retried with `request_generation`.
* A worker that died leaves its job 生成中 (or a lost enqueue leaves it 排队中): the scheduler
  (`fail_stale_jobs`, a `manage.py run_schedule` job) marks such a job failed after
  `REPORT_JOB_TIMEOUT_MINUTES` without progress, with the reason, so it can be queued again.
"""

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.signing.pdf import sign_pdf
from core.workflow import TransitionRefused, perform_transition
from reports.models import (
    GenerationBatch,
    JobState,
    PerformanceReport,
    ReportState,
    ReportVersion,
)
from reports.models.reports import evaluation_submitted, not_published
from reports.models.states import BUSY_JOB_STATES, GENERATABLE_EVALUATION_STATES
from reports.permissions import SYSTEM

logger = logging.getLogger("reports.generation")

BUSY = BUSY_JOB_STATES
STALE_REASON = _("生成任务超时（工作进程可能已中止），请重试")


def generation_refusal(report) -> str:
    """Why `report` cannot be generated now ('' if it can)."""
    for check in (evaluation_submitted, not_published):
        if not check(report):
            return str(check.refusal)
    return ""


def request_generation(report, *, by, batch=None) -> bool:
    """Queue generation of `report`; False if it is already queued/running or not allowed.

    Side effects: the job's `queue_job` transition (audited; the task is enqueued after commit);
    the report joins `batch` (or leaves its earlier batch). PermissionDenied for non-staff.
    """
    if generation_refusal(report):
        return False
    try:
        with transaction.atomic():
            report = perform_transition(report, "queue_job", by=by)
            if batch is not None:
                PerformanceReport.objects.filter(pk=report.pk).update(batch=batch)
    except TransitionRefused:
        return False
    return True


def request_batch(call, *, by) -> GenerationBatch:
    """Queue every report of `call` whose evaluation has a result. Side effect: a batch row."""
    batch = GenerationBatch.objects.create(call=call, requested_by=by)
    reports = PerformanceReport.objects.filter(
        evaluation__project__call=call,
        evaluation__state__in=GENERATABLE_EVALUATION_STATES,
    ).exclude(state=ReportState.PUBLISHED)
    for report in reports.select_related("evaluation"):
        if not request_generation(report, by=by, batch=batch):
            # Already queued by someone else: still count it in this batch's progress.
            PerformanceReport.objects.filter(pk=report.pk).update(batch=batch)
    return batch


def _move_job(report_id: int, token: str, name: str, *, expected, reason: str = "") -> bool:
    """Perform job transition `name` as the worker if, under the row lock, the job is still the
    one `token` names and in state `expected`. False (nothing written) otherwise."""
    with transaction.atomic():
        report = PerformanceReport.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.job_state != expected or str(report.job_token) != str(token):
            return False
        perform_transition(report, name, by=SYSTEM, reason=reason)
    return True


def run_generation(report_id: int, token: str) -> str:
    """The task body: claim, render, store a version, move to 已生成. Returns what happened."""
    if not _move_job(report_id, token, "start_job", expected=JobState.QUEUED):
        logger.info("Report %s: job %s already taken or superseded", report_id, token)
        return "skipped"
    report = PerformanceReport.objects.select_related(
        "evaluation__project__organization", "evaluation__scheme", "evaluation__agency"
    ).get(pk=report_id)
    try:
        outcome = _generate(report)
    except Exception as exc:  # shown to staff; the traceback goes to the log
        logger.exception("Report %s failed", report_id)
        reason = f"{type(exc).__name__}: {exc}"[:2000]
        if not _move_job(report_id, token, "fail_job", expected=JobState.RUNNING, reason=reason):
            logger.warning("Report %s: job %s was settled meanwhile (timed out?)", report_id, token)
        return "failed"
    if not _move_job(report_id, token, "finish_job", expected=JobState.RUNNING):
        logger.warning("Report %s: job %s was settled meanwhile (timed out?)", report_id, token)
    return outcome


def fail_stale_jobs(now=None) -> list[PerformanceReport]:
    """Mark failed every job 排队中 or 生成中 without progress for `REPORT_JOB_TIMEOUT_MINUTES`
    (its worker died, or its enqueue was lost), with the reason, so staff can queue it again.
    Idempotent; the scheduler acts (`by=None`). Returns the reports whose job it failed."""
    now = now or timezone.now()
    limit = now - timedelta(minutes=settings.REPORT_JOB_TIMEOUT_MINUTES)
    stale = Q(job_updated_at__lt=limit) | Q(job_updated_at__isnull=True)
    failed = []
    candidates = PerformanceReport.objects.filter(stale, job_state__in=BUSY).order_by("pk")
    for pk in candidates.values_list("pk", flat=True):
        with transaction.atomic():
            # Asked again under the lock: the worker may have moved on meanwhile.
            report = PerformanceReport.objects.select_for_update().filter(stale, pk=pk).first()
            if report is None or report.job_state not in BUSY:
                continue
            report = perform_transition(report, "fail_job", by=SYSTEM, reason=str(STALE_REASON))
        logger.warning("Report %s: generation job timed out, marked failed", pk)
        failed.append(report)
    return failed


def scheduled_job(now) -> list:
    """Entry in `grants.schedule.EXTRA_JOBS`: no call transitions of its own to report."""
    fail_stale_jobs(now)
    return []


def _generate(report) -> str:
    from reports.documents import content_digest, render_report

    evaluation = report.evaluation
    refusal = generation_refusal(report)
    if refusal:
        raise ValueError(refusal)
    digest = content_digest(evaluation)
    latest = report.versions.order_by("-number").first()
    if latest is not None and latest.digest == digest and report.state != ReportState.DRAFT:
        return "unchanged"
    private_pdf = render_report(evaluation, public=False)
    # The public version is the one published: signed now, registered when published
    # (`reports.issued`); the internal one never leaves the platform.
    public_pdf = sign_pdf(render_report(evaluation, public=True), reason=str(report))
    by = report.job_requested_by
    with transaction.atomic():
        locked = PerformanceReport.objects.select_for_update().get(pk=report.pk)
        number = (locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = ReportVersion(
            report=locked,
            number=number,
            digest=digest,
            size=len(private_pdf),
            public_size=len(public_pdf),
            requested_by=by,
        )
        stem = f"report-{locked.pk}-v{number}"
        version.private_file.save(f"{stem}-internal.pdf", ContentFile(private_pdf), save=False)
        version.public_file.save(f"{stem}-public.pdf", ContentFile(public_pdf), save=False)
        version.save()
        PerformanceReport.objects.filter(pk=locked.pk).update(current_version=version)
        locked.current_version = version
        perform_transition(
            locked,
            "mark_generated",
            by=by,
            data={"version": number, "sha256": hashlib.sha256(private_pdf).hexdigest()},
        )
    return "generated"
