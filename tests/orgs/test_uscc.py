"""Tests for orgs.uscc (GB 32100-2015 Unified Social Credit Code)."""

from django.conf import settings

if not settings.configured:  # lets the module run without a Django settings module
    settings.configure(USE_I18N=False)

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from orgs.uscc import (
    ALPHABET,
    KIND_PREFIXES,
    WEIGHTS,
    check_char,
    inspect,
    normalize,
    org_code_check_char,
    validate_uscc,
)

STANDARD_EXAMPLE = "91350100M000100Y43"
# 51 (social group), 52 (private non-enterprise unit), 53 (foundation), 91 (enterprise).
# Hand check of 53310000500004569X, values x weights over positions 1-17:
#   5*1 + 3*3 + 3*9 + 1*27 + 0*19 + 0*26 + 0*16 + 0*17 + 5*20 + 0*29 + 0*25 + 0*13 + 0*8
#   + 4*24 + 5*10 + 6*30 + 9*28 = 746;  746 mod 31 = 2;  (31 - 2) mod 31 = 29 -> "X".
#   GB 11714 body 50000456: 5*3 + 4*8 + 5*4 + 6*2 = 79; 79 mod 11 = 2; 11 - 2 = 9 -> "9".
SOCIAL_GROUP = "51510100500001237N"
SERVICE_ORG = "52110108MJ0000018M"
FOUNDATION = "53310000500004569X"
ENTERPRISE = "91440300MA5G12343E"
VALID_CODES = [STANDARD_EXAMPLE, SOCIAL_GROUP, SERVICE_ORG, FOUNDATION, ENTERPRISE]
BY_KIND = {
    "social_group": SOCIAL_GROUP,
    "service_org": SERVICE_ORG,
    "foundation": FOUNDATION,
    "enterprise": ENTERPRISE,
}


def _errors(code, **kwargs):
    return [str(e) for e in inspect(code, **kwargs).errors]


def _with_char(code, pos, char):
    """Replace the char at 1-based position pos."""
    return code[: pos - 1] + char + code[pos:]


# --- constants and check characters ---------------------------------------------------


def test_constants_match_standard():
    assert len(ALPHABET) == 31
    assert not set("IOZSV") & set(ALPHABET)
    assert WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    assert KIND_PREFIXES == {
        "social_group": "51",
        "service_org": "52",
        "foundation": "53",
        "enterprise": "9",
    }


def test_check_char_standard_example():
    assert check_char("91350100M000100Y4") == "3"


@pytest.mark.parametrize("code", VALID_CODES)
def test_check_char_hand_computed_codes(code):
    assert check_char(code[:17]) == code[17]


def test_check_char_rejects_invalid_input():
    with pytest.raises(ValueError):
        check_char("91350100M000100Y")  # 16 chars
    with pytest.raises(ValueError):
        check_char("91350100I000100Y4")


def test_org_code_check_char_standard_example():
    assert org_code_check_char("M000100Y") == "4"
    assert org_code_check_char("50000456") == "9"


def test_org_code_check_char_special_values():
    # sum mod 11 == 1 -> c = 10 -> "X";  sum mod 11 == 0 -> c = 11 -> "0"
    assert org_code_check_char("00000006") == "X"  # 6*2 = 12; 12 mod 11 = 1; 11 - 1 = 10
    assert org_code_check_char("00000000") == "0"  # 0 mod 11 = 0; 11 - 0 = 11


# --- valid codes ----------------------------------------------------------------------


@pytest.mark.parametrize("code", VALID_CODES)
def test_inspect_valid_codes_ok(code):
    report = inspect(code)
    assert report.ok
    assert report.errors == []
    assert report.warnings == []
    assert report.code == code
    assert validate_uscc(code) == code


def test_inspect_standard_example_has_no_warning():
    assert inspect(STANDARD_EXAMPLE).warnings == []


# --- property: single substitutions and adjacent transpositions are detected ------------

_symbol = st.sampled_from(ALPHABET)
_digit = st.sampled_from("0123456789")


@st.composite
def valid_codes(draw):
    head = draw(st.text(_symbol, min_size=2, max_size=2))
    region = draw(st.text(_digit, min_size=6, max_size=6))
    tail = draw(st.text(_symbol, min_size=9, max_size=9))
    first17 = head + region + tail
    return first17 + check_char(first17)


@given(valid_codes())
def test_check_char_detects_every_single_substitution(code):
    assert inspect(code).ok
    for pos in range(1, 19):
        for symbol in ALPHABET:
            if symbol == code[pos - 1]:
                continue
            mutated = _with_char(code, pos, symbol)
            assert check_char(mutated[:17]) != mutated[17], (code, pos, symbol)
            assert not inspect(mutated).ok, (code, pos, symbol)


@given(valid_codes())
def test_check_char_detects_every_adjacent_transposition(code):
    for i in range(17):
        if code[i] == code[i + 1]:
            continue
        swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
        assert check_char(swapped[:17]) != swapped[17], (code, i)
        assert not inspect(swapped).ok, (code, i)


# --- normalization ----------------------------------------------------------------------


def test_normalize_lowercase_and_whitespace():
    assert normalize(" 9135 0100m000\t100y43\n") == STANDARD_EXAMPLE
    assert normalize("\u30009135\u30000100M000100Y43\u3000") == STANDARD_EXAMPLE


def test_normalize_full_width_letters_and_digits():
    full = "".join(chr(ord(c) + 0xFEE0) for c in STANDARD_EXAMPLE.lower())
    assert normalize(full) == STANDARD_EXAMPLE


