"""How the platform states a moment: in Beijing time, whatever the server's or client's zone.

Deadlines are stated and enforced in Beijing time; grants.formats re-exports these helpers.
"""

from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")


def beijing_time(moment) -> str:
    """`moment` as calls word it: 2025年6月30日 17:00; None -> "—"."""
    if moment is None:
        return "—"
    local = moment.astimezone(BEIJING)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def beijing_date(moment):
    """The Beijing calendar day of an aware moment (`moment.date()` would give the UTC day, one
    day early from 00:00 to 08:00 Beijing time); None stays None."""
    return None if moment is None else moment.astimezone(BEIJING).date()
