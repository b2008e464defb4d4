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
from django.db.models.functions import Coalesce
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
}


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

    `filters` are directory parameters: call, category, kind, state, region (a region code;
    the project's place and every place within it).
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
    source = {"region": "application__region_code", **FILTERS}[field]
    rows = (
        counted(year)
        .values(source)
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
