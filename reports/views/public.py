"""Public pages of evaluation results (/evaluations/): anyone may see them, signed in or not.

Only published evaluations (已公开) and published report versions appear; the PDF served is the
public version (no personal data), and only once the report is 已公开.
"""

from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.files import serve_private
from orgs.public_departments import PurchaserFilter
from projects import figures as pf
from reports import figures as fig
from reports.charts import bar_chart
from reports.forms import SurveyForm
from reports.issued import attach_hashes, ensure_issued, published_version_of
from reports.models import PerformanceReport, ReportState, SatisfactionSurvey
from reports.summary import call_results, grade_distribution
from reports.surveys import (
    CodeRefused,
    SurveyRefused,
    answer_survey,
    check_guessing,
    is_evaluated_member,
    normalize_code,
    note_failure,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f"attachment; filename=\"results.xlsx\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


def _published_calls():
    from grants.models import Call

    return (
        Call.objects.filter(funded_projects__evaluations__state="published")
        .select_related("department")
        .annotate(
            n=Count(
                "funded_projects__evaluations",
                filter=Q(funded_projects__evaluations__state="published"),
                distinct=True,
            )
        )
        .order_by("-opens_at")
    )


def index(request):
    """Public: calls with published evaluation results, filtered by 购买主体 and its region."""
    chosen = PurchaserFilter(request.GET)
    calls = chosen.apply(_published_calls(), "department")
    return render(
        request,
        "reports/public/index.html",
        {"calls": calls, "years": fig.years(), "purchaser_filter": chosen},
    )


def _call(pk):
    calls = _published_calls().filter(pk=pk)
    call = calls.first()
    if call is None:
        raise Http404(_("没有已公开的评估结果"))
    return call


def call_results_page(request, pk):
    """Public: one call's published results, grade distribution and links to public PDFs."""
    call = _call(pk)
    evaluations = list(call_results(call, public=True))
    attach_hashes(published_version_of(e) for e in evaluations)
    distribution = grade_distribution(evaluations)
    return render(
        request,
        "reports/public/call.html",
        {
            "call": call,
            "evaluations": evaluations,
            "distribution": distribution,
            "chart": bar_chart(
                [(g, n, None) for g, n in distribution], title=_("等级分布"), unit=_("个")
            ),
        },
    )


def call_results_xlsx(request, pk):
    """Public: the same list as open data."""
    call = _call(pk)
    rows = [
        [
            e.project.name,
            e.project.organization.name,
            e.get_stage_display(),
            e.agency.name,
            e.total_score,
            e.grade,
            e.published_at.astimezone(timezone.get_current_timezone()).date().isoformat()
            if e.published_at
            else "",
        ]
        for e in call_results(call, public=True)
    ]
    header = [
        _("项目"),
        _("实施单位"),
        _("评估类型"),
        _("评估机构"),
        _("总分"),
        _("等级"),
        _("公开日期"),
    ]
    return _xlsx(fig.workbook([(_("评估结果"), header, rows)]), f"{call.title}-评估结果.xlsx")


def report_pdf(request, pk):
    """Public: the public version of a published performance report, and nothing else."""
    report = get_object_or_404(
        PerformanceReport.objects.select_related("published_version", "evaluation__project"), pk=pk
    )
    if report.state != ReportState.PUBLISHED or report.published_version is None:
        raise Http404(_("该报告尚未公开"))
    ensure_issued(report)  # registered after publication; again here if that step failed
    name = f"{report.evaluation.project.name}-绩效评价报告.pdf"
    response = serve_private(
        report.published_version.public_file, filename=name, content_type="application/pdf"
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response


def lottery(request, year):
    """Public: the yearly disclosure of welfare-lottery funded projects."""
    rows = fig.lottery_rows(year)
    if request.GET.get("format") == "xlsx":
        header = [str(label) for _key, label in fig.LOTTERY_HEADER]
        data = [[row[key] for key, _label in fig.LOTTERY_HEADER] for row in rows]
        return _xlsx(fig.workbook([(str(year), header, data)]), f"{year}年福彩公益金资助项目.xlsx")
    return render(
        request,
        "reports/public/lottery.html",
        {
            "year": year,
            "rows": rows,
            "header": fig.LOTTERY_HEADER,
            "totals": fig.lottery_totals(rows),
            "year_rule": pf.YEAR_RULE,
        },
    )


def figures_context(year, *, public):
    data = fig.figures(year, public=public)
    charts = {
        "by_year": bar_chart(
            [(y, t, None) for y, t, _n, _url in data["by_year"]],
            title=_("各年度资助金额"),
            amounts=True,
        ),
        "by_category": bar_chart(
            [(c, t, None) for c, t, _n, _url in data["by_category"]],
            title=_("按服务领域"),
            amounts=True,
        ),
        "by_region": bar_chart(
            [(c, t, None) for c, t, _n, _url in data["by_region"]], title=_("按地区"), amounts=True
        ),
        "by_kind": bar_chart(
            [(c, t, None) for c, t, _n, _url in data["by_kind"]],
            title=_("按组织类型"),
            amounts=True,
        ),
        "grades": bar_chart(
            [(g, n, None) for g, n in data["grades"]], title=_("评估等级分布"), unit=_("个")
        ),
        "incubation": bar_chart(
            [(k, n, None) for k, n in data["incubation"]], title=_("孵化成效"), unit=_("家")
        ),
    }
    return {"data": data, "charts": charts, "years": fig.years(), "year": year}


def figures_page(request):
    """Public: yearly figures with charts, the numbers beside them and a spreadsheet; the
    awards of each year per district and for the whole city."""
    year = _year(request)
    context = figures_context(year, public=True)
    context["districts"] = pf.by_district(year)
    if request.GET.get("format") == "xlsx":
        return _xlsx(fig.figures_workbook(context["data"]), f"资助数据-{year or '全部'}.xlsx")
    return render(request, "reports/public/figures.html", context)


def _year(request):
    value = request.GET.get("year", "")
    if value.isdecimal() and 2000 <= int(value) <= timezone.localdate().year + 1:
        return int(value)
    return None


@require_http_methods(["GET", "POST"])
def survey(request, token):
    """Public: a service user's answer with a survey code; refused to signed-in members of the
    evaluated organization."""
    survey = get_object_or_404(
        SatisfactionSurvey.objects.select_related("evaluation__project"), token=token
    )
    project = survey.evaluation.project
    if not survey.is_open:
        return render(
            request, "reports/public/survey_closed.html", {"project": project}, status=410
        )
    if is_evaluated_member(survey, request.user):
        return render(
            request,
            "reports/public/survey_refused.html",
            {
                "project": project,
                "message": _("您是被评估项目单位的成员，不能填写本项目的满意度调查。"),
            },
            status=403,
        )
    if request.method == "POST":
        form = SurveyForm(request.POST)
        if form.is_valid():
            try:
                check_guessing(request)
                answer_survey(
                    survey,
                    code=form.cleaned_data["code"],
                    answers=form.answers(),
                    comment=form.cleaned_data["comment"],
                    by=request.user,
                )
            except SurveyRefused as refused:
                if isinstance(refused, CodeRefused):
                    note_failure(request)
                form.add_error("code" if isinstance(refused, CodeRefused) else None, str(refused))
            else:
                return redirect("evaluations_public:survey_thanks", token=token)
    else:
        form = SurveyForm(initial={"code": normalize_code(request.GET.get("code", ""))[:8]})
    return render(
        request, "reports/public/survey.html", {"form": form, "project": project, "survey": survey}
    )


def survey_thanks(request, token):
    """Public."""
    survey = get_object_or_404(
        SatisfactionSurvey.objects.select_related("evaluation__project"), token=token
    )
    return render(
        request, "reports/public/survey_thanks.html", {"project": survey.evaluation.project}
    )
