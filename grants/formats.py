"""How the grants pages and messages state times and money.

Deadlines are stated and enforced in Beijing time whatever the client's clock or zone says;
money is Decimal yuan, shown with two decimals and thousands separators, never through float.
"""

from decimal import Decimal
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")


def beijing_time(moment) -> str:
    """`moment` as calls word it: 2025年6月30日 17:00."""
    if moment is None:
        return "—"
    local = moment.astimezone(BEIJING)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def yuan(value) -> str:
    """12345.5 -> "12,345.50"; None -> "—"."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value).quantize(Decimal('0.01')):,}"
