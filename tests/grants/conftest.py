"""Fixtures for calls and applications; personas come from tests/conftest.py."""

from contextlib import contextmanager
from datetime import datetime
from unittest.mock import patch

import pytest
from django.contrib.auth.models import AnonymousUser

from core.formats import BEIJING
from tests.factories import ApplicationFactory, CallFactory

PERSONAS = ["owner", "member", "outsider", "staff", "expert", "anonymous"]


@contextmanager
def server_time(moment):
    """Pretend the server clock reads `moment` (every `timezone.now()` call)."""
    with patch("django.utils.timezone.now", return_value=moment):
        yield


def beijing(*args) -> datetime:
    return datetime(*args, tzinfo=BEIJING)


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def persona(request):
    """Resolve a persona name to its user (AnonymousUser for "anonymous")."""

    def get(name):
        return request.getfixturevalue(name)

    return get


@pytest.fixture
def call(db):
    return CallFactory(title="2025年南山区公益创投")


@pytest.fixture
def draft(call, org_a, owner, member):
    """A complete draft of org A (owner is its admin, member a member), ready to submit."""
    return ApplicationFactory(
        call=call, organization=org_a, project_name="长者关爱计划", complete=True, created_by=owner
    )
