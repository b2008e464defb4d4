"""Issue 18.9: working days past the calendar library's coverage.

An administrator enters a year's official arrangement in the back office (it overrides the
library); a 公示 reaching into a year with no arrangement at all is published only once a staff
member confirms the fallback dates, and its public page says so.

The arrangements below are test data entered as an administrator would, not the State Council's
notice for 2027 (which could not be verified here): only 元旦 (1 January, by law) is certain.
"""

import datetime
from decimal import Decimal
from unittest.mock import patch

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import ModelLogEntry

from core import workdays
from core.models import DayKind, HolidayArrangement, HolidayArrangementDay
from core.workdays import (
    is_covered,
    is_working_day,
    uncovered_years,
    working_day_span,
    working_days_between,
)
from grants.models import Call
from review.decisions import decide, finish_review, propose
from review.draw import draw_panel
from review.models import NoticeKind, ObjectionState, Publicity
from review.publication import file_objection, publicity_dates, publish, uphold
from tests.factories import CallFactory
from tests.review.conftest import experts, make_reviewing_call  # noqa: F401 (fixture)
from tests.review.test_ranking import set_totals

pytestmark = [pytest.mark.django_db, pytest.mark.calendar_coverage]

D = datetime.date
# Monday 28 December 2026, 09:00 in Beijing.
DEC_28 = datetime.datetime(2026, 12, 28, 1, tzinfo=datetime.UTC)
FALLBACK_SENTENCE = "公示结束日期和异议受理截止日期系按周一至周五（扣除法定节假日）推算"


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The arrangements are cached; the database is rolled back after each test, the cache is not.
    cache.delete(workdays.CACHE_KEY)
    yield
    cache.delete(workdays.CACHE_KEY)


def enter(year, days, title="测试用节假日安排"):
    arrangement = HolidayArrangement.objects.create(
        year=year, title=title, issued_on=D(year - 1, 11, 10)
    )
    for day, kind, name in days:
        HolidayArrangementDay.objects.create(
            arrangement=arrangement, date=day, kind=kind, name=name
        )
    return arrangement


OFF, WORK = DayKind.OFF, DayKind.WORK


# --- the source order: entered arrangement > library > fallback ---------------------------------


def test_library_stops_at_2026_and_2027_is_uncovered():
    assert workdays.LAST_YEAR == 2026
    assert is_covered(D(2026, 12, 31))
    assert not is_covered(D(2027, 1, 4))
    assert uncovered_years(D(2026, 12, 28), D(2027, 1, 8)) == [2027]


def test_admin_entered_arrangement_overrides_the_library():
    assert is_working_day(D(2025, 10, 9))  # library: a Thursday after the National Day week
    enter(2025, [(D(2025, 10, 9), OFF, "国庆节")])
    assert not is_working_day(D(2025, 10, 9))
    # Days the entry does not list follow Monday–Friday, no longer the library.
    assert is_working_day(D(2025, 10, 10))
    assert not is_working_day(D(2025, 10, 11))  # library: a make-up Saturday; not entered


def test_entered_make_up_saturday_counts_and_covers_the_year():
    enter(2027, [(D(2027, 1, 1), OFF, "元旦"), (D(2027, 2, 20), WORK, "春节")])
    assert is_covered(D(2027, 6, 1))
    assert uncovered_years(D(2026, 12, 28), D(2027, 3, 1)) == []
    assert is_working_day(D(2027, 2, 20))  # a Saturday marked 班
    assert not is_working_day(D(2027, 1, 1))


def test_cache_is_dropped_when_an_arrangement_changes():
    arrangement = enter(2027, [(D(2027, 1, 4), OFF, "元旦")])
    assert not is_working_day(D(2027, 1, 4))
    arrangement.days.all().delete()
    assert is_working_day(D(2027, 1, 4))
    arrangement.delete()
    assert not is_covered(D(2027, 1, 4))


# --- the 2027 New Year case ----------------------------------------------------------------------


def test_new_year_2027_counted_on_fallback_then_on_the_entered_arrangement():
    call = CallFactory(publicity_working_days=5, objection_window_days=0)
    # No arrangement: 28, 29, 30, 31 December (library), 1 January statutory, weekend, 4 January.
    first, last, _until, covered = publicity_dates(call, D(2026, 12, 28))
    assert (first, last, covered) == (D(2026, 12, 28), D(2027, 1, 4), False)
    # The arrangement entered in November (test data): 1–3 January off, 4 January off as well.
    enter(
        2027,
        [(D(2027, 1, d), OFF, "元旦") for d in (1, 2, 3, 4)] + [(D(2027, 1, 9), WORK, "元旦")],
    )
    first, last, _until, covered = publicity_dates(call, D(2026, 12, 28))
    assert (first, last, covered) == (D(2026, 12, 28), D(2027, 1, 5), True)
    assert working_days_between(first, last) == 5
    assert working_day_span(D(2027, 1, 8), 2) == (D(2027, 1, 8), D(2027, 1, 9))


