"""The permission matrix: every URL pattern × every role against the table in `access_table.py`.

`test_every_url_has_an_entry` fails when a URL pattern has no entry (exact, or a prefix rule for
Wagtail's own admin); `test_role_gets_expected_outcomes` requests every URL as one role against
organization A's objects (`tests.security.world`) and lists every outcome that differs from the
table. Read `access_table.py` for how to add an entry. The persona `other_staff` works for a
second department (issue 21): wherever staff reach a page about a record of the first
department, it must be refused (`tests.security.matrix.other_staff_expects`; the exact 404 is
`test_department_sweep.py`'s).

Set ``MATRIX_OBSERVE=1`` to print every outcome (not only the differing ones) when writing
entries for a new app — then check each "ok" against the app's permission rules before copying.
"""

import os

import pytest
from django.conf import settings
from django.test import Client

from tests.security import access_table
from tests.security.matrix import (
    ERROR,
    OUTCOMES,
    Case,
    all_patterns,
    classify,
    generic_url,
    matches,
    other_staff_expects,
)
from tests.security.world import ROLES


def case_for(pattern) -> list[Case] | None:
    entry = access_table.ENTRIES.get(pattern.key)
    if entry is not None:
        return entry if isinstance(entry, list) else [entry]
    if pattern.name and not pattern.name.startswith("wagtail"):
        return None  # ours: every URL of our apps needs its own entry, even under /admin/
    prefixes = [p for p in access_table.GROUPS if pattern.route.startswith(p)]
    if prefixes:
        return [access_table.GROUPS[max(prefixes, key=len)]]
    return None


def test_every_url_has_an_entry():
    missing = [p for p in all_patterns() if case_for(p) is None]
    assert not missing, (
        "URL patterns without an entry in tests/security/access_table.py "
        "(see its docstring for how to add one):\n"
        + "\n".join(f"  {p.key!r}  (route {p.route})" for p in missing)
    )


def test_every_entry_names_an_existing_url():
    keys = {p.key for p in all_patterns()}
    stale = sorted(set(access_table.ENTRIES) - keys)
    assert not stale, f"entries for URLs that no longer exist: {stale}"


def test_entries_use_the_vocabulary():
    for key, entry in access_table.ENTRIES.items():
        for case in entry if isinstance(entry, list) else [entry]:
            assert set(case.expect) == set(ROLES), key
            assert set(case.expect.values()) <= OUTCOMES, key
            assert set(case.post.values()) <= OUTCOMES, key


def _url(pattern, world, case) -> str:
    if case.url and not case.url.startswith("/"):
        return world[case.url]
    return generic_url(pattern, world, case)


def _request(client, method, url) -> str:
    try:
        response = getattr(client, method)(url)
    except Exception as exc:  # a server error: reported with the rest, the exception named
        _request.last_error = f"{type(exc).__name__}: {exc}"[:300]
        return ERROR
    return classify(response)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_role_gets_expected_outcomes(role, world):
    client = Client(raise_request_exception=True)
    if role != "anonymous":
        client.force_login(world.users[role])
    observe = os.environ.get("MATRIX_OBSERVE")
    problems, seen = [], []
    for pattern in all_patterns():
        for case in case_for(pattern) or []:
            # Wagtail's admin logout deletes the session cookie even when it refuses a GET.
            cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
            if role != "anonymous" and not (cookie and cookie.value):
                client.force_login(world.users[role])
            url = _url(pattern, world, case)
            actual = _request(client, "get", url)
            expected, expected_post = case.expect[role], case.post.get(role)
            if role == "other_staff":
                expected, expected_post = other_staff_expects(world, case)
            seen.append(f"{pattern.key:55} GET  {url:70} {actual}")
            if not matches(expected, actual):
                problems.append(f"{pattern.key}: GET {url} → {actual}, expected {expected}")
                if actual == ERROR:
                    problems.append(f"    {_request.last_error}")
            if expected_post is not None:
                actual = _request(client, "post", url)
                seen.append(f"{pattern.key:55} POST {url:70} {actual}")
                if not matches(expected_post, actual):
                    problems.append(
                        f"{pattern.key}: POST {url} → {actual}, expected {expected_post}"
                    )
    if observe:
        print(f"\n=== {role}\n" + "\n".join(seen))
    assert not problems, f"{len(problems)} outcomes differ for {role}:\n" + "\n".join(problems)
