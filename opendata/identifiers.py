"""Identifiers and small conversions shared by the OCDS and 360Giving exports.

* An organization with a 统一社会信用代码 is named by it under the scheme `CN-USCC` (the code
  itself is public: it is printed on the organization's certificate and on every 合同公告);
  one without a code gets a platform identifier under our own prefix, never its name or people.
* Moments are written in Beijing time with their offset (2026-12-07T14:30:00+08:00); a day is
  the Beijing calendar day (docs/open-data.md).
* Amounts are CNY yuan as JSON numbers with two decimals, never through float arithmetic.
"""

import datetime
from decimal import Decimal

from django.conf import settings

from core.formats import BEIJING, local_day
from core.money import cents

# The register of 统一社会信用代码 (GB 32100-2015). org-id.guide lists no register under this
# code yet; the scheme is documented in docs/open-data.md and decision "Open data identifiers".
USCC_SCHEME = "CN-USCC"
CURRENCY = "CNY"


def ocid_prefix() -> str:
    return settings.OCDS_OCID_PREFIX


def giving_prefix() -> str:
    return settings.GIVING360_PREFIX


def org_identifier(org) -> str:
    """The one identifier of an `orgs.Organization` in every file: `CN-USCC-<code>`, or
    `<360G prefix>-org-<id>` for an organization without a code."""
    if org.uscc:
        return f"{USCC_SCHEME}-{org.uscc}"
    return f"{giving_prefix()}-org-{org.pk}"


def name_identifier(name: str) -> str:
    """An identifier for a party known only by the name an announcement prints."""
    import hashlib

    digest = hashlib.sha256(name.encode()).hexdigest()[:12]
    return f"{giving_prefix()}-name-{digest}"


def moment(value) -> str | None:
    """An aware datetime (or a date, taken at 00:00 Beijing time) as RFC 3339 in Beijing time."""
    if value is None:
        return None
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time(), tzinfo=BEIJING)
    return value.astimezone(BEIJING).replace(microsecond=0).isoformat()


def day(value) -> str | None:
    """The Beijing calendar day of a date or aware datetime, as YYYY-MM-DD."""
    found = local_day(value)
    return found.isoformat() if found else None


def amount(value) -> float | None:
    """A JSON number for an amount in yuan, exact to the fen (`json` prints the shortest repr,
    which for a two-decimal value is that value)."""
    if value is None:
        return None
    return float(cents(Decimal(value)))


def public_url(path: str) -> str:
    """An absolute URL of a page of this site (packages are read away from it)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def catalogue_items(entry: dict) -> list[dict]:
    """A tender's items: the one 指导性目录 entry it buys, classified by its code."""
    classification = {
        "scheme": "gongyi-catalogue",
        "id": entry["code"],
        "description": entry["title"],
    }
    return [{"id": "1", "description": entry["title"], "classification": classification}]
