"""A published performance report's public PDF as an issued document (`core.signing`).

The public version is signed when generated (`reports.generation`); it becomes an issued document
when the report is published: registered after the publishing transaction commits (reading the
file is I/O, kept out of the row lock), and again on demand if that failed (`ensure_issued`).
A report is never republished, but a later version would replace the earlier in the register.
"""

import logging

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from core.signing.register import issue, issued_hashes
from reports.models import PerformanceReport, ReportState

logger = logging.getLogger("reports.issued")


def issue_after_commit(report) -> None:
    report_id = report.pk
    transaction.on_commit(lambda: issue_report(report_id), robust=True)


def issue_report(report_id: int):
    """Register the published version's public PDF; None if the report is not published."""
    report = (
        PerformanceReport.objects.select_related("published_version", "evaluation__project")
        .filter(pk=report_id, state=ReportState.PUBLISHED)
        .first()
    )
    version = report.published_version if report else None
    if version is None or not version.public_file:
        return None
    with version.public_file.open("rb") as handle:
        pdf = handle.read()
    return issue(
        pdf,
        record=version,
        kind="reports.performance_report",
        title=_("%(report)s（第%(n)d版）") % {"report": report, "n": version.number},
        issued_at=report.published_at,
        public_url=reverse("projects_public:detail", args=[report.evaluation.project_id]),
        series=f"reports.report.{report.pk}",
        sequence=version.number,
    )


def ensure_issued(report) -> str:
    """The SHA-256 of `report`'s published public PDF, registering it first if the step after
    publication did not (a failed on-commit hook)."""
    version = report.published_version
    known = issued_hashes([version]).get(version.pk)
    if known:
        return known
    document = issue_report(report.pk)
    return document.sha256 if document else ""


def attach_hashes(versions) -> None:
    """Set `sha256` on each published `ReportVersion` (one query), for its download link."""
    versions = [v for v in versions if v is not None]
    hashes = issued_hashes(versions)
    for version in versions:
        version.sha256 = hashes.get(version.pk, "")


def published_version_of(evaluation):
    report = getattr(evaluation, "report", None)  # None: the evaluation has no report row
    return report.published_version if report is not None else None
