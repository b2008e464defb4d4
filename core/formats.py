"""How the platform states a moment: in Beijing time, whatever the server's or client's zone.

Deadlines are stated and enforced in Beijing time. Which style where (docs/development.md):
the public, applicants, PDFs, letters and e-mails read 2026年12月7日 (and 2026年12月7日 14:30);
staff tables and exports read 2026-12-07 (and 2026-12-07 14:30).
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils.timezone import is_aware

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


def local_day(value):
    """The Beijing calendar day of a date, a datetime or their ISO text (as snapshots keep them):
    an aware datetime at 00:30 Beijing time (16:30 UTC the day before) gives the Beijing day; a
    date stays itself; None stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if len(value) > 10 else date.fromisoformat(value)
    if isinstance(value, datetime):
        return value.astimezone(BEIJING).date() if is_aware(value) else value.date()
    return value


def chinese_day(value) -> str:
    """For the public, applicants, PDFs, letters and e-mails: 2026年12月7日; None -> "—"."""
    day = local_day(value)
    return "—" if day is None else f"{day.year}年{day.month}月{day.day}日"


def iso_day(value) -> str:
    """For staff tables and exports: 2026-12-07; None -> "—"."""
    day = local_day(value)
    return "—" if day is None else day.isoformat()


def iso_time(moment) -> str:
    """A moment for staff tables and exports: 2026-12-07 14:30 (Beijing); None -> "—"."""
    if moment is None or moment == "":
        return "—"
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    local = moment.astimezone(BEIJING) if is_aware(moment) else moment
    return f"{local:%Y-%m-%d %H:%M}"
