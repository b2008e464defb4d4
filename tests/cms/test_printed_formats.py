"""The scanner that tells an amount or a date printed outside the money filters
(docs/development.md, "Money and dates") in a page's text: an amount before 元 / 万元 that is not
written 120,000.00, a decimal of four or more integer digits without separators, and an ISO date
on a page for the public or an applicant."""

import re

# Written amounts: 120,000.00 — separators, two decimals.
WRITTEN = re.compile(r"-?\d{1,3}(?:,\d{3})*\.\d{2}")
# A number right before 元 / 万元 (not part of a longer number or a word like 2026年).
# (\w would also match Chinese characters, so the letters are spelled out.)
BEFORE_UNIT = re.compile(r"(?<![\d,.A-Za-z_])(-?\d[\d,]*(?:\.\d+)?)\s*(万元|元)")
# A decimal whose integer part has four digits or more and no separator: 120000.00.
BARE_DECIMAL = re.compile(r"(?<![\d,.])\d{4,}\.\d+(?![\d])")
ISO_DATE = re.compile(r"(?<![\d-])20\d\d-[01]\d-[0-3]\d(?![\d])")


def problems_in(text: str, *, iso_dates_allowed: bool) -> list[str]:
    """What in the stripped text of one page is not printed the platform's way."""
    found = []
    for match in BEFORE_UNIT.finditer(text):
        number, unit = match.groups()
        if not WRITTEN.fullmatch(number):
            found.append(f"amount not written 120,000.00 before {unit}: {match.group()!r}")
    for match in BARE_DECIMAL.finditer(text):
        found.append(f"amount without thousands separators: {match.group()!r}")
    if not iso_dates_allowed:
        for match in ISO_DATE.finditer(text):
            found.append(f"ISO date where 2026年12月7日 is the style: {match.group()!r}")
    return found


def test_the_scanner_catches_each_way_of_printing_money_wrongly():
    bad = {
        "资助金额 120000.00 元": 2,  # no separators (as an amount and as a bare decimal)
        "已拨付60000 元": 1,
        "合计 82,000 元": 1,  # no decimals
        "拟资助 8.2 万元": 1,
        "120000.00": 1,
        "2026-12-07 发布": 1,
    }
    for text, count in bad.items():
        assert len(problems_in(text, iso_dates_allowed=False)) == count, text
    good = "资助金额 120,000.00 元，合计 12.00 万元，2026年12月7日，第3号，0755-26600001，2026年度"
    assert problems_in(good, iso_dates_allowed=False) == []
    assert problems_in("2026-12-07 14:30", iso_dates_allowed=True) == []
