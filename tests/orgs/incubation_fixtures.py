"""Fixtures of the incubation tests, loaded by `pytest_plugins` in each test_incubation module."""

import datetime

import pytest
from django.utils import timezone

from orgs.roles import Role
from tests.factories import UserFactory
from tests.orgs.incubation_support import at, make_base


@pytest.fixture
def freeze(monkeypatch):
    """`freeze(date)` makes `timezone.now()` (and so `localdate()`) that day, 10:00 Beijing."""

    def set_day(day: datetime.date):
        moment = at(day)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return set_day


@pytest.fixture
def base(incubator_manager):
    return make_base(managers=[incubator_manager])


@pytest.fixture
def other_manager(db):
    return UserFactory(
        real_name="钱主任", email="other.base@example.cn", roles=[Role.INCUBATOR_MANAGER]
    )


@pytest.fixture
def other_base(other_manager):
    return make_base(
        managers=[other_manager], name="福田区公益孵化园", operator_name="福田区公益孵化服务中心"
    )


@pytest.fixture
def team_lead(db):
    return UserFactory(real_name="周筹备", email="team.lead@example.cn")
