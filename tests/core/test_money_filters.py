"""The one way money and dates are printed: `core.money`, `core.formats` and their filters."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from core import formats, money


def render(source: str, **context) -> str:
    return Template("{% load money %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("amount", "figures", "yuan", "wan", "wan_yuan"),
    [
        (None, "—", "—", "—", "—"),
        ("", "—", "—", "—", "—"),
        (0, "0.00", "0.00 元", "0.00", "0.00 万元"),
        (Decimal("0.00"), "0.00", "0.00 元", "0.00", "0.00 万元"),
        (120000, "120,000.00", "120,000.00 元", "12.00", "12.00 万元"),
        ("60000", "60,000.00", "60,000.00 元", "6.00", "6.00 万元"),
        ("82000.5", "82,000.50", "82,000.50 元", "8.20", "8.20 万元"),
        (Decimal("-1234.5"), "-1,234.50", "-1,234.50 元", "-0.12", "-0.12 万元"),
        (Decimal("0.005"), "0.01", "0.01 元", "0.00", "0.00 万元"),  # half up, to the fen
        (Decimal("12345.67"), "12,345.67", "12,345.67 元", "1.23", "1.23 万元"),
        # 万元 rounds ROUND_HALF_UP to two places: 150 yuan is 0.015 万元 → 0.02, 149.99 → 0.01.
        (Decimal("150"), "150.00", "150.00 元", "0.02", "0.02 万元"),
        (Decimal("149.99"), "149.99", "149.99 元", "0.01", "0.01 万元"),
        (Decimal("-150"), "-150.00", "-150.00 元", "-0.02", "-0.02 万元"),
        (
            Decimal("123456789012345.678"),
            "123,456,789,012,345.68",
            "123,456,789,012,345.68 元",
            "12,345,678,901.23",
            "12,345,678,901.23 万元",
        ),
    ],
)
def test_money_filters_print_separators_two_decimals_and_the_unit(
    amount, figures, yuan, wan, wan_yuan
):
    assert money.figures(amount) == figures
    assert money.yuan(amount) == yuan
    assert money.wan(amount) == wan
    assert money.wan_yuan(amount) == wan_yuan
    html = render(
        "{{ a|figures }}|{{ a|yuan }}|{{ a|wan }}|{{ a|wan_yuan }}",
        a=amount,
    )
    assert html == f"{figures}|{yuan}|{wan}|{wan_yuan}"


def test_money_never_goes_through_float():
    # As a float 2.675 is 2.67499…, which would round down to 2.67.
    assert money.figures(Decimal("2.675")) == "2.68"
    assert money.figures("2.675") == "2.68"
    assert money.figures(Decimal("9999999999999999.995")) == "10,000,000,000,000,000.00"
    assert money.cents("2.675") == Decimal("2.68") and money.cents(None) is None


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2))
def test_figures_read_back_to_the_same_decimal(amount):
    assert Decimal(money.figures(amount).replace(",", "")) == amount


def test_the_grants_and_site_libraries_carry_the_same_filters():
    from cms.templatetags.cms_tags import register as cms
    from core.templatetags.money import register as core
    from grants.templatetags.grants_tags import register as grants

    for name in ("figures", "yuan", "wan", "wan_yuan", "chinese_day", "iso_day", "iso_time"):
        assert cms.filters[name] is core.filters[name] is grants.filters[name]


# --- dates --------------------------------------------------------------------------------------

HALF_PAST_MIDNIGHT_BEIJING = datetime(
    2026, 12, 6, 16, 30, tzinfo=UTC
)  # 2026-12-07 00:30 in Beijing


def test_dates_are_beijing_days_even_just_after_midnight():
    moment = HALF_PAST_MIDNIGHT_BEIJING
    assert formats.chinese_day(moment) == "2026年12月7日"
    assert formats.iso_day(moment) == "2026-12-07"
    assert formats.iso_time(moment) == "2026-12-07 00:30"
    assert formats.beijing_time(moment) == "2026年12月7日 00:30"
    assert render(
        "{{ m|chinese_day }}|{{ m|iso_day }}|{{ m|iso_time }}|{{ m|chinese_time }}", m=moment
    ) == ("2026年12月7日|2026-12-07|2026-12-07 00:30|2026年12月7日 00:30")


def test_dates_of_plain_days_and_missing_values():
    assert formats.chinese_day(date(2026, 1, 5)) == "2026年1月5日"
    assert formats.iso_day(date(2026, 1, 5)) == "2026-01-05"
    assert render("{{ d|chinese_day }}|{{ d|iso_day }}|{{ d|iso_time }}", d=None) == "—|—|—"
