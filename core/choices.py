"""Form fields choosing rows by id that refuse ids no database column can hold."""

from django import forms
from django.core.exceptions import ValidationError

BIGINT_MAX = 2**63 - 1


def _beyond_64_bits(value) -> bool:
    try:
        return abs(int(str(value).strip())) > BIGINT_MAX
    except ValueError:
        return False  # not a number: the field refuses it with its own message


class RowChoiceField(forms.ModelChoiceField):
    """`ModelChoiceField` whose ids beyond the 64-bit range are invalid choices: Django does not
    range-check lookups through a one-to-one key (a page type's `page_ptr`), where SQLite
    overflows."""

    def to_python(self, value):
        if value not in self.empty_values and _beyond_64_bits(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class RowsChoiceField(forms.ModelMultipleChoiceField):
    """`ModelMultipleChoiceField` whose ids beyond the 64-bit range are invalid choices: Django
    checks the range for one id but not for its `id IN (...)` query, where SQLite overflows."""

    def _check_values(self, value):
        for item in value:
            if _beyond_64_bits(item):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return super()._check_values(value)


def row_id(value) -> int | None:
    """A posted id as an int, or None when no database column could hold it ("", "abc", "²",
    10**30): a lookup by None finds nothing, where the raw value would raise."""
    text = str(value if value is not None else "").strip()
    if not (text.isascii() and text.isdecimal()):
        return None
    number = int(text)
    return number if 0 < number <= BIGINT_MAX else None
