"""Money indicators (docs/domain.md §7), computed from recorded payments and approved reports:

* 资金到位率 = funds received ÷ funds planned: paid tranches ÷ the award;
* 预算执行率 = spent ÷ budget: spending reported in **approved** progress reports ÷ the budget,
  per project and per budget line. Spending in reports not yet approved is not counted: staff
  have not checked it.

Rates are Decimal fractions rounded to 4 places (0.4567 = 45.67 %); None when the denominator is 0.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum

from projects.models import ReportState, TrancheState

ZERO = Decimal("0.00")
PLACES = Decimal("0.0001")


def rate(part: Decimal, whole: Decimal) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(PLACES, rounding=ROUND_HALF_UP)


def funds_received(project) -> Decimal:
    paid = project.tranches.filter(state=TrancheState.PAID).aggregate(s=Sum("amount"))["s"]
    return paid or ZERO


def funds_planned(project) -> Decimal:
    return project.amount


def funds_arrival_rate(project) -> Decimal | None:
    """资金到位率: received ÷ planned."""
    return rate(funds_received(project), funds_planned(project))


def _approved_spending(project):
    from projects.models import ReportSpending

    return ReportSpending.objects.filter(
        report__project=project, report__state=ReportState.APPROVED
    )


def budget_total(project) -> Decimal:
    return project.budget_lines.aggregate(s=Sum("amount"))["s"] or ZERO


def spent_total(project) -> Decimal:
    return _approved_spending(project).aggregate(s=Sum("amount"))["s"] or ZERO


def budget_execution_rate(project) -> Decimal | None:
    """预算执行率: spent ÷ budget."""
    return rate(spent_total(project), budget_total(project))


@dataclass(frozen=True)
class LineIndicator:
    line_id: int
    category: str
    item: str
    budget: Decimal
    spent: Decimal

    @property
    def execution_rate(self) -> Decimal | None:
        return rate(self.spent, self.budget)

    @property
    def overspent(self) -> bool:
        return self.spent > self.budget


def line_indicators(project) -> list[LineIndicator]:
    """Budget, spending and 预算执行率 of each budget line (two queries)."""
    spent = dict(
        _approved_spending(project).values_list("line_id").annotate(s=Sum("amount")).order_by()
    )
    return [
        LineIndicator(
            line_id=line.pk,
            category=line.category,
            item=line.item,
            budget=line.amount,
            spent=spent.get(line.pk) or ZERO,
        )
        for line in project.budget_lines.all()
    ]


def budget_line_execution_rate(line) -> Decimal | None:
    spent = _approved_spending(line.project).filter(line=line).aggregate(s=Sum("amount"))["s"]
    return rate(spent or ZERO, line.amount)


def as_percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{(value * 100).quantize(Decimal('0.01'))}%"
