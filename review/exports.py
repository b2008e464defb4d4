"""Spreadsheets and the ranking PDF for staff: score sheets (expert × criterion), ranking."""

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core.pdf import render_pdf
from core.spreadsheets import append_row, workbook_bytes
from review.models import AssignmentState, Score
from review.ranking import ranking

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _book(title, header, rows, *, plan) -> bytes:
    """First row: the review plan the figures were computed with (docs/domain.md §4); then the
    column header and the rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    append_row(sheet, [plan.statement()])
    append_row(sheet, header)
    for cell in (*sheet[1], *sheet[2]):
        cell.font = Font(bold=True)
    for row in rows:
        append_row(sheet, row)
    return workbook_bytes(book)


def score_sheet_xlsx(call) -> bytes:
    """One row per submitted score sheet: application, expert, points per criterion, total."""
    plan = call.review_plan
    criteria = list(plan.criteria.all())
    points = {}
    for score in Score.objects.filter(
        assignment__application__call=call, assignment__state=AssignmentState.SUBMITTED
    ).values("assignment", "criterion", "points"):
        points[(score["assignment"], score["criterion"])] = score["points"]
    from review.models import ReviewAssignment

    rows = []
    for a in (
        ReviewAssignment.objects.filter(application__call=call, state=AssignmentState.SUBMITTED)
        .select_related("application__organization", "expert__user")
        .order_by("application__pk", "expert__user__real_name")
    ):
        rows.append(
            [
                a.application.pk,
                a.application.project_name,
                a.application.organization.name,
                str(a.expert),
                *[points.get((a.pk, c.pk)) for c in criteria],
                a.total,
                a.opinion,
            ]
        )
    header = [
        _("申报书编号"),
        _("项目名称"),
        _("申报单位"),
        _("评审专家"),
        *[f"{c.name}（{c.max_points.normalize():f}）" for c in criteria],
        _("总分"),
        _("总体评审意见"),
    ]
    return _book(_("评分明细"), header, rows, plan=plan)


def ranking_rows(call):
    lines = {line.application_id: line for line in call.recommendation_lines.all()}
    result = []
    for row in ranking(call):
        line = lines.get(row.application.pk)
        result.append({"row": row, "line": line})
    return result


def ranking_xlsx(call) -> bytes:
    header = [
        _("排名"),
        _("项目名称"),
        _("申报单位"),
        _("服务领域"),
        _("有效评分数"),
        _("最终得分"),
        _("平均分（不去分）"),
        _("最高分"),
        _("最低分"),
        _("标准分（z）"),
        _("申请金额（元）"),
        _("拟资助金额（元）"),
        _("状态"),
    ]
    rows = []
    for item in ranking_rows(call):
        row, line = item["row"], item["line"]
        a = row.application
        rows.append(
            [
                row.position,
                a.project_name,
                a.organization_name,
                a.category_name or "",
                row.count,
                float(row.final) if row.final is not None else None,
                float(row.plain) if row.plain is not None else None,
                float(row.highest) if row.highest is not None else None,
                float(row.lowest) if row.lowest is not None else None,
                round(row.z, 3) if row.z is not None else None,
                a.amount_requested,  # Decimal: a number shown 120,000.00 (core.spreadsheets)
                line.amount if line else None,
                str(a.get_state_display()),
            ]
        )
    return _book(_("评审排名"), header, rows, plan=call.review_plan)


def ranking_pdf(call) -> bytes:
    return render_pdf(
        "review/pdf/ranking.html",
        {
            "call": call,
            "plan": call.review_plan,
            "items": ranking_rows(call),
            "title": _("%(title)s评审排名") % {"title": call.title},
            "generated": timezone.localtime(),
        },
    )
