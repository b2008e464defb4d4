"""Public figures about funded projects: one function per figure, each returning the value and
the public list it counts — the project directory (`/projects/`) filtered to exactly those
projects — so a figure printed anywhere (home page, statistics, disclosure) equals the length or
the sum of the list its link opens.

年度 is the award year (立项年份): the year, in Beijing time, of the published 立项结果 of the
project's call, or of the project record's creation (立项时间) for a project born without a 公示
result. Every funded project counts from its award on, whatever its state since (待签约, 已终止
…), as the 立项结果 published it. `docs/decisions.md` ("年度 is the award year").
"""

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce, ExtractYear, Substr
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from projects.models import FundedProject

# Printed under every figure that counts by year, so "年度" means one thing on every page.
YEAR_RULE = _("年度按立项年份（立项结果发布时间，北京时间）计。")

# Directory query parameters → the field each filters, so a figure's link and its queryset
# cannot drift apart.
FILTERS = {
    "call": "call_id",
    "category": "application__category__name",
    "kind": "organization__kind",
    "state": "state",
    "department": "call__department_id",
}
# The region the purchasing department (购买主体) serves: `area` keeps every department whose 辖区
# lies within it (`orgs.public_departments`); `region` is the project's own place (实施地).
AREA_FIELD = "call__department__jurisdiction_code"


@dataclass(frozen=True)
class Figure:
    value: int | Decimal
    url: str


def listed_projects():
    """Every funded project with its award time (`awarded_at`), as the directory lists them."""
    return FundedProject.objects.annotate(
        awarded_at=Coalesce("call__publicity__result_published_at", "created_at")
    )


def counted(year: int | None = None, **filters):
    """The projects a figure for `year` (None: every year) and `filters` counts.

    `filters` are directory parameters: call, category, kind, state, department (the call's
    purchasing department), region (a region code; the project's place and every place within
    it), area (a region code; the purchasing department's 辖区 lies within it).
    """
    from core import regions

    projects = listed_projects()
    if year:
        projects = projects.filter(awarded_at__year=year)
    for key, value in filters.items():
        if value in (None, ""):
            continue
        if key == "region":
            projects = projects.filter(application__region_code__startswith=regions.prefix(value))
        elif key == "area":
            projects = projects.filter(**{f"{AREA_FIELD}__startswith": regions.prefix(value)})
        else:
            projects = projects.filter(**{FILTERS[key]: value})
    return projects


def list_url(year: int | None = None, **filters) -> str:
    """The public directory filtered to what `counted(year, **filters)` returns."""
    query = {
        k: v for k, v in (("year", year or ""), *sorted(filters.items())) if v not in ("", None)
    }
    url = reverse("projects_public:directory")
    return f"{url}?{urlencode(query)}" if query else url


def award_years() -> list[int]:
    """Years with at least one award, newest first."""
    return sorted(
        {d.year for d in _local(listed_projects().values_list("awarded_at", flat=True))},
        reverse=True,
    )


def _local(datetimes):
    from django.utils import timezone

    return (timezone.localtime(d) for d in datetimes if d)


def project_count(year: int | None = None, **filters) -> Figure:
    """立项项目数."""
    return Figure(counted(year, **filters).count(), list_url(year, **filters))


def award_total(year: int | None = None, **filters) -> Figure:
    """资助金额 (元): the awarded amounts, as the 立项结果 published them."""
    total = counted(year, **filters).aggregate(s=Sum("amount"))["s"] or Decimal("0.00")
    return Figure(total, list_url(year, **filters))


def count_and_total(year: int | None = None, **filters) -> tuple[Figure, Figure]:
    """`project_count` and `award_total` in one query (the home page shows both)."""
    found = counted(year, **filters).aggregate(n=Count("pk"), s=Sum("amount"))
    url = list_url(year, **filters)
    return Figure(found["n"], url), Figure(found["s"] or Decimal("0.00"), url)


def organization_count(year: int | None = None, **filters) -> Figure:
    """资助组织数: the distinct 承接单位 of the same list."""
    n = counted(year, **filters).values("organization").distinct().count()
    return Figure(n, list_url(year, **filters))


def breakdown(field: str, year: int | None = None) -> list[dict]:
    """Rows {key, total, n, url} of the projects of `year` grouped by a directory filter
    (category, kind, region), largest amount first; each row links to its own list."""
    projects = counted(year)
    if field == "region":
        # By county: a 街道's projects count in their 区, as the region filter the row links to
        # keeps every place within the code (440305 lists 440305001 too).
        projects = projects.annotate(county=Substr("application__region_code", 1, 6))
        source = "county"
    else:
        source = FILTERS[field]
    rows = (
        projects.values(source)
        .annotate(total=Sum("amount"), n=Count("pk"))
        .order_by("-total", source)
    )
    return [
        {
            "key": r[source],
            "total": r["total"],
            "n": r["n"],
            "url": list_url(year, **{field: r[source]}) if r[source] else "",
        }
        for r in rows
    ]


def by_year() -> list[dict]:
    """Rows {year, total, n, url}, oldest year first."""
    rows = []
    for year in sorted(award_years()):
        count, total = project_count(year), award_total(year)
        rows.append({"year": year, "total": total.value, "n": count.value, "url": count.url})
    return rows


def district_of(code: str) -> str:
    """The county (区县) a department's 辖区 lies in: 440305 for 南山区 and for its 街道
    440305001; "" for a city-level (市本级) or wider department, or one without a 辖区."""
    from core import regions

    county = (code or "")[:6]
    return county if len(county) == 6 and len(regions.prefix(county)) == 6 else ""


def by_district(year: int | None = None) -> list[dict]:
    """The awards of each year (newest first; only `year` when given) per district: one row per
    county whose departments bought (a district bureau with its street offices), one per
    city-level department (市本级 …), each with the directory link listing exactly its projects,
    and the city total (合计) — the sum of the rows, linking to the year's whole list. One query.

    `[{"year", "rows": [{"label", "n", "total", "url"}], "n", "total", "url"}]`
    """
    from core import regions

    projects = listed_projects()
    if year:
        projects = projects.filter(awarded_at__year=year)
    found = (
        projects.annotate(y=ExtractYear("awarded_at"))
        .values("y", "call__department", "call__department__name", AREA_FIELD)
        .annotate(n=Count("pk"), total=Sum("amount"))
        .order_by()
    )
    tables: dict[int, dict] = {}
    for row in found:
        y = row["y"]
        table = tables.setdefault(y, {"year": y, "rows": {}})
        county = district_of(row[AREA_FIELD])
        if county:
            key, label, url = ("area", county), regions.name(county), list_url(y, area=county)
        else:
            pk = row["call__department"]
            key, label = ("department", pk), row["call__department__name"]
            url = list_url(y, department=pk)
        line = table["rows"].setdefault(
            key, {"code": county, "label": label, "n": 0, "total": Decimal("0.00"), "url": url}
        )
        line["n"] += row["n"]
        line["total"] += row["total"] or Decimal("0.00")
    result = []
    for y in sorted(tables, reverse=True):
        # Districts in code order, then the city-level departments by name.
        rows = sorted(
            tables[y]["rows"].values(), key=lambda r: (not r["code"], r["code"], r["label"])
        )
        result.append(
            {
                "year": y,
                "rows": rows,
                "n": sum(r["n"] for r in rows),
                "total": sum((r["total"] for r in rows), Decimal("0.00")),
                "url": list_url(y),
            }
        )
    return result
