"""Issue 21's proof: staff of a second department get 404 on every staff URL of the first
department's records.

The list of URLs is not written here: every admin URL pattern of ours (an entry of
`access_table.ENTRIES` under ``admin/``) whose URL carries an object id is swept, with the
world's objects its entry names. A new staff page is covered as soon as it has its matrix entry:

* staff reach it (2xx or a redirect) and it names a record of the first department (found by
  following foreign keys to the call or department, `matrix.department_of`): `other_staff` must
  get exactly 404 — not 200, not 403 (which would confirm that the id exists);
* a POST-only URL (405 on GET): `other_staff`'s POST must get 404;
* it names only records no department owns: the model must be listed in `SHARED` with why.
"""

import pytest
from django.test import Client

from tests.security import access_table
from tests.security.matrix import (
    NOT_ALLOWED,
    REACHED,
    all_patterns,
    case_objects,
    foreign_to,
    generic_url,
)

pytestmark = pytest.mark.django_db

# Records of no department, whose admin pages every department's staff may open.
SHARED = {
    "orgs.organization": "the registry of organizations is city-wide (issue 21.3)",
    "orgs.organizationdocument": "a registered organization's documents, as the registry",
    "orgs.sanction": "a sanction binds the organization on every department's calls",
    "review.expertprofile": "the expert pool is city-wide unless a department keeps its own",
    "core.inboxmessage": "one's own messages: the owner check answers (matrix)",
    "core.holidayarrangement": "the State Council's holiday arrangement, one for everybody",
}


def _shared(obj) -> bool:
    from wagtail.models import Page

    return isinstance(obj, Page) or obj._meta.label_lower in SHARED


def _sweep(world):
    """(foreign cases as (key, method, url), unclassified as (key, url))."""
    other = world.users["other_staff"]
    foreign, unclassified = [], []
    for pattern in all_patterns():
        entry = access_table.ENTRIES.get(pattern.key)
        if entry is None or not pattern.route.startswith("admin/") or not pattern.converters:
            continue
        for case in entry if isinstance(entry, list) else [entry]:
            staff = case.expect["staff"]
            objects = case_objects(world, case)
            if staff not in REACHED | {NOT_ALLOWED} or not objects:
                continue
            url = generic_url(pattern, world, case)
            if foreign_to(world, case, other):
                method = "post" if staff == NOT_ALLOWED else "get"
                foreign.append((pattern.key, method, url))
            elif not all(_shared(obj) for obj in objects):
                unclassified.append((pattern.key, url))
    return foreign, unclassified


def test_second_department_staff_get_404_on_every_staff_url_of_the_first(world):
    foreign, unclassified = _sweep(world)
    client = Client(raise_request_exception=False)
    client.force_login(world.users["other_staff"])
    wrong = []
    for key, method, url in foreign:
        code = getattr(client, method)(url).status_code
        if code != 404:
            wrong.append(f"{key}: {method.upper()} {url} → {code}")
    unnamed = [f"{key}: {url} names a record of no department" for key, url in unclassified]
    assert not wrong + unnamed, (
        f"{len(wrong)} of {len(foreign)} staff URLs of the first department's records do not "
        "answer 404 to a second department's staff:\n"
        + "\n".join(wrong)
        + "\nadmin URLs naming a record of no department (give it a department, or list its "
        "model in SHARED with the reason):\n" + "\n".join(unnamed)
    )


def test_the_sweep_covers_the_main_staff_pages(world):
    """The derivation finds the pages the issue names (a broken walk would sweep nothing)."""
    foreign, _unclassified = _sweep(world)
    keys = {key for key, _method, _url in foreign}
    assert {
        "calls:edit",
        "calls:inspect",
        "calls:transition",
        "applications:inspect",
        "applications:pdf",
        "applications:attachment",
        "review_call",
        "review_sheets",
        "review_export",
        "approval",
    } <= keys


def test_bulk_screening_lists_only_applications_of_ones_own_departments(world):
    """The bulk confirmation takes ids in its query: another department's are dropped like
    unknown ones (the page answers, without the application)."""
    submitted = world["submitted"]
    url = f"/admin/bulk/grants/application/pass_screening/?id={submitted.pk}&next=/admin/"
    pages = {}
    for role in ("staff", "other_staff"):
        client = Client()
        client.force_login(world.users[role])
        response = client.get(url)
        pages[role] = (response.status_code, submitted.project_name in response.text)
    assert pages == {"staff": (200, True), "other_staff": (200, False)}
