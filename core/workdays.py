"""Working days on China's official calendar, with 调休 (moved holidays, make-up working weekends).

A 公示 of "5 working days" is counted on the State Council's yearly holiday arrangement, which the
``chinese-calendar`` package carries as data (2004 to the last year it was released for). Outside
that range the library raises ``NotImplementedError``; this module then falls back to a rule that
needs no data:

* Monday to Friday are working days, Saturday and Sunday are not;
* except the holidays fixed on solar dates: 元旦 (1 January), 劳动节 (1 May), 国庆 (1–3 October).

The lunar holidays (春节, 清明, 端午, 中秋) and every 调休 cannot be known before the State Council
publishes them, so a fallback answer may be wrong. A WARNING is logged on "core.workdays" once per
year, and ``calendar_covers`` lets pages show ``UNCOVERED_NOTICE`` next to any date it computes.
Upgrade ``chinese-calendar`` when a new arrangement is published (usually in November).
"""

import datetime
import functools
import logging

import chinese_calendar
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("core.workdays")

UNCOVERED_NOTICE = _("该年度法定节假日安排尚未发布，按周一至周五计算，请人工核对")

# The library's own range check: the years present in its holiday table.
FIRST_YEAR = min(chinese_calendar.holidays).year
LAST_YEAR = max(chinese_calendar.holidays).year
FIXED_HOLIDAYS = {(1, 1), (5, 1), (10, 1), (10, 2), (10, 3)}  # (month, day)

ONE_DAY = datetime.timedelta(days=1)


def _check(d) -> datetime.date:
    # A datetime's calendar date depends on its time zone; callers convert to Beijing time first.
    if isinstance(d, datetime.datetime) or not isinstance(d, datetime.date):
        raise TypeError(f"expected a datetime.date, got {type(d).__name__}")
    return d


def calendar_covers(d: datetime.date) -> bool:
    """Whether the official holiday arrangement for ``d``'s year is known."""
    return FIRST_YEAR <= _check(d).year <= LAST_YEAR


@functools.cache
def _warn_uncovered(year: int) -> None:
    logger.warning(
        "No official holiday arrangement for %s in chinese-calendar %s: "
        "counting Monday-Friday minus 1 Jan, 1 May and 1-3 Oct; lunar holidays are ignored",
        year,
        chinese_calendar.__version__,
    )


def is_working_day(d: datetime.date) -> bool:
    """Whether ``d`` is a working day (official calendar, or the documented fallback)."""
    if calendar_covers(d):
        return chinese_calendar.is_workday(d)
    _warn_uncovered(d.year)
    return d.weekday() < 5 and (d.month, d.day) not in FIXED_HOLIDAYS


def next_working_day(d: datetime.date) -> datetime.date:
    """``d`` itself if it is a working day, else the first working day after it."""
    while not is_working_day(d):
        d += ONE_DAY
    return d


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    """The n-th working day after ``start`` (``start`` itself is never counted); n >= 1."""
    if n < 1:
        raise ValueError("n must be at least 1")
    d = _check(start)
    for _i in range(n):
        d = next_working_day(d + ONE_DAY)
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
    return sum(is_working_day(a + ONE_DAY * i) for i in range((b - a).days + 1))
