"""Yearly figures for the public page and the staff dashboard, and the spreadsheets behind them.

Public figures count only what is public anyway: funded projects (amounts are published in
award lists) and grades of published evaluations. The staff dashboard also counts accepted,
not yet published results.
"""

from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from core import regions
from projects import figures as pf
from projects.figures import award_years
from reports.models import Evaluation
from reports.models.states import RESULT_STATES
from reports.summary import grade_distribution


def years() -> list[int]:
    return award_years()


def grades(year: int | None, *, public: bool, user=None) -> list[tuple[str, int]]:
    """The grade distribution of published results (with `public`) or of every accepted one,
    among the evaluations `user`'s departments see (`core.scoping`; everyone's without a user)."""
    evaluations = Evaluation.objects.for_user(user).filter(
        state__in=("published",) if public else RESULT_STATES
    )
    if year:
        evaluations = evaluations.filter(project__in=pf.counted(year))
    return grade_distribution(evaluations.only("grade"))


def figures(year: int | None, *, public: bool) -> dict:
    """Every figure of the statistics page; funded-project figures come from
    `projects.figures` (award year, each row with the URL of the list it counts)."""
    from orgs.models import OrgKind
    from orgs.models.incubation import Incubation

    kinds = dict(OrgKind.choices)
    count, amount = pf.project_count(year), pf.award_total(year)
    organizations = pf.organization_count(year)
    incubations = Incubation.objects.all()
    if year:
        incubations = incubations.filter(admitted_on__year=year)
    incubation_counts = Counter(incubations.values_list("state", flat=True))
    return {
        "year": year,
        "year_rule": pf.YEAR_RULE,
        "by_year": [(str(r["year"]), r["total"], r["n"], r["url"]) for r in pf.by_year()],
        "by_category": [
            (r["key"] or _("未分类"), r["total"], r["n"], r["url"])
            for r in pf.breakdown("category", year)
        ],
        "by_region": [
            (regions.full_name(r["key"]) or _("未填写"), r["total"], r["n"], r["url"])
            for r in pf.breakdown("region", year)
        ],
        "by_kind": [
            (str(kinds.get(r["key"], r["key"])), r["total"], r["n"], r["url"])
            for r in pf.breakdown("kind", year)
        ],
        "organizations": organizations.value,
        "projects": count.value,
        "amount": amount.value,
        "list_url": count.url,
        "grades": grades(year, public=public),
        "incubation": [
            (
                _("入驻"),
                sum(
                    incubation_counts.get(s, 0)
                    for s in (
                        "admitted",
                        "incubating",
                        "midterm",
                        "final",
                        "extended",
                        "graduated",
                        "exited",
                    )
                ),
            ),
            (_("已出壳"), incubation_counts.get("graduated", 0)),
            (_("已退出"), incubation_counts.get("exited", 0)),
        ],
    }


def workbook(sheets: list[tuple[str, list[str], list[list]]]) -> bytes:
    """An .xlsx with one sheet per (title, header, rows)."""
    from openpyxl import Workbook

    from core.spreadsheets import append_row, workbook_bytes

    book = Workbook()
    book.remove(book.active)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title[:31])
        append_row(sheet, header)
        for row in rows:
            append_row(sheet, row)
    return workbook_bytes(book)


def figures_workbook(data: dict) -> bytes:
    money = [_("名称"), _("金额（元）"), _("项目数")]
    return workbook(
        [
            (_("按年度"), money, [list(r[:3]) for r in data["by_year"]]),
            (_("按服务领域"), money, [list(r[:3]) for r in data["by_category"]]),
            (_("按地区"), money, [list(r[:3]) for r in data["by_region"]]),
            (_("按组织类型"), money, [list(r[:3]) for r in data["by_kind"]]),
            (_("评估等级"), [_("等级"), _("项目数")], [list(r) for r in data["grades"]]),
            (_("孵化"), [_("项目"), _("数量")], [list(r) for r in data["incubation"]]),
        ]
    )


def lottery_rows(year: int) -> list[dict]:
    """Projects funded from the welfare-lottery fund and awarded in `year` (the award year of
    `projects.figures`; docs/domain.md §10)."""
    projects = (
        pf.counted(year)
        .filter(call__evaluation_settings__lottery_funded=True)
        .select_related("organization", "call__evaluation_settings", "application")
        .annotate(paid=Sum("tranches__amount", filter=_paid_filter()))
        .order_by("call_id", "name")
    )
    grades = defaultdict(str)
    for e in Evaluation.objects.filter(project__in=projects, state="published").order_by("stage"):
        grades[e.project_id] = f"{e.get_stage_display()}：{e.grade}（{e.total_score}）"
    rows = []
    for p in projects:
        paid = p.paid or Decimal("0.00")
        settings = p.call.evaluation_settings
        rows.append(
            {
                "name": p.name,
                "organization": p.organization.name,
                "content": p.public_summary,
                # The spreadsheet's column (an export: ISO days); the page prints its own.
                "period": f"{p.starts_on or ''}—{p.ends_on or ''}",
                "starts_on": p.starts_on,
                "ends_on": p.ends_on,
                "planned": p.amount,
                "paid": paid,
                "left": p.amount - paid,
                "lead": settings.lead_office,
                "contact": f"{settings.contact_office} {settings.contact_phone}".strip(),
                "outputs": p.activities_plan,
                "performance": grades[p.pk] or _("尚未公开评估结果"),
            }
        )
    return rows


def lottery_totals(rows: list[dict]) -> dict:
    """The disclosure's totals: the number of its rows and the sums of their money columns."""
    return {
        "n": len(rows),
        **{
            key: sum((r[key] for r in rows), Decimal("0.00")) for key in ("planned", "paid", "left")
        },
    }


def _paid_filter():
    from django.db.models import Q

    return Q(tranches__state="paid")


LOTTERY_HEADER = (
    ("name", _l("项目名称")),
    ("organization", _l("实施单位")),
    ("content", _l("项目内容")),
    ("period", _l("实施期限")),
    ("planned", _l("计划金额（元）")),
    ("paid", _l("已拨付（元）")),
    ("left", _l("结余（元）")),
    ("lead", _l("牵头处室")),
    ("contact", _l("联系处室及电话")),
    ("outputs", _l("产出")),
    ("performance", _l("绩效目标完成情况")),
)
