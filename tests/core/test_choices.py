"""Fields choosing rows by id refuse ids no database column can hold, before any query."""

import pytest
from django.core.exceptions import ValidationError

from cms.models import CataloguePage
from core.choices import RowChoiceField, row_id

pytestmark = pytest.mark.django_db


def test_a_page_id_beyond_64_bits_is_an_invalid_choice():
    """Pages are keyed by `page_ptr`, a one-to-one key Django does not range-check: SQLite
    overflowed (a 500 in the page editor) before this field."""
    field = RowChoiceField(queryset=CataloguePage.objects.all())
    with pytest.raises(ValidationError):
        field.clean("1" + "0" * 30)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        (" 7 ", 7),
        ("abc", None),
        ("²", None),
        ("0", None),
        ("", None),
        (None, None),
        ("1" + "0" * 30, None),
    ],
)
def test_row_id(value, expected):
    assert row_id(value) == expected
