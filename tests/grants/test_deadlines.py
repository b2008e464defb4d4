"""Deadlines are the server's, in Asia/Shanghai, whatever the client's clock or time zone."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.workflow import TransitionRefused
from grants import actions
from grants.models import Application
from tests.factories import ApplicationFactory, CallFactory
from tests.grants.conftest import beijing, server_time

pytestmark = pytest.mark.django_db

CLOSES = beijing(2025, 6, 30, 17, 0, 0)  # 09:00:00 UTC
SECOND = timedelta(seconds=1)
CLOSED_MESSAGE = "申报截止时间为2025年6月30日 17:00（北京时间），现已截止，不能再提交"


@pytest.fixture
def deadline_call(db):
    return CallFactory(
        opens_at=beijing(2025, 6, 1, 9, 0),
        closes_at=CLOSES,
        completion_deadline=beijing(2025, 7, 7, 17, 0),
    )


@pytest.fixture
def ready(deadline_call, org_a, owner, member):
    return ApplicationFactory(call=deadline_call, organization=org_a, complete=True)


def test_submit_one_second_before_close_is_accepted(ready, owner):
    with server_time(CLOSES - SECOND):
        submitted = actions.submit_application(application=ready, by=owner)
    assert submitted.state == "submitted"


@pytest.mark.parametrize("offset", [timedelta(0), SECOND])
def test_submit_at_or_after_close_is_refused_naming_beijing_time(ready, owner, offset):
    with server_time(CLOSES + offset), pytest.raises(TransitionRefused) as refused:
        actions.submit_application(application=ready, by=owner)
    assert refused.value.reasons == [CLOSED_MESSAGE]
    assert Application.objects.get(pk=ready.pk).state == "draft"


def test_client_in_another_time_zone_changes_nothing(ready, owner, client):
    """A browser in New York (UTC-4) thinks it is 05:00:01 on 30 June: the server decides."""
    client.force_login(owner)
    url = reverse("portal:application_transition", args=[ready.pk, "submit"])
    with server_time(CLOSES + SECOND), timezone.override("America/New_York"):
        response = client.post(
            url,
            {"client_time": "2025-06-30T05:00:01-04:00"},
            HTTP_X_TIMEZONE="America/New_York",
            follow=True,
        )
    assert Application.objects.get(pk=ready.pk).state == "draft"
    assert CLOSED_MESSAGE in response.content.decode()
    with server_time(CLOSES - SECOND), timezone.override("America/Los_Angeles"):
        client.post(url, HTTP_X_TIMEZONE="America/Los_Angeles")
    assert Application.objects.get(pk=ready.pk).state == "submitted"


def test_submit_before_opening_is_refused(ready, owner):
    with server_time(beijing(2025, 6, 1, 8, 59, 59)), pytest.raises(TransitionRefused) as refused:
        actions.submit_application(application=ready, by=owner)
    assert refused.value.reasons == ["申报尚未开始，开始时间为2025年6月1日 09:00（北京时间）"]


def test_resubmission_edges_at_completion_deadline(deadline_call, org_a, owner, member):
    due = deadline_call.completion_deadline
    deadline_call.max_applications_per_org = 2
    deadline_call.save()
    late = ApplicationFactory(
        call=deadline_call, organization=org_a, state="returned", complete=True
    )
    in_time = ApplicationFactory(
        call=deadline_call, organization=org_a, state="returned", complete=True
    )
    with server_time(due + SECOND), pytest.raises(TransitionRefused) as refused:
        actions.submit_application(application=late, by=owner)
    assert refused.value.reasons == [
        "补正材料的截止时间为2025年7月7日 17:00（北京时间），现已过期，不能再提交"
    ]
    with server_time(due - SECOND):
        assert actions.submit_application(application=in_time, by=owner).state == "submitted"


def test_closed_call_refuses_even_if_the_clock_is_behind(ready, owner, staff):
    """Once the scheduler closed the call, the state alone refuses."""
    from core.workflow import perform_transition

    with server_time(CLOSES + SECOND):
        perform_transition(ready.call, "close", by=None)
    with server_time(CLOSES - timedelta(hours=1)), pytest.raises(TransitionRefused) as refused:
        actions.submit_application(application=ready, by=owner)
    assert refused.value.reasons == ["该征集已截止申报（截止时间为2025年6月30日 17:00，北京时间）"]
