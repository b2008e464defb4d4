"""The releases (OCDS) and grants (360Giving) endpoints page the mapping functions' output
(`opendata.ocds.releases`, `opendata.giving360.grants`), so the API serves exactly what the bulk
files hold. Those functions take the department's organization id; the API, like the other
endpoints, takes the department's name as the public pages print it.

Mapping every grant costs seconds at 10× data, so one mapped list per filter set is kept in the
public page cache's store under its generation token (`core.public_cache.generation`): any
public write replaces the token, so a kept list is never older than the record."""

import datetime
import hashlib
import json

from django.conf import settings
from django.utils import timezone

from core.public_cache import generation
from opendata.api.listing import Endpoint


def _department_id(name):
    """The id of the government department named `name`, or 0 (no row) when none is."""
    from orgs.models import Organization

    found = (
        Organization.objects.filter(name=name, kind="government")
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    return found or 0


def _translated(filters: dict) -> dict:
    if filters.get("department"):
        filters = {**filters, "department": _department_id(filters["department"])}
    return filters


def _kept(kind: str, filters: dict, build) -> list[dict]:
    store = generation.store()
    wanted = json.dumps(filters, sort_keys=True, default=str).encode()
    key = f"opendata-api:{kind}:{generation.current(store)}:{hashlib.sha256(wanted).hexdigest()}"
    found = store.get(key)
    if found is None:
        found = build(**filters)
        store.set(key, found, settings.OPEN_DATA_CACHE_SECONDS)
    return found


def releases(**filters) -> list[dict]:
    from opendata import ocds

    filters = _translated(filters)
    if filters.get("department") == 0:
        return []
    return _kept("releases", filters, ocds.releases)


def grants(**filters) -> list[dict]:
    from opendata import giving360

    filters = _translated(filters)
    if filters.get("department") == 0:
        return []
    return _kept("grants", filters, giving360.grants)


def _parsed(text):
    try:
        found = datetime.datetime.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        return None
    if found is not None and found.tzinfo is None:  # a day: 00:00 Beijing time
        found = timezone.make_aware(found)
    return found


def release_stamp(rows):
    dates = [d for r in rows if (d := _parsed(r.get("date")))]
    return max(dates) if dates else None


def grant_stamp(rows):
    """The newest award day (dateModified is the moment of generation, not of a change)."""
    days = [d for r in rows if (d := _parsed(r.get("awardDate")))]
    return max(days) if days else None


def _project_states() -> dict:
    from projects.models import ProjectState

    return {value: str(label) for value, label in ProjectState.choices}


RELEASES = Endpoint(
    records=releases,
    row=lambda release, request: release,
    filters=("year", "department", "region", "category", "state"),
    states=_project_states(),
    stamp=release_stamp,
)
GRANTS = Endpoint(
    records=grants,
    row=lambda grant, request: grant,
    filters=("year", "department", "region", "category"),
    stamp=grant_stamp,
    volatile=("dateModified",),
)
