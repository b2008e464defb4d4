"""Browser tests: Debian's Chromium driven by Playwright (never a downloaded browser).

Screenshots go to artifacts/screenshots/ (git-ignored; CI uploads the folder as an artifact).
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django would then refuse database
# access from "async" code. The test process is single-threaded towards the database, so allow it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: run scripts/setup-system.sh (as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    """screenshot("01-home") saves a full-page PNG under artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


@pytest.fixture(scope="session")
def _serialized_database(django_db_setup, django_db_blocker):
    """The test database's serialized copy, taken at session start (see `demo_site`)."""
    from django.db import connection

    return getattr(connection, "_test_serialized_contents", None)


@pytest.fixture
def migration_data(_serialized_database, live_server):
    """The rows data migrations create (role groups, the site root and its sections).

    After an earlier transactional test flushed the database, they are not always back when a
    live-server test starts in the same run; restore them from the test database's serialized
    copy first. Returns the live server's URL.
    """
    import json

    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection

    from orgs.roles import Role

    if not Group.objects.filter(name=Role.STAFF.value).exists():
        contents = _serialized_database or getattr(connection, "_test_serialized_contents", None)
        assert contents, "the test database was not serialized (serialized_rollback=True missing?)"
        # Content types first: saving other rows may look them up (and create them if absent).
        rows = sorted(json.loads(contents), key=lambda r: r["model"] != "contenttypes.contenttype")
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        ContentType.objects.clear_cache()
        connection.creation.deserialize_db_from_string(json.dumps(rows))
    return live_server.url


@pytest.fixture
def demo_site(migration_data):
    """A fresh database with the demo data (`seed_demo`); returns the live server's URL."""
    import io

    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())
    return migration_data
