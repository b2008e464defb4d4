"""The staff picture of the demand library: needs by category and by region, and what became of
them — answered (已满足), open (公开或已纳入征集), open without an answer for longer than a set
number of days, and not taken up (不予采纳 / 已关闭)."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import regions
from needs.models import Need, NeedState, ServiceCategory
from needs.models.states import OPEN_STATES

DEFAULT_STALE_DAYS = 90


@dataclass
class Row:
    key: str
    label: str
    total: int = 0
    submitted: int = 0
    open: int = 0
    stale: int = 0
    in_call: int = 0
    answered: int = 0
    not_taken: int = 0
    interested: int = 0

    @property
    def answered_share(self) -> str:
        return f"{self.answered * 100 // self.total}%" if self.total else "—"


@dataclass
class Picture:
    stale_days: int
    by_category: list[Row] = field(default_factory=list)
    by_region: list[Row] = field(default_factory=list)
    totals: Row = field(default_factory=lambda: Row("", ""))


COLUMNS = [
    ("total", _("需求总数")),
    ("submitted", _("待审核")),
    ("open", _("公开待满足")),
    ("stale", _("超期未满足")),
    ("in_call", _("已纳入征集")),
    ("answered", _("已满足")),
    ("not_taken", _("不予采纳或已关闭")),
    ("interested", _("有组织表达意向")),
]


def _count(row: Row, need, stale_before) -> None:
    row.total += 1
    if need.state in (NeedState.SUBMITTED, NeedState.RETURNED):
        row.submitted += 1
    if need.state in OPEN_STATES:
        row.open += 1
        if need.published_at and need.published_at < stale_before:
            row.stale += 1
    if need.state == NeedState.IN_CALL:
        row.in_call += 1
    if need.state == NeedState.SATISFIED:
        row.answered += 1
    if need.state in (NeedState.REJECTED, NeedState.CLOSED):
        row.not_taken += 1
    if need.interest_count:
        row.interested += 1


def picture(stale_days: int = DEFAULT_STALE_DAYS, now=None, *, user=None) -> Picture:
    """Counts over every need handed in (drafts are the owner's own and not counted); with
    `user`, over the needs of the departments they see (`Need.objects.for_user`)."""
    from django.db.models import Count

    now = now or timezone.now()
    stale_before = now - timedelta(days=stale_days)
    needs = (
        Need.objects.for_user(user)
        .exclude(state=NeedState.DRAFT)
        .annotate(interest_count=Count("interests"))
        .only("state", "category", "region_code", "published_at")
        .order_by()
    )
    labels = dict(ServiceCategory.choices)
    categories: dict[str, Row] = {}
    by_region: dict[str, Row] = {}
    result = Picture(stale_days=stale_days)
    result.totals = Row("", str(_("合计")))
    for need in needs:
        category = categories.setdefault(
            need.category, Row(need.category, str(labels.get(need.category, need.category)))
        )
        # By county, as before streets were picked: a street's need counts in its county.
        county = regions.county_of(need.region_code)
        region = by_region.get(county)
        if region is None:
            region = by_region[county] = Row(county, regions.full_name(county))
        for row in (category, region, result.totals):
            _count(row, need, stale_before)
    order = {value: i for i, value in enumerate(labels)}
    result.by_category = sorted(categories.values(), key=lambda r: order.get(r.key, 99))
    result.by_region = sorted(by_region.values(), key=lambda r: r.key)
    return result


def xlsx_bytes(pic: Picture) -> bytes:
    """The picture as a workbook: one sheet by category, one by region."""
    from openpyxl import Workbook

    from core.spreadsheets import append_row, workbook_bytes

    book = Workbook()
    sheets = (
        (_("按服务领域"), _("服务领域"), pic.by_category),
        (_("按地区"), _("地区"), pic.by_region),
    )
    for index, (title, first, rows) in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = str(title)
        append_row(sheet, [str(first), *[str(label) for _key, label in COLUMNS]])
        for row in [*rows, pic.totals]:
            append_row(sheet, [row.label, *[getattr(row, key) for key, _label in COLUMNS]])
        append_row(sheet, [])
        append_row(
            sheet, [str(_("超期未满足：公开超过%(days)d天仍未满足") % {"days": pic.stale_days})]
        )
    return workbook_bytes(book)
