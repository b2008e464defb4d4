"""The proposed list is no life cycle of its own (docs/decisions.md): every change of it is
checked in the domain function and logged on the call."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from core.audit import EVENT, history
from review.decisions import change_line, propose
from review.models import RecommendationLine
from tests.review.test_recommendation import lines, reviewed_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed(staff, experts):
    call, apps = reviewed_call(
        staff,
        totals=["90", "85"],
        amounts=[Decimal("50000.00"), Decimal("50000.00")],
        budget=Decimal("1000000.00"),
    )
    propose(call, by=staff)
    return call, apps


def test_only_staff_may_propose_or_change_the_list(proposed, owner, expert):
    call, apps = proposed
    line = lines(call)[apps[1].pk]
    for user in (owner, expert):
        with pytest.raises(PermissionDenied, match="只有民政工作人员"):
            propose(call, by=user)
        with pytest.raises(PermissionDenied, match="只有民政工作人员"):
            change_line(line, by=user, selected=False, amount=None, reason="不予资助")
    line = RecommendationLine.objects.get(pk=line.pk)
    assert line.selected and not line.change_reason


def test_every_change_of_the_list_is_logged_with_who_and_why(proposed, staff):
    call, apps = proposed
    change_line(
        lines(call)[apps[1].pk], by=staff, selected=False, amount=None, reason="与已资助项目重复"
    )
    summaries = [e.data["summary"] for e in history(call).filter(action=EVENT, user=staff)]
    assert "生成拟资助建议名单" in summaries
    entry = history(call).filter(action=EVENT, data__summary="调整拟资助名单").get()
    assert entry.data["before"]["selected"] is True
    assert (entry.data["after"]["selected"], entry.data["reason"]) == (False, "与已资助项目重复")
