"""One world (tests.security.world) per test module, shared by its tests.

It is built inside a transaction that is rolled back when the module ends; every test runs in
its own savepoint inside it (pytest-django), so what one test changes the next does not see.
The world's files live in one folder for the module, replacing the suite's per-test folders.
"""

import pytest
from django.db import transaction
from django.test import override_settings

from tests.security.world import build_world


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("security")


@pytest.fixture
def _private_media(settings, media_root):
    settings.PRIVATE_MEDIA_ROOT = media_root / "private"
    settings.MEDIA_ROOT = media_root / "media"
    return media_root / "private"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, media_root):
    with (
        django_db_blocker.unblock(),
        override_settings(
            PRIVATE_MEDIA_ROOT=media_root / "private", MEDIA_ROOT=media_root / "media"
        ),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
