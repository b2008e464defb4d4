"""Calls open and close at their stored times by an idempotent scheduled job."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from core.audit import history
from core.workflow import TransitionRefused, perform_transition
from grants.models import Application, Call
from grants.schedule import run_due_transitions
from grants.tasks import run_schedule
from tests.factories import ApplicationFactory, CallFactory
from tests.grants.conftest import beijing, server_time

pytestmark = pytest.mark.django_db

OPENS = beijing(2025, 6, 1, 9, 0)
CLOSES = beijing(2025, 6, 30, 17, 0)
SECOND = timedelta(seconds=1)


@pytest.fixture
def scheduled(db):
    return CallFactory(
        state="draft",
        publish_automatically=True,
        opens_at=OPENS,
        closes_at=CLOSES,
        completion_deadline=CLOSES + timedelta(days=7),
    )


def state(call):
    return Call.objects.get(pk=call.pk).state


def test_schedule_publishes_at_opening_and_closes_at_deadline(scheduled):
    with server_time(OPENS - SECOND):
        assert run_due_transitions() == []
    assert state(scheduled) == "draft"
    with server_time(OPENS):
        assert [name for _call, name in run_due_transitions()] == ["publish"]
    assert state(scheduled) == "published"
    with server_time(CLOSES - SECOND):
        assert run_due_transitions() == []
    with server_time(CLOSES + SECOND):
        assert [name for _call, name in run_due_transitions()] == ["close"]
    assert state(scheduled) == "closed"
    entries = list(history(scheduled).filter(action="gongyi.transition"))
    assert [(e.data["transition"], e.user) for e in entries] == [("close", None), ("publish", None)]
    assert entries[0].data["reason"] == "已到设定时间，由系统自动执行"


def test_schedule_running_twice_changes_nothing_the_second_time(scheduled):
    with server_time(CLOSES + SECOND):  # the job did not run while the call was open
        first = run_due_transitions()
        second = run_due_transitions()
    assert [name for _c, name in first] == ["publish", "close"]
    assert second == []
    assert state(scheduled) == "closed"
    assert history(scheduled).filter(action="gongyi.transition").count() == 2


def test_schedule_leaves_calls_not_marked_for_automatic_publication(scheduled):
    Call.objects.filter(pk=scheduled.pk).update(publish_automatically=False)
    with server_time(OPENS + SECOND):
        assert run_due_transitions() == []
    assert state(scheduled) == "draft"


def test_schedule_skips_a_call_that_is_not_ready(scheduled, caplog):
    scheduled.categories.all().delete()
    with server_time(OPENS + SECOND):
        assert run_due_transitions() == []
    assert state(scheduled) == "draft"
    assert "请至少设置一个服务领域" in caplog.text


def test_schedule_command_and_task(scheduled):
    out = StringIO()
    with server_time(OPENS + SECOND):
        call_command("run_schedule", stdout=out)
        call_command("run_schedule", stdout=out)
    assert f"{scheduled.pk}\tpublish\t{scheduled.title}" in out.getvalue()
    assert out.getvalue().count("transition(s) performed.") == 2
    assert "0 transition(s) performed." in out.getvalue()
    with server_time(CLOSES):
        result = run_schedule.enqueue()
    assert result.return_value == 1
    assert state(scheduled) == "closed"


def test_staff_may_publish_and_close_by_hand(scheduled, staff, owner):
    with pytest.raises(PermissionDenied):
        perform_transition(scheduled, "publish", by=owner)
    with server_time(OPENS - timedelta(days=3)):
        published = perform_transition(scheduled, "publish", by=staff)
        assert published.state == "published"
        with pytest.raises(TransitionRefused) as refused:
            perform_transition(published, "close", by=staff)
    assert refused.value.reasons == [
        "征集截止时间为2025年6月30日 17:00（北京时间），尚未到截止时间"
    ]
    with server_time(CLOSES):
        assert perform_transition(published, "close", by=staff).state == "closed"


def test_call_life_cycle_after_closing_is_staff_only(staff, owner):
    from review.draw import plan_for

    call = CallFactory(state="closed")
    plan_for(call)  # 开始评审 needs a review plan with a rubric (review registers the check)
    for name, target in [
        ("start_review", "reviewing"),
        ("start_publicity", "publicity"),
        ("decide", "decided"),
        ("archive", "archived"),
    ]:
        with pytest.raises(PermissionDenied):
            perform_transition(call, name, by=None)  # the scheduler may not
        with pytest.raises(PermissionDenied):
            perform_transition(call, name, by=owner)
        if name == "start_publicity":
            # A bare 开始公示 is refused: the 公示 is published by review.publication.publish.
            with pytest.raises(TransitionRefused, match="请在评审工作台发布公示"):
                perform_transition(call, name, by=staff)
            Call.objects.filter(pk=call.pk).update(state=target)
            call = Call.objects.get(pk=call.pk)
            continue
        call = perform_transition(call, name, by=staff)
        assert call.state == target


@pytest.mark.parametrize("name", ["decide", "conclude_publicity"])
def test_deciding_a_call_waits_for_the_award(staff, org_a, name):
    call = CallFactory(state="publicity")
    application = ApplicationFactory(call=call, organization=org_a)
    Application.objects.filter(pk=application.pk).update(state="publicity")
    with pytest.raises(TransitionRefused) as refused:
        perform_transition(call, name, by=staff)
    assert "1份申报书处于拟资助或公示中" in refused.value.reasons[0]
    Application.objects.filter(pk=application.pk).update(state="funded")
    assert perform_transition(call, name, by=staff).state == "decided"
