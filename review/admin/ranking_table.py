"""The ranking table of the 评审工作台, one page at a time.

The whole ranking is computed (ranks are global, ties look at neighbours; `review.ranking` costs
about the hand-written SQL aggregate), then a search narrows it and one page of rows is shown
with its recommendation lines. Queries do not grow with the number of applications.
"""

from django.core.paginator import Paginator

from review.ranking import ranking

PER_PAGE = 50
QUERY_MAX = 100  # characters of the search kept


def matches(row, query: str) -> bool:
    """The search: part of the project or organization name, or the application number."""
    a = row.application
    return query == str(a.pk) or query in a.project_name or query in a.organization_name


def ranking_page(call, params) -> dict:
    """{"page", "items", "query", "found", "ranked"} for the workbench (`found` rows match the
    search of `ranked` in all); `params` is the request's GET.

    `items` are {"row": RankRow, "line": RecommendationLine or None} of the shown page only."""
    query = (params.get("q") or "").strip()[:QUERY_MAX]
    rows = everything = ranking(call)
    if query:
        rows = [row for row in everything if matches(row, query)]
    page = Paginator(rows, PER_PAGE).get_page(params.get("page"))
    shown = [row.application.pk for row in page]
    lines = {
        line.application_id: line
        for line in call.recommendation_lines.filter(application_id__in=shown)
    }
    return {
        "page": page,
        "items": [{"row": row, "line": lines.get(row.application.pk)} for row in page],
        "query": query,
        "found": len(rows),
        "ranked": len(everything),
    }