# --- the confirmation flow through the staff workbench and the public page -----------------------


@pytest.fixture
def proposed(staff, experts):  # noqa: F811
    call, apps = make_reviewing_call(staff, n=2, amounts=[Decimal("40000.00")] * 2, min_scores=3)
    Call.objects.filter(pk=call.pk).update(publicity_working_days=5, objection_window_days=0)
    draw_panel(call=call, by=staff, size=3, seed=8)
    for application in apps:
        set_totals(application, ["90"] * 3)
    finish_review(call, by=staff)
    propose(call, by=staff)
    call.refresh_from_db()
    return call


@pytest.fixture
def decided(proposed, staff):
    decide(proposed, by=staff)
    proposed.refresh_from_db()
    return proposed


def _publish_through_workbench(client, call, user, **extra):
    # Signed in on the day itself: a session from the real today would count as idle for weeks.
    with patch("django.utils.timezone.now", return_value=DEC_28):
        client.force_login(user)
        return client.post(
            reverse("review_call_action", args=[call.pk, "publish"]),
            {"start": "2026-12-28", "contact": "电话0755-12345678", "confirmed": "1", **extra},
            follow=True,
        )


def test_workbench_refuses_uncovered_publicity_without_confirmation(decided, staff, client):
    page = _publish_through_workbench(client, decided, staff).content.decode()
    assert "涉及2027年，该年度国务院办公厅节假日安排尚未录入" in page
    assert "确认按推算日期公示" in page
    assert not Publicity.objects.filter(call=decided).exists()


def test_workbench_confirmation_is_recorded_and_the_public_page_says_so(decided, staff, client):
    _publish_through_workbench(client, decided, staff, confirm_fallback="on")
    publicity = Publicity.objects.get(call=decided)
    assert publicity.calendar_uncovered
    assert publicity.calendar_confirmed_by == staff
    assert publicity.calendar_confirmed_at == DEC_28
    assert (publicity.starts_on, publicity.ends_on) == (D(2026, 12, 28), D(2027, 1, 4))
    page = client.get(reverse("review_public:publicity", args=[publicity.pk])).content.decode()
    assert FALLBACK_SENTENCE in page
    assert "（按国家法定节假日安排计算）" not in page


def test_workbench_needs_no_confirmation_once_the_year_is_entered(decided, staff, client):
    enter(2027, [(D(2027, 1, 1), OFF, "元旦")])
    _publish_through_workbench(client, decided, staff)
    publicity = Publicity.objects.get(call=decided)
    assert not publicity.calendar_uncovered and publicity.calendar_confirmed_by is None
    page = client.get(reverse("review_public:publicity", args=[publicity.pk])).content.decode()
    assert FALLBACK_SENTENCE not in page
    assert "（按国家法定节假日安排计算）" in page


def test_publish_and_the_model_refuse_an_unconfirmed_fallback(decided, staff):
    with patch("django.utils.timezone.now", return_value=DEC_28):
        with pytest.raises(ValidationError, match="尚未录入"):
            publish(decided, by=staff, start=D(2026, 12, 28), contact="x")
        with pytest.raises(ValidationError, match="须由工作人员确认"):
            Publicity.objects.create(
                call=decided,
                starts_on=D(2026, 12, 28),
                ends_on=D(2027, 1, 4),
                objections_until=D(2027, 1, 4),
                calendar_uncovered=True,
                published_at=DEC_28,
            )
    assert not Publicity.objects.filter(call=decided).exists()


@pytest.mark.two_person
def test_confirmation_travels_with_the_proposal_to_the_approver(proposed, staff, approver, client):
    from core import approvals
    from core.models import Approval
    from review.approvals import DECIDE, decision_list

    decided = proposed
    data = {"lines": decision_list(decided)}
    approvals.approve(approvals.propose(DECIDE, decided, by=staff, data=data), by=approver)
    _publish_through_workbench(client, decided, staff, confirm_fallback="on")
    proposal = Approval.objects.get(action="publish")
    assert proposal.data["fallback_confirmed_by"] == staff.pk
    assert ("节假日安排", "该年度安排尚未录入，经办人已确认按推算日期（周一至周五）公示") in [
        tuple(map(str, row)) for row in approvals.describe(proposal)
    ]
    with patch("django.utils.timezone.now", return_value=DEC_28):
        approvals.approve(proposal, by=approver)
    publicity = Publicity.objects.get(call=decided)
    assert publicity.published_by == approver
    assert publicity.calendar_confirmed_by == staff


