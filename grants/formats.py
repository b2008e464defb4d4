"""How the grants pages and messages state times and money.

Deadlines are stated and enforced in Beijing time whatever the client's clock or zone says;
money is Decimal yuan, shown with two decimals and thousands separators, never through float.
"""

from decimal import Decimal

from core.formats import BEIJING, beijing_time

__all__ = ["BEIJING", "beijing_time", "yuan"]


def yuan(value) -> str:
    """12345.5 -> "12,345.50"; None -> "—"."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value).quantize(Decimal('0.01')):,}"
