"""A call validates its own schedule, money and rules; publishing needs a complete setup."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.workflow import TransitionRefused, perform_transition
from grants.models import Call
from tests.factories import CallFactory

pytestmark = pytest.mark.django_db


def test_call_full_clean_accepts_a_good_call_in_any_state(call):
    call.full_clean()  # the protected state field is never written back by validation
    assert Call.objects.get(pk=call.pk).state == "published"


def test_call_clean_names_each_inconsistency(call):
    call.closes_at = call.opens_at - timedelta(hours=1)
    call.completion_deadline = call.closes_at - timedelta(days=1)
    call.per_project_cap = Decimal("2000000.00")
    call.exclude_previously_funded = True
    with pytest.raises(ValidationError) as invalid:
        call.full_clean()
    assert invalid.value.message_dict == {
        "closes_at": ["申报截止时间须晚于开始时间"],
        "completion_deadline": ["补正截止时间不能早于申报截止时间"],
        "per_project_cap": ["单个项目资助上限不能超过资金总额"],
        "previous_call": ["启用“上一届已获资助的组织不得申报”时须选择上一届征集"],
    }


def test_publishing_needs_a_category(staff):
    call = CallFactory(state="draft")
    call.categories.all().delete()
    with pytest.raises(TransitionRefused) as refused:
        perform_transition(call, "publish", by=staff)
    assert refused.value.reasons == ["请至少设置一个服务领域"]
