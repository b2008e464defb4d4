"""Hostile input at the site's forms: every form of `forms.FORMS` gets hypothesis-generated hostile
data, every upload endpoint of `forms.UPLOADS` every file of `hostile.HOSTILE_FILES`. The checks
and their properties are in `fuzzing`."""

import pytest

from tests.security import fuzzing
from tests.security.forms import FORMS, UPLOADS
from tests.security.hostile import HOSTILE_FILES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("target", fuzzing.params(FORMS))
def test_hostile_form_input_is_refused_cleanly(target, world, _private_media, settings):
    fuzzing.hostile_form_input(target, world, _private_media, settings)


@pytest.mark.parametrize("target", fuzzing.params(FORMS))
def test_unknown_or_missing_fields_are_refused_cleanly(target, world, _private_media, settings):
    fuzzing.wrong_shapes(target, world, settings)


@pytest.mark.parametrize("target", UPLOADS, ids=[t.name for t in UPLOADS])
@pytest.mark.parametrize("hostile", HOSTILE_FILES, ids=[h[0] for h in HOSTILE_FILES])
def test_hostile_file_is_refused_at_every_upload(target, hostile, world, _private_media, settings):
    fuzzing.hostile_file(target, hostile, world, _private_media, settings)


@pytest.mark.parametrize("target", UPLOADS, ids=[t.name for t in UPLOADS])
def test_valid_file_is_accepted_at_every_upload(target, world, _private_media, settings):
    fuzzing.valid_file(target, world, settings)
