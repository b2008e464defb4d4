"""Form fields choosing rows by id that refuse ids no database column can hold."""

from django import forms
from django.core.exceptions import ValidationError

BIGINT_MAX = 2**63 - 1


class RowsChoiceField(forms.ModelMultipleChoiceField):
    """`ModelMultipleChoiceField` whose ids beyond the 64-bit range are invalid choices: Django
    checks the range for one id but not for its `id IN (...)` query, where SQLite overflows."""

    def _check_values(self, value):
        for item in value:
            try:
                out_of_range = abs(int(str(item).strip())) > BIGINT_MAX
            except ValueError:
                continue  # not a number: the parent refuses it with its own message
            if out_of_range:
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
