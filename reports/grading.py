"""Grade computation: leaf scores + bonus − penalty, clamped to 0–100, mapped to a band.

Pure functions over plain values so the arithmetic is testable on fixed examples and by
property tests. Money-like rounding: two places, half up, once at the end of each sum.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from reports.models.states import IndicatorKind, SchemeMethod

CENT = Decimal("0.01")
HUNDRED = Decimal("100")


def q(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    kind: str = IndicatorKind.NORMAL
    max_points: Decimal | None = None
    weight: Decimal | None = None


@dataclass(frozen=True)
class Band:
    label: str
    min_score: Decimal
    passing: bool


@dataclass
class Result:
    base: Decimal
    bonus: Decimal
    penalty: Decimal
    total: Decimal
    grade: str
    passed: bool
    # first-level code -> (name, maximum, points earned), in code order
    by_top: dict = field(default_factory=dict)


def leaf_codes(items: list[Item]) -> set[str]:
    normal = [i.code for i in items if i.kind == IndicatorKind.NORMAL]
    return {c for c in normal if not any(o.startswith(c + ".") for o in normal)}


def leaf_maximum(item: Item, method: str) -> Decimal:
    """What a leaf can contribute to the total."""
    return (
        Decimal(item.weight or 0)
        if method == SchemeMethod.WEIGHTS
        else Decimal(item.max_points or 0)
    )


def entry_maximum(item: Item, method: str) -> Decimal:
    """The highest value an evaluator may enter for this item (weights: a 0–100 score)."""
    if item.kind == IndicatorKind.NORMAL and method == SchemeMethod.WEIGHTS:
        return HUNDRED
    return Decimal(item.max_points or 0)


def band_for(total: Decimal, bands: list[Band]) -> Band:
    for band in sorted(bands, key=lambda b: b.min_score, reverse=True):
        if total >= band.min_score:
            return band
    return min(bands, key=lambda b: b.min_score)


def compute(
    method: str,
    items: list[Item],
    bands: list[Band],
    entered: dict[str, Decimal],
    *,
    bonus_cap: Decimal | None = None,
    penalty_cap: Decimal | None = None,
) -> Result:
    """The total and grade for `entered` values (code -> value; missing leaves count 0).

    Entered values above an item's maximum are refused (ValueError), never silently capped:
    the evaluator must see the mistake.
    """
    leaves = leaf_codes(items)
    top_names = {
        i.code: i.name for i in items if i.kind == IndicatorKind.NORMAL and "." not in i.code
    }
    by_top = {code: [name, Decimal(0), Decimal(0)] for code, name in top_names.items()}
    base = bonus = penalty = Decimal(0)
    for item in items:
        value = Decimal(entered.get(item.code) or 0)
        if item.kind == IndicatorKind.NORMAL and item.code not in leaves:
            continue
        if value < 0 or value > entry_maximum(item, method):
            raise ValueError(f"{item.code}: {value} outside 0–{entry_maximum(item, method)}")
        if item.kind == IndicatorKind.BONUS:
            bonus += value
            continue
        if item.kind == IndicatorKind.PENALTY:
            penalty += value
            continue
        earned = (
            value * Decimal(item.weight or 0) / HUNDRED if method == SchemeMethod.WEIGHTS else value
        )
        base += earned
        top = by_top.setdefault(item.code.split(".", 1)[0], [item.code, Decimal(0), Decimal(0)])
        top[1] += leaf_maximum(item, method)
        top[2] += earned
    if bonus_cap is not None:
        bonus = min(bonus, Decimal(bonus_cap))
    if penalty_cap is not None:
        penalty = min(penalty, Decimal(penalty_cap))
    base, bonus, penalty = q(base), q(bonus), q(penalty)
    total = min(max(base + bonus - penalty, Decimal(0)), HUNDRED)
    band = band_for(total, bands)

    def code_key(code):
        return int(code) if code.isascii() and code.isdecimal() else 999

    ordered = {
        code: (name, q(maximum), q(got))
        for code, (name, maximum, got) in sorted(by_top.items(), key=lambda kv: code_key(kv[0]))
    }
    return Result(base, bonus, penalty, q(total), band.label, band.passing, ordered)


def scheme_items(scheme) -> list[Item]:
    return [
        Item(i.code, i.name, i.kind, i.max_points, i.weight) for i in scheme.ordered_indicators()
    ]


def scheme_bands(scheme) -> list[Band]:
    return [Band(b.label, b.min_score, b.passing) for b in scheme.bands.all()]
