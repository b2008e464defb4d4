"""The demo seed of the demand library: believable states, idempotent."""

import io

import pytest
from django.core.management import call_command

from needs.models import Need, NeedInterest, RecommendationMeeting

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_needs_once():
    call_command("seed_demo", stdout=io.StringIO())
    states = dict(Need.objects.values_list("title", "state"))
    assert states["高龄独居长者助餐服务"] == "in_call"
    assert states["困境儿童课后托管与学业辅导"] == "published"
    assert states["社区矫正对象帮扶"] == "submitted"
    assert states["老旧小区适老化改造评估"] == "returned"
    assert states["小区加装电梯后老人出行协助"] == "submitted"
    assert NeedInterest.objects.count() == 1
    assert RecommendationMeeting.objects.get().state == "published"
    count = Need.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert Need.objects.count() == count
    assert RecommendationMeeting.objects.count() == 1