def test_promotion_into_an_uncovered_year_needs_confirmation(staff, experts):  # noqa: F811
    call, apps = make_reviewing_call(
        staff, n=3, amounts=[Decimal("40000.00")] * 3, total_budget=Decimal("80000.00")
    )
    Call.objects.filter(pk=call.pk).update(publicity_working_days=5, objection_window_days=0)
    draw_panel(call=call, by=staff, size=3, seed=8)
    for application, score in zip(apps, ["90", "85", "80"], strict=True):
        set_totals(application, [score] * 3)
    finish_review(call, by=staff)
    propose(call, by=staff)
    decide(call, by=staff)
    june = datetime.datetime(2026, 6, 1, 1, tzinfo=datetime.UTC)
    with patch("django.utils.timezone.now", return_value=june):
        publicity = publish(call, by=staff, start=D(2026, 6, 1), contact="0755-1")
    objection = file_objection(
        publicity,
        application_id=apps[0].pk,
        name="张三",
        contact="13800000000",
        content="申报材料不实",
        today=D(2026, 6, 1),
    )
    with patch("django.utils.timezone.now", return_value=DEC_28):
        with pytest.raises(ValidationError, match="涉及2027年"):
            uphold(objection, by=staff, reason="属实")
        objection.refresh_from_db()
        assert objection.state == ObjectionState.RECEIVED  # nothing half-written
        uphold(objection, by=staff, reason="属实", confirm_fallback=True)
    publicity.refresh_from_db()
    assert publicity.calendar_uncovered and publicity.calendar_confirmed_by == staff
    assert publicity.ends_on == D(2027, 1, 4)
    assert publicity.notices.filter(kind=NoticeKind.PROMOTED).exists()


# --- the back office --------------------------------------------------------------------------


def _form(year, rows):
    data = {
        "year": str(year),
        "title": f"国务院办公厅关于{year}年部分节假日安排的通知",
        "number": "",
        "issued_on": f"{year - 1}-11-10",
        "days-TOTAL_FORMS": str(len(rows)),
        "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "1000",
    }
    for i, (day, kind, name) in enumerate(rows):
        data |= {
            f"days-{i}-date": day,
            f"days-{i}-kind": kind,
            f"days-{i}-name": name,
            f"days-{i}-ORDER": str(i + 1),
            f"days-{i}-DELETE": "",
            f"days-{i}-id": "",
        }
    return data


ADD = "holiday_arrangements:add"


def test_admin_enters_an_arrangement_and_it_is_audited(admin_user, client):
    client.force_login(admin_user)
    rows = [("2027-01-01", "off", "元旦"), ("2027-01-09", "work", "元旦")]
    response = client.post(reverse(ADD), _form(2027, rows))
    assert response.status_code == 302
    arrangement = HolidayArrangement.objects.get(year=2027)
    assert sorted((d.date, d.kind) for d in arrangement.days.all()) == [
        (D(2027, 1, 1), "off"),
        (D(2027, 1, 9), "work"),
    ]
    assert is_working_day(D(2027, 1, 9))  # a Saturday marked 班, counted at once
    entry = ModelLogEntry.objects.filter(action="gongyi.event").latest("timestamp")
    assert entry.data["summary"] == "录入2027年节假日安排"
    assert entry.data["days"] == [["2027-01-01", "off", "元旦"], ["2027-01-09", "work", "元旦"]]


def test_admin_form_refuses_dates_outside_the_year_and_duplicates(admin_user, client):
    client.force_login(admin_user)
    rows = [
        ("2026-12-31", "off", "元旦"),
        ("2027-01-01", "off", "元旦"),
        ("2027-01-01", "off", "元旦"),
    ]
    page = client.post(reverse(ADD), _form(2027, rows)).content.decode()
    assert "以下日期不在2027年内：2026-12-31" in page
    assert "以下日期重复录入：2027-01-01" in page
    assert not HolidayArrangement.objects.exists()


def test_staff_cannot_enter_arrangements(staff, client):
    client.force_login(staff)
    response = client.post(reverse(ADD), _form(2027, [("2027-01-01", "off", "元旦")]))
    assert response.status_code in (302, 403)
    assert not HolidayArrangement.objects.exists()
