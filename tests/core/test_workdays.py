"""Tests for core.workdays: the official calendar with 调休, and the fallback for unknown years."""

import logging
from datetime import date, datetime, timedelta

import chinese_calendar
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from core import workdays
from core.workdays import (
    add_working_days,
    calendar_covers,
    is_working_day,
    working_day_span,
    working_days_between,
)

# Administrator-entered arrangements are read from the database (none here).
pytestmark = pytest.mark.django_db

ONE_DAY = timedelta(days=1)
UNCOVERED_YEAR = 2099


def days(first: date, last: date) -> list[date]:
    return [first + ONE_DAY * i for i in range((last - first).days + 1)]


# --- fixed examples on the official calendar -----------------------------------------


def test_is_working_day_national_day_2024():
    assert all(not is_working_day(d) for d in days(date(2024, 10, 1), date(2024, 10, 7)))
    assert is_working_day(date(2024, 9, 29))  # Sunday, make-up working day
    assert is_working_day(date(2024, 10, 12))  # Saturday, make-up working day
    assert not is_working_day(date(2024, 9, 28))  # an ordinary Saturday
    assert is_working_day(date(2024, 10, 8))


def test_is_working_day_spring_festival_2025():
    assert all(not is_working_day(d) for d in days(date(2025, 1, 28), date(2025, 2, 4)))
    assert is_working_day(date(2025, 1, 26))  # Sunday, make-up working day
    assert is_working_day(date(2025, 2, 8))  # Saturday, make-up working day
    assert not is_working_day(date(2025, 1, 25))
    assert is_working_day(date(2025, 2, 5))


def test_is_working_day_agrees_with_library_for_a_whole_year():
    for d in days(date(2025, 1, 1), date(2025, 12, 31)):
        assert is_working_day(d) == chinese_calendar.is_workday(d), d


def test_working_day_span_five_days_over_national_day_2024():
    # 9-27 Fri (1), 9-28 Sat off, 9-29 Sun make-up (2), 9-30 (3), 10-1..10-7 off, 10-8 (4), 10-9 (5)
    assert working_day_span(date(2024, 9, 27), 5) == (date(2024, 9, 27), date(2024, 10, 9))


def test_working_day_span_seven_days_over_spring_festival_2025():
    # 1-24 Fri (1), 1-25 Sat off, 1-26 Sun make-up (2), 1-27 (3), 1-28..2-4 off,
    # 2-5 (4), 2-6 (5), 2-7 (6), 2-8 Sat make-up (7)
    assert working_day_span(date(2025, 1, 24), 7) == (date(2025, 1, 24), date(2025, 2, 8))


def test_working_day_span_starting_on_a_holiday_begins_on_next_working_day():
    assert working_day_span(date(2024, 10, 1), 1) == (date(2024, 10, 8), date(2024, 10, 8))
    assert working_day_span(date(2024, 10, 1), 5) == (date(2024, 10, 8), date(2024, 10, 12))


def test_add_working_days_skips_holidays_and_counts_make_up_days():
    assert add_working_days(date(2024, 9, 27), 1) == date(2024, 9, 29)
    assert add_working_days(date(2024, 9, 30), 1) == date(2024, 10, 8)
    assert add_working_days(date(2024, 10, 1), 5) == date(2024, 10, 12)


def test_working_days_between_counts_both_ends():
    assert working_days_between(date(2024, 9, 27), date(2024, 10, 9)) == 5
    assert working_days_between(date(2024, 10, 1), date(2024, 10, 7)) == 0
    assert working_days_between(date(2024, 10, 8), date(2024, 10, 8)) == 1
    assert working_days_between(date(2024, 10, 9), date(2024, 10, 8)) == 0


def test_add_working_days_rejects_n_below_one():
    with pytest.raises(ValueError):
        add_working_days(date(2024, 9, 27), 0)
    with pytest.raises(ValueError):
        working_day_span(date(2024, 9, 27), 0)


def test_is_working_day_rejects_datetimes():
    with pytest.raises(TypeError):
        is_working_day(datetime(2024, 10, 8, 9, 0))


# --- years the library does not cover --------------------------------------------------


def test_calendar_covers_matches_library_range():
    assert calendar_covers(date(workdays.FIRST_YEAR, 1, 1))
    assert calendar_covers(date(workdays.LAST_YEAR, 12, 31))
    assert not calendar_covers(date(workdays.LAST_YEAR + 1, 1, 1))
    assert not calendar_covers(date(workdays.FIRST_YEAR - 1, 12, 31))
    assert not calendar_covers(date(UNCOVERED_YEAR, 6, 1))
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(workdays.LAST_YEAR + 1, 1, 4))


