"""Generating performance reports in the background, one report or a whole call.

Design for a queue with several workers:
* `request_generation` marks the report 排队中 with a fresh token and enqueues the task after
  commit; asking again while it is queued or running changes nothing (idempotent).
* The task claims the report with a conditional UPDATE on (state 排队中, token): a second copy of
  the same job — on another worker, or enqueued twice — finds nothing to claim and stops, so each
  request produces at most one file.
* An unchanged evaluation (same content digest as the latest version) makes no new version.
* A failure is stored with its reason (失败) and can be retried with `request_generation`.
"""

import hashlib
import logging
import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event
from core.workflow import perform_transition
from reports.models import (
    EvaluationState,
    GenerationBatch,
    JobState,
    PerformanceReport,
    ReportState,
    ReportVersion,
)

logger = logging.getLogger("reports.generation")

GENERATABLE_EVALUATION_STATES = (
    EvaluationState.SUBMITTED,
    EvaluationState.ACCEPTED,
    EvaluationState.PUBLISHED,
)
BUSY = (JobState.QUEUED, JobState.RUNNING)


def generation_refusal(report) -> str:
    """Why `report` cannot be generated now ('' if it can)."""
    if report.evaluation.state not in GENERATABLE_EVALUATION_STATES:
        return _("评估结果提交后才能生成报告")
    if report.state == ReportState.PUBLISHED:
        return _("报告已公开，不能重新生成")
    return ""


def request_generation(report, *, by, batch=None) -> bool:
    """Queue generation of `report`; False if it is already queued/running or not allowed.

    Side effects: job fields updated; the task is enqueued after commit; audit entry.
    """
    from reports.tasks import generate_report_task

    if generation_refusal(report):
        return False
    token = uuid.uuid4()
    with transaction.atomic():
        claimed = (
            PerformanceReport.objects.filter(pk=report.pk)
            .exclude(job_state__in=BUSY)
            .update(
                job_state=JobState.QUEUED,
                job_token=token,
                job_error="",
                job_requested_by=by,
                job_updated_at=timezone.now(),
                batch=batch if batch is not None else None,
            )
        )
        if not claimed:
            return False
        log_event(report, user=by, summary=_("请求生成绩效评价报告"))
        transaction.on_commit(
            lambda: generate_report_task.enqueue(report_id=report.pk, token=str(token))
        )
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


def run_generation(report_id: int, token: str) -> str:
    """The task body: claim, render, store a version, move to 已生成. Returns what happened."""
    claimed = PerformanceReport.objects.filter(
        pk=report_id, job_state=JobState.QUEUED, job_token=token
    ).update(job_state=JobState.RUNNING, job_updated_at=timezone.now())
    if not claimed:
        logger.info("Report %s: job %s already taken or superseded", report_id, token)
        return "skipped"
    report = PerformanceReport.objects.select_related(
        "evaluation__project__organization", "evaluation__scheme", "evaluation__agency"
    ).get(pk=report_id)
    try:
        outcome = _generate(report)
    except Exception as exc:  # shown to staff; the traceback goes to the log
        logger.exception("Report %s failed", report_id)
        PerformanceReport.objects.filter(pk=report_id, job_token=token).update(
            job_state=JobState.FAILED,
            job_error=f"{type(exc).__name__}: {exc}"[:2000],
            job_updated_at=timezone.now(),
        )
        return "failed"
    PerformanceReport.objects.filter(pk=report_id, job_token=token).update(
        job_state=JobState.DONE, job_updated_at=timezone.now()
    )
    return outcome


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
    public_pdf = render_report(evaluation, public=True)
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
