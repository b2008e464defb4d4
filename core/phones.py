"""Telephone numbers as a Chinese form expects them: a mainland mobile, or a fixed line with its
area code, stored in one spelling.

People type "138 0013 8000", "+86-138…", "（0755）2660 0000", full-width digits or "转 8012";
each is stored as 13800138000 or 0755-26600000(-8012). Anything else ("12345", "电话", a number
without its area code) is refused with a sentence saying what is wanted, so no 申报书 prints it.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

MESSAGE = _("请填写11位手机号码，或带区号的固定电话（如 0755-26600000）")

_MOBILE = re.compile(r"1[3-9][0-9]{9}")
# Area codes: 010 and 02X are three digits, the others four (03XX–09XX); local numbers have 7 or 8
# digits and do not start with 0 or 1; an extension follows 转, ext, # or a dash.
_FIXED = re.compile(r"(?P<area>0(?:10|2[0-9]|[3-9][0-9]{2}))(?P<number>[2-9][0-9]{6,7})")
_EXTENSION = re.compile(r"(?:转|分机|ext\.?|#)\s*([0-9]{1,6})$")
_SEPARATORS = re.compile(r"[\s\-‐-―−()（）]+")


def _fixed(digits: str) -> str | None:
    if not digits.startswith("0") and 9 <= len(digits) <= 11:
        digits = "0" + digits  # "+86 755 26600000": the international form drops the 0
    match = _FIXED.fullmatch(digits)
    return f"{match['area']}-{match['number']}" if match else None


def normalize_phone(text) -> str | None:
    """The stored spelling of a phone number, or None when it is neither a mainland mobile nor a
    fixed line with area code."""
    value = unicodedata.normalize("NFKC", str(text or "")).strip().lower()
    value = re.sub(r"^(?:\+|00)86(?=[\s\-]*[0-9])", "", value)
    ext = ""
    if match := _EXTENSION.search(value):
        value, ext = value[: match.start()], match.group(1)
    groups = [g for g in _SEPARATORS.split(value) if g]
    if not all(g.isascii() and g.isdigit() for g in groups):
        return None
    digits = "".join(groups)
    if not ext and _MOBILE.fullmatch(digits):
        return digits
    spelled = _fixed(digits)
    if spelled is None and not ext and len(groups) > 1 and len(groups[-1]) <= 6:
        # "0755-2660-0000-8012": a last group after a complete number is its extension.
        spelled, ext = _fixed("".join(groups[:-1])), groups[-1]
    if spelled is None:
        return None
    return f"{spelled}-{ext}" if ext else spelled


MOBILE_MESSAGE = _("请输入11位中国大陆手机号码，以1开头")


def normalize_mobile(text) -> str:
    """A mainland mobile number's stored spelling (13800138000), "" for empty input; anything
    else comes back folded and stripped, for `validate_mobile` to refuse with its message."""
    spelled = normalize_phone(text)
    if spelled is not None and _MOBILE.fullmatch(spelled):
        return spelled
    return unicodedata.normalize("NFKC", str(text or "")).strip()


def validate_mobile(value) -> None:
    """Only a mainland mobile: it signs in (`core.security.lockout.normalize_login`)."""
    if not _MOBILE.fullmatch(value or ""):
        raise ValidationError(MOBILE_MESSAGE, code="mobile")


def validate_phone(value) -> None:
    if value and normalize_phone(value) != value:
        raise ValidationError(MESSAGE, code="phone")


class PhoneFormField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        spelled = normalize_phone(value)
        if spelled is None:
            raise ValidationError(MESSAGE, code="phone")
        return spelled


class PhoneField(models.CharField):
    """A CharField holding `normalize_phone`'s spelling; its form field reads every common way
    of typing a number."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 30)
        super().__init__(*args, **kwargs)
        if validate_phone not in self.validators:
            self.validators.append(validate_phone)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PhoneFormField, **kwargs})
