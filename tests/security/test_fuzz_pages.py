"""Hostile input at the Wagtail page editor for our page types: every form of
`page_forms.PAGE_FORMS`. The checks and their properties are in `fuzzing`."""

import pytest

from tests.security import fuzzing
from tests.security.page_forms import PAGE_FORMS, add_pages

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(world, django_db_blocker):
    """The shared world plus a page of each type (rolled back with it when the module ends)."""
    with django_db_blocker.unblock():
        add_pages(world)
    return world


@pytest.mark.parametrize("target", fuzzing.params(PAGE_FORMS))
def test_hostile_page_input_is_refused_cleanly(target, world, _private_media, settings):
    fuzzing.hostile_form_input(
        target, world, _private_media, settings, examples=fuzzing.STAFF_EXAMPLES
    )


@pytest.mark.parametrize("target", fuzzing.params(PAGE_FORMS))
def test_page_forms_with_unknown_or_missing_fields_are_refused_cleanly(target, world, settings):
    fuzzing.wrong_shapes(target, world, settings)
