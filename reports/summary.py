"""Figures over many evaluations: the grade distribution of a call and its summary PDF."""

from collections import Counter

from django.utils import timezone
from django.utils.translation import gettext as _

from core.pdf import render_pdf
from reports.charts import bar_chart
from reports.models import Evaluation
from reports.models.states import RESULT_STATES

GRADE_ORDER = ("优", "良", "中", "合格", "差", "不合格")


def grade_distribution(evaluations) -> list[tuple[str, int]]:
    counts = Counter(e.grade for e in evaluations if e.grade)
    ordered = [g for g in GRADE_ORDER if g in counts] + sorted(set(counts) - set(GRADE_ORDER))
    return [(grade, counts[grade]) for grade in ordered]


def call_results(call, *, public: bool):
    states = ("published",) if public else RESULT_STATES
    return (
        Evaluation.objects.filter(project__call=call, state__in=states)
        .select_related("project__organization", "agency", "report__published_version")
        .order_by("stage", "-total_score", "project__name")
    )


def render_call_summary(call) -> bytes:
    evaluations = list(call_results(call, public=False))
    distribution = grade_distribution(evaluations)
    return render_pdf(
        "pdf/evaluation_call_summary.html",
        {
            "title": _("%(call)s绩效评价结果汇总") % {"call": call.title},
            "call": call,
            "evaluations": evaluations,
            "distribution": distribution,
            "chart": bar_chart(
                [(g, n, None) for g, n in distribution], title=_("等级分布"), unit=_("个")
            ),
            "date": timezone.localdate(),
        },
    )
