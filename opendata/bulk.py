"""Yearly bulk files of /open-data/: built on request from the live record and kept in the cache
for `OPEN_DATA_CACHE_SECONDS` (bench/open_data.py measures a cold build at 10× the demo's
size; docs/open-data.md "Bulk files"). A file is never stored on disk: what it publishes is
always what the public pages show, at most the cache time late."""

import json
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from opendata import flat, giving360, ocds
from opendata.identifiers import public_url


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    filename: str
    content_type: str


KINDS = {
    k.key: k
    for k in (
        Kind("ocds", "OCDS 1.1.5（JSON）", "ocds-releases-{year}.json", "application/json"),
        Kind("360giving", "360Giving 1.4.3（JSON）", "360giving-{year}.json", "application/json"),
        Kind("grants-csv", "公益创投资助（CSV）", "grants-{year}.csv", "text/csv; charset=utf-8"),
        Kind("awards-csv", "政府购买服务（CSV）", "awards-{year}.csv", "text/csv; charset=utf-8"),
        Kind(
            "xlsx",
            "资助与购买（XLSX）",
            "open-data-{year}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    )
}


def file_url(year: int, key: str) -> str:
    return reverse("opendata:file", args=[year, KINDS[key].filename.format(year=year)])


def kind_for(year: int, filename: str) -> Kind | None:
    return next((k for k in KINDS.values() if k.filename.format(year=year) == filename), None)


def build(year: int, key: str) -> bytes | None:
    """The file's bytes, or None when it would be empty where the standard forbids it (a
    360Giving package needs at least one grant)."""
    if key == "ocds":
        path = file_url(year, key)
        package = ocds.release_package(ocds.releases(year=year), uri=public_url(path))
        return _json(package)
    grants = giving360.grants(year=year) if key != "awards-csv" else []
    if key == "360giving":
        return _json(giving360.grant_package(grants)) if grants else None
    if key == "grants-csv":
        return flat.csv_bytes(flat.GRANT_COLUMNS, flat.grant_rows(grants))
    releases = ocds.releases(year=year)
    if key == "awards-csv":
        return flat.csv_bytes(flat.AWARD_COLUMNS, flat.award_rows(releases))
    return flat.xlsx_bytes(grants, releases)


def cached(year: int, key: str) -> bytes | None:
    name = f"opendata:{key}:{year}"
    found = cache.get(name)
    if found is None:
        found = build(year, key) or b""
        cache.set(name, found, settings.OPEN_DATA_CACHE_SECONDS)
    return found or None


def _json(package) -> bytes:
    return json.dumps(package, ensure_ascii=False, indent=1).encode("utf-8")
