"""How the platform writes an amount of money in documents: figures with thousands separators
(120,000.00) and, in contracts and payment notices, Chinese capitals (大写金额) in the 元角分
form that banks and finance offices expect (人民币壹拾贰万元整, 壹仟贰佰叁拾肆元伍角陆分)."""

from decimal import ROUND_HALF_UP, Decimal

import cn2an

CENT = Decimal("0.01")


def figures(amount) -> str:
    """120000 → "120,000.00"."""
    return f"{Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"


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
