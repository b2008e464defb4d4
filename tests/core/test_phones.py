"""Phone numbers: mainland mobiles and fixed lines with area code, in one spelling; the rest is
refused with a sentence saying what is wanted."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from core.phones import MESSAGE, PhoneFormField, normalize_phone, validate_phone

ACCEPTED = [
    ("13800138000", "13800138000"),
    ("138 0013 8000", "13800138000"),
    ("138-0013-8000", "13800138000"),
    ("+86 138 0013 8000", "13800138000"),
    ("0086-13800138000", "13800138000"),
    ("１３８００１３８０００", "13800138000"),  # full width, as an input method types it
    ("0755-26600000", "0755-26600000"),
    ("075526600000", "0755-26600000"),
    ("（0755）2660 0000", "0755-26600000"),
    ("(010)6512 3456", "010-65123456"),
    ("021-62345678", "021-62345678"),
    ("0755-2660000", "0755-2660000"),  # seven-digit local numbers exist
    ("+86 755 26600000", "0755-26600000"),
    ("0755-26600000 转 8012", "0755-26600000-8012"),
    ("0755-26600000-8012", "0755-26600000-8012"),
    ("0755-26600000 ext.12", "0755-26600000-12"),
]
REFUSED = [
    "12345",
    "abc",
    "电话",
    "26600000",  # no area code
    "0000-12345678",
    "0755-06600000",  # local numbers do not start with 0
    "010-12345678",  # nor with 1
    "1380013800",  # ten digits
    "138001380001",  # twelve
    "12800138000",  # no such mobile prefix
    "13800138000 转 1",  # mobiles have no extension
    "٠٧٥٥٢٦٦٠٠٠٠٠",  # other scripts' digits
    "0755-2660000０x",
]


@pytest.mark.parametrize(("typed", "stored"), ACCEPTED)
def test_accepted_spellings_are_stored_in_one_form(typed, stored):
    assert normalize_phone(typed) == stored
    assert PhoneFormField(required=False).clean(typed) == stored
    validate_phone(stored)  # the stored spelling is valid as it is


@pytest.mark.parametrize("typed", REFUSED)
def test_other_text_is_refused_with_what_is_wanted(typed):
    assert normalize_phone(typed) is None
    with pytest.raises(ValidationError) as refused:
        PhoneFormField(required=False).clean(typed)
    assert refused.value.messages == [str(MESSAGE)]
    with pytest.raises(ValidationError):
        validate_phone(typed)


def test_empty_stays_empty_where_optional():
    assert PhoneFormField(required=False).clean("") == ""
    validate_phone("")


@given(st.text(max_size=40))
def test_any_text_is_refused_or_stored_valid(text):
    spelled = normalize_phone(text)
    if spelled is not None:
        validate_phone(spelled)
        assert normalize_phone(spelled) == spelled