def test_is_working_day_fallback_is_monday_to_friday_minus_statutory_days():
    week = days(date(2099, 6, 1), date(2099, 6, 7))  # Monday to Sunday
    assert [is_working_day(d) for d in week] == [True] * 5 + [False] * 2
    assert not is_working_day(date(2099, 1, 1))  # 元旦, a Thursday
    assert not is_working_day(date(2099, 5, 1))  # 劳动节, a Friday
    assert not is_working_day(date(2099, 10, 1))  # 国庆, Thursday
    assert not is_working_day(date(2099, 10, 2))  # Friday
    assert is_working_day(date(2099, 5, 4))  # no data for the rest of the May holiday
    assert is_working_day(date(2099, 10, 5))  # nor for 10-4..10-7
    assert not is_working_day(date(2003, 10, 1))  # before the library's range too


def test_fallback_keeps_may_second_and_the_lunar_statutory_days():
    # Issue 18.9: the old fallback forgot 5月2日 (statutory since the 2024 revision of the law).
    assert date(2030, 5, 2).weekday() == 3 and not is_working_day(date(2030, 5, 2))
    # 2027: 除夕 Friday 5 February, 春节 6–8 February; 清明 5 April; 端午 9 June; 中秋 15 Sept.
    for d in (date(2027, 2, 5), date(2027, 2, 8), date(2027, 4, 5), date(2027, 6, 9)):
        assert not is_working_day(d), d
    assert not is_working_day(date(2027, 9, 15))
    assert is_working_day(date(2027, 2, 9))  # a 补休 is only known from the notice: not guessed


def test_working_day_span_in_fallback_year():
    # 9-30 Wed (1), 10-1 Thu and 10-2 Fri off, weekend, 10-5 (2), 10-6 (3), 10-7 (4), 10-8 (5)
    assert working_day_span(date(2099, 9, 30), 5) == (date(2099, 9, 30), date(2099, 10, 8))


def test_working_day_span_crossing_into_uncovered_year():
    last_covered = date(workdays.LAST_YEAR, 12, 31)
    first, last = working_day_span(last_covered - 2 * ONE_DAY, 10)
    assert last.year == workdays.LAST_YEAR + 1
    assert working_days_between(first, last) == 10


def test_is_working_day_fallback_warns_once_per_year(caplog):
    workdays._warn_uncovered.cache_clear()
    with caplog.at_level(logging.WARNING, logger="core.workdays"):
        for d in days(date(2099, 3, 1), date(2099, 3, 31)):
            is_working_day(d)
        is_working_day(date(2098, 3, 2))
        is_working_day(date(2025, 3, 3))
    messages = [r.getMessage() for r in caplog.records if r.name == "core.workdays"]
    assert len(messages) == 2
    assert messages[0].startswith("No official holiday arrangement for 2099 ")
    assert messages[1].startswith("No official holiday arrangement for 2098 ")


def test_uncovered_notice_is_chinese():
    assert (
        str(workdays.UNCOVERED_NOTICE)
        == "该年度节假日安排尚未录入，按周一至周五（扣除法定节假日）推算，请人工核对"
    )


# --- properties -------------------------------------------------------------------------

covered_dates = st.dates(date(2004, 1, 1), date(2026, 12, 31))
fallback_dates = st.dates(date(2090, 1, 1), date(2099, 12, 1))
any_date = covered_dates | fallback_dates
counts = st.integers(min_value=1, max_value=40)
# The autouse private-media fixture in tests/conftest.py is function-scoped and harmless here.
props = hsettings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])


@props
@given(start=any_date, n=counts)
def test_add_working_days_lands_on_nth_working_day_after_start(start, n):
    result = add_working_days(start, n)
    assert is_working_day(result)
    assert result > start
    assert working_days_between(start + ONE_DAY, result) == n


@props
@given(start=any_date, n=counts)
def test_working_day_span_covers_exactly_n_working_days(start, n):
    first, last = working_day_span(start, n)
    assert is_working_day(first) and is_working_day(last)
    assert start <= first <= last
    assert working_days_between(start, first - ONE_DAY) == 0
    assert working_days_between(first, last) == n


@props
@given(a=any_date, gap=st.integers(0, 60), split=st.integers(0, 60))
def test_working_days_between_is_additive(a, gap, split):
    c = a + ONE_DAY * gap
    b = a + ONE_DAY * min(split, gap)
    assert working_days_between(a, c) == working_days_between(a, b) + working_days_between(
        b + ONE_DAY, c
    )


@props
@given(d=fallback_dates)
def test_is_working_day_fallback_never_counts_weekends(d):
    assert not calendar_covers(d)
    expected = d.weekday() < 5 and d not in workdays.statutory_days(d.year)
    assert is_working_day(d) == expected
