"""Working days on China's official calendar, with 调休 (moved holidays, make-up working weekends).

A 公示 of "5 working days" is counted on the State Council's yearly holiday arrangement. For each
year the first source that has it answers:

1. the arrangement an administrator entered in the back office (`core.models.HolidayArrangement`),
   from the notice the State Council publishes each November: listed days are 休 or 班, the rest
   follow Monday–Friday;
2. the ``chinese-calendar`` package's data (2004 to the last year it was released for);
3. no data: a fallback that needs none — Monday to Friday, minus the statutory days of the
   holiday law (全国年节及纪念日放假办法: 元旦, 农历除夕 and 春节 1–3, 清明, 5月1–2日, 端午, 中秋,
   10月1–3日), dated by the ``holidays`` package (lunar dates; ``observed=False``: no 补休 guessed).

The fallback can still be wrong (the 调休 and the 补休 of statutory days falling on a weekend are
only known from the notice), so a WARNING is logged once per year, ``is_covered`` /
``uncovered_years`` tell callers, and a 公示 counted on it needs a staff confirmation
(`review.publication`).
"""

import datetime
import functools
import logging

import chinese_calendar
import holidays
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("core.workdays")

UNCOVERED_NOTICE = _("该年度节假日安排尚未录入，按周一至周五（扣除法定节假日）推算，请人工核对")

# The library's own range check: the years present in its holiday table.
FIRST_YEAR = min(chinese_calendar.holidays).year
LAST_YEAR = max(chinese_calendar.holidays).year

ONE_DAY = datetime.timedelta(days=1)
CACHE_KEY = "core.workdays.arrangements"


def _check(d) -> datetime.date:
    # A datetime's calendar date depends on its time zone; callers convert to Beijing time first.
    if isinstance(d, datetime.datetime) or not isinstance(d, datetime.date):
        raise TypeError(f"expected a datetime.date, got {type(d).__name__}")
    return d


# --- Administrator-entered arrangements (cached; `forget_arrangements` on every change) ---------


def arrangements() -> dict[int, dict[datetime.date, bool]]:
    """{year: {date: is working day}} of the arrangements entered in the back office."""
    table = cache.get(CACHE_KEY)
    if table is None:
        from core.models import DayKind, HolidayArrangementDay

        table = {}
        rows = HolidayArrangementDay.objects.values_list("arrangement__year", "date", "kind")
        for year, day, kind in rows:
            table.setdefault(year, {})[day] = kind == DayKind.WORK
        cache.set(CACHE_KEY, table, None)
    return table


def forget_arrangements() -> None:
    """Drop the cached arrangements now and again once the change is committed (a reader in
    between may have cached the old rows)."""
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))


# --- Which source answers for a year ------------------------------------------------------------

ARRANGEMENT, LIBRARY, FALLBACK = "arrangement", "library", "fallback"


def source(year: int, table=None) -> str:
    if year in (arrangements() if table is None else table):
        return ARRANGEMENT
    if FIRST_YEAR <= year <= LAST_YEAR:
        return LIBRARY
    return FALLBACK


def is_covered(d: datetime.date) -> bool:
    """Whether the official holiday arrangement for ``d``'s year is known."""
    return source(_check(d).year) != FALLBACK


calendar_covers = is_covered


def uncovered_years(start: datetime.date, end: datetime.date) -> list[int]:
    """The years from ``start`` to ``end`` whose arrangement is not known (empty: all known)."""
    table = arrangements()
    years = range(_check(start).year, _check(end).year + 1)
    return [year for year in years if source(year, table) == FALLBACK]


@functools.cache
def statutory_days(year: int) -> frozenset[datetime.date]:
    """The holiday law's days off in ``year`` (no 补休, no 调休): what any arrangement keeps."""
    return frozenset(holidays.China(years=year, observed=False))


@functools.cache
def _warn_uncovered(year: int) -> None:
    logger.warning(
        "No official holiday arrangement for %s (none entered, chinese-calendar %s ends in %s): "
        "counting Monday-Friday minus the statutory days; 调休 and 补休 are unknown",
        year,
        chinese_calendar.__version__,
        LAST_YEAR,
    )


def _is_working(d: datetime.date, table) -> bool:
    kind = source(d.year, table)
    if kind == ARRANGEMENT:
        listed = table[d.year].get(d)
        return d.weekday() < 5 if listed is None else listed
    if kind == LIBRARY:
        return chinese_calendar.is_workday(d)
    _warn_uncovered(d.year)
    return d.weekday() < 5 and d not in statutory_days(d.year)


def is_working_day(d: datetime.date) -> bool:
    """Whether ``d`` is a working day (entered arrangement, library, or the documented fallback)."""
    return _is_working(_check(d), arrangements())


def _next_working_day(d: datetime.date, table) -> datetime.date:
    while not _is_working(d, table):
        d += ONE_DAY
    return d


def next_working_day(d: datetime.date) -> datetime.date:
    """``d`` itself if it is a working day, else the first working day after it."""
    return _next_working_day(_check(d), arrangements())


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    """The n-th working day after ``start`` (``start`` itself is never counted); n >= 1."""
    if n < 1:
        raise ValueError("n must be at least 1")
    d = _check(start)
    table = arrangements()
    for _i in range(n):
        d = _next_working_day(d + ONE_DAY, table)
    return d


def working_day_span(start: datetime.date, n: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of a period of n working days (e.g. a 公示) beginning on ``start``.

    The period begins on ``start`` if it is a working day, else on the next working day.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    first = next_working_day(_check(start))
    last = add_working_days(first, n - 1) if n > 1 else first
    return first, last


def working_days_between(a: datetime.date, b: datetime.date) -> int:
    """Number of working days from ``a`` to ``b``, both included; 0 if ``b`` is before ``a``."""
    _check(a)
    _check(b)
    table = arrangements()
    return sum(_is_working(a + ONE_DAY * i, table) for i in range((b - a).days + 1))
