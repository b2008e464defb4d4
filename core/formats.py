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