def test_inspect_accepts_messy_input():
    assert validate_uscc("９１３５０１００ｍ０００１００ｙ４３") == STANDARD_EXAMPLE
    assert validate_uscc("  91350100m000100y43\u3000") == STANDARD_EXAMPLE


# --- errors -----------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["", "   ", "\u3000", None])
def test_inspect_empty_rejected(code):
    assert _errors(code) == ["统一社会信用代码不能为空"]


@pytest.mark.parametrize("code", [STANDARD_EXAMPLE[:17], STANDARD_EXAMPLE + "0", "9135"])
def test_inspect_wrong_length_rejected(code):
    assert _errors(code) == [f"统一社会信用代码应为18位，当前为{len(code)}位"]


@pytest.mark.parametrize("char", list("IOZSV"))
def test_inspect_forbidden_letters_rejected(char):
    errors = _errors(_with_char(STANDARD_EXAMPLE, 9, char))
    assert len(errors) == 1
    assert f"第9位“{char}”" in errors[0]
    assert "I、O、Z、S、V" in errors[0]


def test_inspect_lowercase_forbidden_letter_rejected_after_upper_casing():
    errors = _errors(_with_char(STANDARD_EXAMPLE, 16, "o"))
    assert len(errors) == 1
    assert "第16位“O”" in errors[0]


def test_inspect_forbidden_chars_all_named_with_length_error():
    errors = _errors("91350100I000100Y43-")
    assert errors[0] == "统一社会信用代码应为18位，当前为19位"
    assert "第9位“I”、第19位“-”" in errors[1]
    assert len(errors) == 2  # checksum not computed when length/charset is wrong


def test_inspect_region_not_digits_rejected():
    first17 = "91ABCDEFM000100Y4"
    errors = _errors(first17 + check_char(first17))
    assert errors == ["第3-8位行政区划码应为6位数字，实为“ABCDEF”"]


def test_inspect_wrong_check_char_rejected():
    report = inspect(_with_char(STANDARD_EXAMPLE, 18, "5"))
    assert [str(e) for e in report.errors] == ["校验位应为3，实为5"]
    assert report.checksum_failed_only


@pytest.mark.parametrize(
    ("kind", "label", "prefix"),
    [
        ("social_group", "社会团体", "51"),
        ("service_org", "民办非企业单位", "52"),
        ("foundation", "基金会", "53"),
        ("enterprise", "企业", "9"),
    ],
)
def test_inspect_kind_mismatch_rejected(kind, label, prefix):
    assert inspect(BY_KIND[kind], kind=kind).ok
    wrong = SOCIAL_GROUP if kind != "social_group" else FOUNDATION
    assert _errors(wrong, kind=kind) == [f"{label}的统一社会信用代码应以{prefix}开头"]
    with pytest.raises(ValidationError):
        validate_uscc(wrong, kind=kind)


@pytest.mark.parametrize("kind", [None, "", "cooperative", "unknown"])
@pytest.mark.parametrize("code", VALID_CODES)
def test_inspect_no_or_unknown_kind_accepts_any_prefix(kind, code):
    assert inspect(code, kind=kind).ok


def test_validate_uscc_raises_with_all_messages_and_code():
    with pytest.raises(ValidationError) as excinfo:
        validate_uscc("91350100I000100Y43-")
    assert len(excinfo.value.messages) == 2
    assert {e.code for e in excinfo.value.error_list} == {"uscc"}


# --- staff override ---------------------------------------------------------------------


def test_validate_uscc_override_accepts_checksum_only_failure():
    code = _with_char(STANDARD_EXAMPLE, 18, "5")
    with pytest.raises(ValidationError) as excinfo:
        validate_uscc(code)
    assert excinfo.value.messages == ["校验位应为3，实为5"]
    assert validate_uscc(code, allow_checksum_override=True) == code


@pytest.mark.parametrize(
    "code",
    [
        STANDARD_EXAMPLE[:17],  # length
        _with_char(STANDARD_EXAMPLE, 9, "I"),  # charset
        _with_char(_with_char(STANDARD_EXAMPLE, 9, "I"), 18, "5"),  # charset + checksum
    ],
)
def test_validate_uscc_override_rejects_length_or_charset_failure(code):
    assert not inspect(code).checksum_failed_only
    with pytest.raises(ValidationError):
        validate_uscc(code, allow_checksum_override=True)


def test_validate_uscc_override_rejects_checksum_plus_kind_failure():
    code = _with_char(STANDARD_EXAMPLE, 18, "5")
    report = inspect(code, kind="foundation")
    assert len(report.errors) == 2
    assert not report.checksum_failed_only
    with pytest.raises(ValidationError):
        validate_uscc(code, kind="foundation", allow_checksum_override=True)


# --- GB 11714 warning -------------------------------------------------------------------


def test_inspect_org_code_check_failure_only_warns():
    # Position 17 changed 4 -> 5 and position 18 recomputed, so only GB 11714 fails.
    code = "91350100M000100Y56"
    report = inspect(code)
    assert report.ok
    assert report.errors == []
    assert [str(w) for w in report.warnings] == [
        "组织机构代码部分（第9-17位）校验未通过：第17位应为4，实为5，请核对证书原件"
    ]
    assert validate_uscc(code) == code


@given(st.text(max_size=40))
def test_inspect_never_raises_on_arbitrary_text(text):
    report = inspect(text)
    assert report.ok == (not report.errors)
