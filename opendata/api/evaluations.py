"""Published evaluation results (已公开 only, `Evaluation.objects.public()`), as the public
results page of a call shows them (`reports.views.public.call_results_page`): project,
organization, stage, agency, total score, grade, the public report PDF once published.
Fields: what `templates/reports/public/call.html` and the results spreadsheet print."""

from django.urls import reverse

from core import regions
from opendata.api.listing import Endpoint
from opendata.api.values import day, newest
from reports.models import Evaluation, ReportState


def records(*, year=None, department=None, region=None, category=None):
    evaluations = (
        Evaluation.objects.public()
        .select_related(
            "project__organization",
            "project__call",
            "agency",
            "report__published_version",
        )
        .order_by("-published_at", "-pk")
    )
    if year:
        evaluations = evaluations.filter(published_at__year=year)
    if department:
        evaluations = evaluations.filter(project__call__department__name=department)
    if region:
        evaluations = evaluations.filter(
            project__application__region_code__startswith=regions.prefix(region)
        )
    if category:
        evaluations = evaluations.filter(project__application__category__name=category)
    return evaluations


def _report_url(evaluation) -> str | None:
    report = getattr(evaluation, "report", None)
    if report is None or report.state != ReportState.PUBLISHED or not report.published_version_id:
        return None
    return reverse("evaluations_public:report_pdf", args=[report.pk])


def row(evaluation, request) -> dict:
    project = evaluation.project
    return {
        "id": evaluation.pk,
        "call_id": project.call_id,
        "call": project.call.title,
        "project": project.name,
        "organization": project.organization.name,
        "stage": evaluation.stage,
        "stage_label": evaluation.get_stage_display(),
        "agency": evaluation.agency.name,
        "total_score": str(evaluation.total_score) if evaluation.total_score is not None else None,
        "grade": evaluation.grade,
        "published_on": day(evaluation.published_at),
        "report_pdf": _report_url(evaluation),
        "url": reverse("evaluations_public:call", args=[project.call_id]),
    }


def stamp(evaluations):
    return newest(
        *(
            newest(e.published_at, getattr(getattr(e, "report", None), "published_at", None))
            for e in evaluations
        )
    )


ENDPOINT = Endpoint(
    records=records,
    row=row,
    filters=("year", "department", "region", "category"),
    stamp=stamp,
)
