"""Unified Social Credit Code (统一社会信用代码, GB 32100-2015) validation.

Layout of the 18 characters (1-based positions):
  1      registering department (5 = civil affairs, 9 = market regulation, ...)
  2      organization kind within the department (for 5: 1/2/3/9)
  3-8    administrative region code (6 digits)
  9-17   the legacy organization code (GB 11714), position 17 being its own check char
  18     check char over positions 1-17 (mod 31)

Pure Python: no models, no database. Messages are lazy msgids rendered when a report is built.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 symbols; I, O, Z, S, V are never used
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
KIND_PREFIXES = {"social_group": "51", "service_org": "52", "foundation": "53", "enterprise": "9"}

_VALUES = {ch: i for i, ch in enumerate(ALPHABET)}
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714 weights for the 8 body chars
_ORG_SYMBOLS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # GB 11714 values: 0-9, A=10 ... Z=35
# Full-width digits and letters (U+FF10-U+FF5A) -> ASCII; full-width punctuation is left alone.
_FULL_WIDTH = {
    cp: cp - 0xFEE0
    for cp in range(0xFF10, 0xFF5B)
    if chr(cp - 0xFEE0).isascii() and chr(cp - 0xFEE0).isalnum()
}

_KIND_LABELS = {
    "social_group": _("社会团体"),
    "service_org": _("民办非企业单位"),
    "foundation": _("基金会"),
    "enterprise": _("企业"),
}
MSG_EMPTY = _("统一社会信用代码不能为空")
MSG_LENGTH = _("统一社会信用代码应为18位，当前为%(n)d位")
MSG_CHARS = _(
    "统一社会信用代码含有不允许的字符：%(chars)s（只能使用数字和大写字母，且不使用I、O、Z、S、V）"
)
MSG_CHAR_AT = _("第%(pos)d位“%(char)s”")
MSG_REGION = _("第3-8位行政区划码应为6位数字，实为“%(region)s”")
MSG_CHECKSUM = _("校验位应为%(expected)s，实为%(found)s")
MSG_KIND = _("%(label)s的统一社会信用代码应以%(prefix)s开头")
MSG_ORG_CODE = _(
    "组织机构代码部分（第9-17位）校验未通过：第17位应为%(expected)s，实为%(found)s，请核对证书原件"
)


def normalize(code: str) -> str:
    """Drop all whitespace (incl. U+3000), map full-width letters/digits to ASCII, upper-case."""
    return "".join(code.split()).translate(_FULL_WIDTH).upper()


def check_char(first17: str) -> str:
    """Return the GB 32100 check symbol (position 18) for 17 characters from ALPHABET."""
    if len(first17) != 17 or any(ch not in _VALUES for ch in first17):
        raise ValueError(f"expected 17 characters from ALPHABET, got {first17!r}")
    total = sum(_VALUES[ch] * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def org_code_check_char(body8: str) -> str:
    """Return the GB 11714 organization-code check char for its 8 body characters."""
    if len(body8) != 8 or any(ch not in _ORG_SYMBOLS for ch in body8):
        raise ValueError(f"expected 8 digits/upper-case letters, got {body8!r}")
    total = sum(_ORG_SYMBOLS.index(ch) * w for ch, w in zip(body8, _ORG_WEIGHTS, strict=True))
    c = 11 - total % 11
    return {10: "X", 11: "0"}.get(c, str(c))


def _checksum_mismatch(code: str) -> bool:
    """True when code is 18 valid symbols whose position 18 is not the expected check char."""
    return (
        len(code) == 18 and all(ch in _VALUES for ch in code) and check_char(code[:17]) != code[17]
    )


@dataclass(frozen=True)
class USCCReport:
    code: str  # normalized input
    errors: list[str]
    warnings: list[str]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def checksum_failed_only(self) -> bool:
        """True when the single error is the check-char one (the case staff may override)."""
        return len(self.errors) == 1 and _checksum_mismatch(self.code)


def inspect(code: str, *, kind: str | None = None) -> USCCReport:
    """Check a code and describe every problem; never raises."""
    code = normalize(code if isinstance(code, str) else "" if code is None else str(code))
    errors: list[str] = []
    warnings: list[str] = []
    if not code:
        return USCCReport(code, [str(MSG_EMPTY)], warnings)

    # Length and charset first: nothing else is meaningful until they are right.
    if len(code) != 18:
        errors.append(MSG_LENGTH % {"n": len(code)})
    bad = [(pos, ch) for pos, ch in enumerate(code, start=1) if ch not in _VALUES]
    if bad:
        listed = "、".join(MSG_CHAR_AT % {"pos": pos, "char": ch} for pos, ch in bad)
        errors.append(MSG_CHARS % {"chars": listed})
    if errors:
        return USCCReport(code, errors, warnings)

    if not code[2:8].isdigit():
        errors.append(MSG_REGION % {"region": code[2:8]})
    prefix = KIND_PREFIXES.get(kind or "")
    if prefix and not code.startswith(prefix):
        errors.append(MSG_KIND % {"label": _KIND_LABELS[kind], "prefix": prefix})
    expected = check_char(code[:17])
    if code[17] != expected:
        errors.append(MSG_CHECKSUM % {"expected": expected, "found": code[17]})

    # The legacy organization code has its own check; old certificates may violate it.
    org_expected = org_code_check_char(code[8:16])
    if code[16] != org_expected:
        warnings.append(MSG_ORG_CODE % {"expected": org_expected, "found": code[16]})
    return USCCReport(code, errors, warnings)


def validate_uscc(
    code: str, *, kind: str | None = None, allow_checksum_override: bool = False
) -> str:
    """Return the normalized code or raise ValidationError(code="uscc") listing every error.

    With allow_checksum_override=True a code whose only problem is the check char passes.
    """
    report = inspect(code, kind=kind)
    if report.ok or (allow_checksum_override and report.checksum_failed_only):
        return report.code
    raise ValidationError([ValidationError(msg, code="uscc") for msg in report.errors])
