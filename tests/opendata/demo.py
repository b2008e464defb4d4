"""One seeded demo per test module: seeding is slow, so a module fixture seeds inside a
transaction, lets the module's `collect(client)` gather everything it checks while the data are
there, then rolls the transaction back (other modules see an empty database again).

The suite's autouse settings that the demo relies on (single-person approvals, known holiday
arrangements; tests/conftest.py) are applied for the seeding, as `tests/cms/test_demo_cycle.py`
gets them per test.
"""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings


def seeded_module_data(django_db_blocker, tmp_path, collect):
    from core import approvals, workdays
    from core.models import TwoPersonRule

    with pytest.MonkeyPatch.context() as mp, django_db_blocker.unblock():
        mp.setattr(
            approvals,
            "rule_for",
            lambda key: TwoPersonRule(action=key, required=False, reason="单人办理（测试）"),
        )
        mp.setattr(workdays, "uncovered_years", lambda start, end: [])
        with override_settings(
            PRIVATE_MEDIA_ROOT=tmp_path / "private", MEDIA_ROOT=tmp_path / "media"
        ):
            cache.clear()
            with transaction.atomic():
                call_command("seed_demo", stdout=io.StringIO())
                data = collect(Client())
                transaction.set_rollback(True)
            cache.clear()
    return data
