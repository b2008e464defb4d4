"""The proposed list: rank order, minimum score, total budget, category quotas, staff changes."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from grants.models import ApplicationState
from review.decisions import change_line, decide, finish_review, propose
from review.draw import draw_panel
from review.models import RecommendationLine, Why
from tests.review.conftest import make_reviewing_call
from tests.review.test_ranking import set_totals

pytestmark = pytest.mark.django_db


def reviewed_call(staff, *, totals, amounts, budget, categories=None, **plan):
    call, apps = make_reviewing_call(
        staff, n=len(totals), amounts=amounts, min_scores=3, total_budget=budget, **plan
    )
    draw_panel(call=call, by=staff, size=3, seed=8)
    for application, score in zip(apps, totals, strict=True):
        set_totals(application, [score] * 3)
    if categories:
        for application, name in zip(apps, categories, strict=True):
            application.category = call.categories.get(name=name)
            application.save(update_fields=["category"])
    assert finish_review(call, by=staff) == {}
    return call, apps


def lines(call):
    return {line.application_id: line for line in RecommendationLine.objects.filter(call=call)}


def test_budget_exactly_exhausted(staff, experts):
    call, apps = reviewed_call(
        staff,
        totals=["90", "85", "80"],
        amounts=[Decimal("60000.00"), Decimal("40000.00"), Decimal("10000.00")],
        budget=Decimal("100000.00"),
    )
    propose(call, by=staff)
    result = lines(call)
    assert result[apps[0].pk].proposed and result[apps[1].pk].proposed
    assert result[apps[0].pk].amount + result[apps[1].pk].amount == Decimal("100000.00")
    assert not result[apps[2].pk].proposed
    assert result[apps[2].pk].proposed_why == Why.BUDGET


def test_budget_skips_what_does_not_fit_and_takes_the_next(staff, experts):
    call, apps = reviewed_call(
        staff,
        totals=["90", "85", "80"],
        amounts=[Decimal("60000.00"), Decimal("50000.00"), Decimal("40000.00")],
        budget=Decimal("100000.00"),
    )
    propose(call, by=staff)
    result = lines(call)
    assert [result[a.pk].proposed for a in apps] == [True, False, True]


def test_quota_full(staff, experts):
    call, apps = reviewed_call(
        staff,
        totals=["90", "85", "80"],
        amounts=[Decimal("10000.00")] * 3,
        budget=Decimal("1000000.00"),
        categories=["扶老", "扶老", "助残"],
    )
    call.categories.filter(name="扶老").update(quota_count=1)
    propose(call, by=staff)
    result = lines(call)
    assert result[apps[0].pk].proposed
    assert result[apps[1].pk].proposed_why == Why.QUOTA_COUNT
    assert result[apps[2].pk].proposed


def test_quota_budget(staff, experts):
    call, apps = reviewed_call(
        staff,
        totals=["90", "85"],
        amounts=[Decimal("30000.00"), Decimal("30000.00")],
        budget=Decimal("1000000.00"),
        categories=["扶老", "扶老"],
    )
    call.categories.filter(name="扶老").update(quota_budget=Decimal("50000.00"))
    propose(call, by=staff)
    assert lines(call)[apps[1].pk].proposed_why == Why.QUOTA_BUDGET


def test_scores_below_threshold(staff, experts):
    call, apps = reviewed_call(
        staff,
        totals=["90", "60", "59.5"],
        amounts=[Decimal("10000.00")] * 3,
        budget=Decimal("1000000.00"),
    )
    propose(call, by=staff)
    result = lines(call)
    assert result[apps[1].pk].proposed  # exactly the minimum (60) is enough
    assert result[apps[2].pk].proposed_why == Why.BELOW_MINIMUM


def test_amount_capped_at_per_project_cap(staff, experts):
    call, apps = reviewed_call(
        staff, totals=["90"], amounts=[Decimal("150000.00")], budget=Decimal("1000000.00")
    )
    propose(call, by=staff)
    assert lines(call)[apps[0].pk].amount == Decimal("100000.00")


def test_staff_change_needs_reason_and_decision_moves_states(staff, experts):
    call, apps = reviewed_call(
        staff,
        totals=["90", "85"],
        amounts=[Decimal("50000.00"), Decimal("50000.00")],
        budget=Decimal("1000000.00"),
    )
    propose(call, by=staff)
    line = lines(call)[apps[1].pk]
    with pytest.raises(ValidationError, match="须填写理由"):
        change_line(line, by=staff, selected=False, amount=None, reason=" ")
    change_line(line, by=staff, selected=False, amount=None, reason="与已资助项目重复")
    decide(call, by=staff)
    apps[0].refresh_from_db()
    apps[1].refresh_from_db()
    assert apps[0].state == ApplicationState.RECOMMENDED
    assert apps[1].state == ApplicationState.NOT_SELECTED
    assert apps[1].last_reason == "与已资助项目重复"
    with pytest.raises(ValidationError, match="已作出资助决定"):
        propose(call, by=staff)


def test_finish_review_waits_for_missing_sheets(staff, experts):
    call, apps = make_reviewing_call(staff, n=1, min_scores=3)
    draw_panel(call=call, by=staff, size=3, seed=8)
    set_totals(apps[0], ["80", "80"])
    left = finish_review(call, by=staff)
    assert list(left.values()) == [["有效评分2份，少于最少评分数3份"]]
