"""Hostile input at the staff forms of the admin (`admin_forms`); the checks are in `fuzzing`."""

import pytest

from tests.security import fuzzing
from tests.security.admin_forms import ADMIN_FORMS, ADMIN_UPLOADS, SPREADSHEET_UPLOADS
from tests.security.hostile import HOSTILE_FILES, HOSTILE_SPREADSHEETS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("target", fuzzing.params(ADMIN_FORMS))
def test_hostile_admin_input_is_refused_cleanly(target, world, _private_media, settings):
    fuzzing.hostile_form_input(
        target, world, _private_media, settings, examples=fuzzing.STAFF_EXAMPLES
    )


@pytest.mark.parametrize("target", fuzzing.params(ADMIN_FORMS))
def test_admin_forms_refuse_unknown_or_missing_fields(target, world, _private_media, settings):
    fuzzing.wrong_shapes(target, world, settings)


@pytest.mark.parametrize("target", ADMIN_UPLOADS, ids=[t.name for t in ADMIN_UPLOADS])
@pytest.mark.parametrize("hostile", HOSTILE_FILES, ids=[h[0] for h in HOSTILE_FILES])
def test_hostile_file_is_refused_at_every_admin_upload(
    target, hostile, world, _private_media, settings
):
    fuzzing.hostile_file(target, hostile, world, _private_media, settings)


@pytest.mark.parametrize("target", SPREADSHEET_UPLOADS, ids=[t.name for t in SPREADSHEET_UPLOADS])
@pytest.mark.parametrize("hostile", HOSTILE_SPREADSHEETS, ids=[h[0] for h in HOSTILE_SPREADSHEETS])
def test_hostile_spreadsheet_is_refused(target, hostile, world, _private_media, settings):
    """Bombs (deflate, rows, declared width, entities) and foreign files named .xlsx or .csv."""
    fuzzing.hostile_file(target, hostile, world, _private_media, settings)


@pytest.mark.parametrize("target", ADMIN_UPLOADS, ids=[t.name for t in ADMIN_UPLOADS])
def test_valid_file_is_accepted_at_every_admin_upload(target, world, _private_media, settings):
    fuzzing.valid_file(target, world, settings)
