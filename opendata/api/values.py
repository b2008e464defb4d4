"""How values are written in the API: money as a decimal string with two places (yuan, as in the
CSV exports), moments as ISO 8601 in Beijing time (+08:00), days as ISO dates."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

CENT = Decimal("0.01")


def money(amount) -> str | None:
    if amount in (None, ""):
        return None
    return str(Decimal(str(amount)).quantize(CENT, rounding=ROUND_HALF_UP))


def moment(value) -> str | None:
    return timezone.localtime(value).replace(microsecond=0).isoformat() if value else None


def day(value) -> str | None:
    """An ISO date, from a date, an ISO string (snapshots store them so) or an aware moment
    (its Beijing date)."""
    if not value:
        return None
    if isinstance(value, str):
        return value[:10]
    if hasattr(value, "tzinfo"):
        return timezone.localdate(value).isoformat()
    return value.isoformat()


def newest(*stamps):
    known = [s for s in stamps if s]
    return max(known) if known else None
