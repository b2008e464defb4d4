"""How the platform writes an amount of money, on every page, PDF, e-mail and export.

* figures: thousands separators and two decimals, 120000 → "120,000.00", for a column or a
  sentence that already names the unit (金额（元）, "资助金额 {{ amount }} 元");
* yuan: the figures with the unit, "120,000.00 元";
* wan: in 万元 for columns headed 万元, 120000 → "12.00", 12345.675 → "1.23" (ROUND_HALF_UP to
  two places of 万元, i.e. to the hundred yuan), with the unit: "12.00 万元";
* capitals: Chinese capitals (大写金额) in the 元角分 form that banks and finance offices expect
  (人民币壹拾贰万元整, 壹仟贰佰叁拾肆元伍角陆分), for contracts and payment notices.

Amounts are Decimal yuan (strings and ints are read exactly; never through float); a missing
amount prints "—". Every rounding here is ROUND_HALF_UP, as finance offices round.
"""

from decimal import ROUND_HALF_UP, Decimal

import cn2an
from django.utils.translation import gettext as _

CENT = Decimal("0.01")
TEN_THOUSAND = Decimal(10000)
MISSING = "—"


def _decimal(amount) -> Decimal:
    if isinstance(amount, float):
        # repr() is the shortest text of the float: 0.1 reads 0.1, not 0.1000000000000000055.
        amount = repr(amount)
    return Decimal(amount)


def _is_missing(amount) -> bool:
    return amount is None or amount == ""


def figures(amount) -> str:
    """120000 → "120,000.00"; -1234.5 → "-1,234.50"; None → "—"."""
    if _is_missing(amount):
        return MISSING
    return f"{_decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"


def yuan(amount) -> str:
    """120000 → "120,000.00 元"; None → "—"."""
    if _is_missing(amount):
        return MISSING
    return _("%(amount)s 元") % {"amount": figures(amount)}


def wan(amount) -> str:
    """Yuan in 万元, two places, ROUND_HALF_UP: 120000 → "12.00", 12345.67 → "1.23",
    15000 → "1.50", 150 → "0.02"; None → "—"."""
    if _is_missing(amount):
        return MISSING
    return figures(_decimal(amount) / TEN_THOUSAND)


def wan_yuan(amount) -> str:
    """120000 → "12.00 万元"; None → "—"."""
    if _is_missing(amount):
        return MISSING
    return _("%(amount)s 万元") % {"amount": wan(amount)}


def cents(amount) -> Decimal | None:
    """The Decimal an export stores in a numeric cell: quantized to the fen (ROUND_HALF_UP)."""
    if _is_missing(amount):
        return None
    return _decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def capitals(amount) -> str:
    """The amount in 大写 without the currency word: 1234.56 → 壹仟贰佰叁拾肆元伍角陆分,
    120000 → 壹拾贰万元整, 0 → 零元整."""
    value = Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    if value < 0:
        raise ValueError("negative amounts have no 大写 form here")
    if value == 0:
        return "零元整"
    return cn2an.an2cn(format(value, "f"), "rmb")


def rmb_capitals(amount) -> str:
    """人民币 + 大写: 人民币壹拾贰万元整."""
    return f"人民币{capitals(amount)}"
