"""The checks behind the fuzz tests, shared by the site's forms (`test_fuzz_forms.py`) and the
staff admin's (`test_fuzz_admin.py`).

Properties: no response is a server error; a submission the application refuses (the form shown
again with errors, a 4xx, or an error message after a redirect) leaves no rows and no files.
Each target first gets its settings and `prepare` (objects in the state the form needs, spam
guards out of the way), so the hostile data reaches validation rather than a refusal at the door.

Each form first gets every known payload (`hostile.PAYLOADS`) in all its fields at once, so each
field meets each payload in every run; ``FUZZ_SWEEP=0`` leaves this out (`make test-fuzz`, after
`make test` has run it). Then hypothesis examples: ``FUZZ_EXAMPLES`` for the site's forms
(default 20, for `make test`; `make test-fuzz` runs 200) and ``FUZZ_STAFF_EXAMPLES`` for the admin
and the page editor, whose every answer is a whole Wagtail admin page, several times slower
(default 5; `make test-fuzz` runs 200). `make test-fuzz` draws its examples from a fixed seed
(``FUZZ_DERANDOMIZE=1``), so a CI result can be reproduced; `make test` draws new ones every run.
"""

import functools
import os
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.messages import constants
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as run
from wagtail.models import ModelLogEntry

from tests.security.forms import field_defaults, fill, form_fields
from tests.security.hostile import PAYLOADS, field_values

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))
STAFF_EXAMPLES = int(os.environ.get("FUZZ_STAFF_EXAMPLES", "5"))
SWEEP = os.environ.get("FUZZ_SWEEP", "1") != "0"
DERANDOMIZE = os.environ.get("FUZZ_DERANDOMIZE", "0") != "0"
OUR_APPS = ("orgs", "grants", "review", "projects", "needs", "reports", "cms", "core")
WRONG_SHAPES = [{"__proto__": "x"}, {"": ""}, {"a" * 5000: "b"}]


@functools.cache
def _counted_models() -> list:
    models = [ModelLogEntry]
    for label in OUR_APPS:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        models += [m for m in config.get_models() if m._meta.managed and not m._meta.proxy]
    return models


def state_counts() -> dict:
    """Rows of every model of ours, plus audit entries: what an invalid submission must not add.
    One query (a hundred tables, counted before and after every example)."""
    models = _counted_models()
    quote = connection.ops.quote_name
    # Our own table names, quoted: nothing from outside reaches this SQL.
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(m._meta.db_table)})" for m in models)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        row = cursor.fetchone()
    return {m._meta.label: n for m, n in zip(models, row, strict=True)}


def stored(model, fields=("pk", "sha256")) -> set:
    """The files a model holds (a replacement changes the set without changing the count)."""
    return set(model.objects.values_list(*fields))


def file_count(root: Path) -> int:
    return sum(1 for p in root.rglob("*") if p.is_file()) if root.exists() else 0


def refused(response) -> bool:
    """The application said no: a 4xx, the form again with errors, or an error message."""
    if 400 <= response.status_code < 500:
        return True
    if response.status_code == 200 and response.context is not None:
        for ctx in response.context:
            for value in ctx.flatten().values():
                if getattr(value, "errors", None) and hasattr(value, "is_bound"):
                    return True
    queued = getattr(response.wsgi_request, "_messages", None)
    return bool(
        queued and any(m.level >= constants.ERROR for m in getattr(queued, "_queued_messages", []))
    )


def _client(world, role) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def _visitors():
    """A new anonymous visitor for each request, each from its own address."""
    n = 0
    while True:
        n += 1
        yield Client(REMOTE_ADDR=f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}")


def _prepared(target, world, settings) -> Client:
    for name, value in target.settings.items():
        setattr(settings, name, value)
    client = _client(world, target.role)
    if target.prepare:
        target.prepare(world, client)
    return client


def _files(target) -> dict:
    return {
        name: SimpleUploadedFile(filename, make(), content_type)
        for name, (filename, make, content_type) in target.files.items()
    }


def _send(client, target, url, data):
    if target.method == "get":
        return client.get(url, data)
    return client.post(url, {**data, **_files(target)})


def params(targets):
    """Two-factor pages are fuzzed in a session whose second factor is still due."""
    return [
        pytest.param(t, id=t.name, marks=() if t.verified else pytest.mark.real_2fa)
        for t in targets
    ]


def hostile_form_input(target, world, private_media, settings, examples=EXAMPLES):
    """Every known payload in all fields at once (unless FUZZ_SWEEP=0), then `examples`
    hypothesis examples mixing defaults and hostile text field by field."""
    client = _prepared(target, world, settings)
    visitors = _visitors()
    url = fill(target.url, world)
    defaults = field_defaults(target.fields, world)
    if not defaults:
        page = client.get(fill(target.page or target.url, world))
        assert page.status_code == 200, f"{target.name}: form page answered {page.status_code}"
        defaults = form_fields(page.content.decode(), url)
    assert defaults, f"{target.name}: no fields found"

    def submit(data):
        before, files_before = state_counts(), file_count(private_media)
        sender = next(visitors) if target.each_visitor else client
        response = _send(sender, target, url, {**data, **target.button})
        assert response.status_code < 500, (target.name, data)
        if target.json:
            assert "saved" in response.json(), response.content[:200]
        if refused(response) or (target.json and not response.json().get("saved")):
            if not target.sectional:
                assert state_counts() == before, f"{target.name}: refused input left rows behind"
            assert file_count(private_media) == files_before

    for payload in PAYLOADS if SWEEP else ():
        submit(dict.fromkeys(defaults, payload))

    @run(
        max_examples=examples,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        deadline=None,
        derandomize=DERANDOMIZE,
    )
    @given(data=field_values(defaults))
    def check(data):
        submit(data)

    check()


def wrong_shapes(target, world, settings):
    """Wrong shapes: none of the expected fields, only strange keys."""
    client = _prepared(target, world, settings)
    url = fill(target.url, world)
    for wrong in WRONG_SHAPES:
        before = state_counts()
        response = client.get(url, wrong) if target.method == "get" else client.post(url, wrong)
        assert response.status_code < 500, (target.name, wrong)
        if refused(response):
            assert state_counts() == before, (target.name, wrong)


def _upload(client, target, world, upload):
    data = {**field_defaults(target.data, world), target.file_field: upload}
    return client.post(fill(target.url, world), data)


def hostile_file(target, hostile, world, private_media, settings):
    label, name, content, content_type = hostile
    client = _prepared(target, world, settings)
    model = apps.get_model(target.model)
    rows, files = stored(model, target.stored), file_count(private_media)
    response = _upload(client, target, world, SimpleUploadedFile(name, content, content_type))
    assert response.status_code < 500
    assert refused(response), f"{label} was not refused at {target.name}"
    assert stored(model, target.stored) == rows, f"{label} stored at {target.name}"
    assert file_count(private_media) == files, f"{label} left a file at {target.name}"


def valid_file(target, world, settings):
    """The control: the same request with a clean file is stored, so the refusals are the file's
    doing, not a wrong field."""
    client = _prepared(target, world, settings)
    model = apps.get_model(target.model)
    rows = stored(model, target.stored)
    name, make, content_type = target.valid
    response = _upload(client, target, world, SimpleUploadedFile(name, make(), content_type))
    assert response.status_code in (200, 302)
    assert not refused(response), f"a clean file was refused at {target.name}"
    if not target.stores:  # checked and answered, nothing kept (/verify/)
        assert stored(model, target.stored) == rows
        return
    assert stored(model, target.stored) != rows
    if target.name_field:
        assert model.objects.filter(**{target.name_field: name}).exists()
