"""Scoring a midterm or graduation assessment against a base's checklist.

Graduation criteria are not fixed by any source (docs/domain.md §9). The default checklist uses the
grade-evaluation headings (基础条件, 内部治理, 业务活动, 社会评价) plus registration achieved, at
least one funded project or service contract, and financial self-reliance. Each base may change the
headings, their points and its pass mark; a total **equal to** the pass mark passes.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# (heading, most points). Stored as data on each base, so these are defaults, not rules.
DEFAULT_CHECKLIST = [
    ("基础条件", Decimal("15")),
    ("内部治理", Decimal("20")),
    ("业务活动", Decimal("20")),
    ("社会评价", Decimal("15")),
    ("已完成登记", Decimal("10")),
    ("至少一个资助项目或服务合同", Decimal("10")),
    ("财务自立", Decimal("10")),
]


def ensure_default_checklist(base) -> None:
    """Give `base` the default checklist if it has none yet (a new base)."""
    from orgs.models import AssessmentItem

    if base.checklist.exists():
        return
    AssessmentItem.objects.bulk_create(
        AssessmentItem(base=base, name=name, max_points=points, sort_order=i)
        for i, (name, points) in enumerate(DEFAULT_CHECKLIST)
    )


@dataclass(frozen=True)
class ScoreResult:
    scores: list[dict]  # [{"name", "max", "points"}] as stored on the assessment
    total: Decimal
    max_total: Decimal
    pass_mark: Decimal
    passed: bool


def score(items, points: dict, pass_mark: Decimal) -> ScoreResult:
    """Score `points` ({item pk: Decimal}) against checklist `items`.

    Every item must be scored, between 0 and its maximum. Raises ValidationError otherwise.
    """
    errors, rows = [], []
    for item in items:
        value = points.get(item.pk)
        if value is None:
            errors.append(_("请为“%(item)s”打分") % {"item": item.name})
            continue
        value = Decimal(value)
        if value < 0 or value > item.max_points:
            errors.append(
                _("“%(item)s”的得分须在0到%(max)s之间")
                % {"item": item.name, "max": _plain(item.max_points)}
            )
            continue
        rows.append({"name": item.name, "max": str(item.max_points), "points": str(value)})
    if not rows and not errors:
        errors.append(_("该基地尚未设置评估项目"))
    if errors:
        raise ValidationError(errors)
    total = sum((Decimal(r["points"]) for r in rows), Decimal("0"))
    max_total = sum((Decimal(r["max"]) for r in rows), Decimal("0"))
    return ScoreResult(rows, total, max_total, pass_mark, total >= pass_mark)


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")
