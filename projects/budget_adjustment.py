"""The adjusted budget after a reduced award (docs/domain.md §7).

When the award is less than the requested total the project is born with a `BudgetAdjustment`
(待提交) holding the requested lines as history. Members of the organization enter lines that add
up to the award exactly, its account admin submits, staff confirm or return it with a reason. On
confirmation the project's budget lines become the adjusted ones, so the agreement, the report
forms and 预算执行率 all use them. A full award needs no adjustment.

The original budget's rules apply to the adjusted lines: a category and an item on every line,
amounts not negative and in whole cents (the application's budget knows no caps per category).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import log_event
from core.money import figures
from projects.models import (
    AdjustmentState,
    BudgetAdjustment,
    BudgetAdjustmentLine,
    ProjectBudgetLine,
    ReportSpending,
)

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_LINES = 50
OPEN_STATES = (AdjustmentState.DRAFT, AdjustmentState.RETURNED)


def open_adjustment(project, *, by=None) -> BudgetAdjustment | None:
    """At the award: when `project.amount` is below its requested lines' total, the adjustment
    the agreement waits for, prefilled with the requested lines. None for a full award."""
    lines = list(project.budget_lines.order_by("position", "pk"))
    requested = sum((line.amount for line in lines), ZERO)
    if requested <= project.amount:
        return None
    adjustment = BudgetAdjustment.objects.create(
        project=project,
        award=project.amount,
        requested_total=requested,
        requested_lines=[
            {"category": line.category, "item": line.item, "amount": str(line.amount)}
            for line in lines
        ],
    )
    BudgetAdjustmentLine.objects.bulk_create(
        BudgetAdjustmentLine(
            adjustment=adjustment,
            position=i,
            category=line.category,
            item=line.item,
            amount=line.amount,
        )
        for i, line in enumerate(lines, start=1)
    )
    log_event(
        project,
        user=by,
        summary=_("资助金额低于申请金额，须提交调整后预算"),
        award=str(project.amount),
        requested=str(requested),
    )
    return adjustment


def adjustment_of(project) -> BudgetAdjustment | None:
    try:
        return project.budget_adjustment
    except BudgetAdjustment.DoesNotExist:
        return None


def budget_settled(project) -> bool:
    """No adjustment needed, or the adjusted budget is confirmed."""
    adjustment = adjustment_of(project)
    return adjustment is None or adjustment.state == AdjustmentState.CONFIRMED


def line_problems(rows: list[dict]) -> list[str]:
    """The original budget's rules for each line (category, item, amount ≥ 0 in cents)."""
    problems = []
    if not rows:
        problems.append(_("请至少填写一条预算明细"))
    if len(rows) > MAX_LINES:
        problems.append(_("预算明细最多%(n)d条") % {"n": MAX_LINES})
    for i, row in enumerate(rows, start=1):
        amount = row.get("amount")
        if not (row.get("category") or "").strip() or not (row.get("item") or "").strip():
            problems.append(_("第%(n)d行请填写预算科目和明细项目") % {"n": i})
        if amount is None or amount < 0:
            problems.append(_("第%(n)d行金额不能为负数") % {"n": i})
        elif amount != amount.quantize(CENT):
            problems.append(_("第%(n)d行金额最多保留两位小数") % {"n": i})
    return problems


def adjustment_problems(adjustment) -> list[str]:
    """What stops `adjustment` being submitted or confirmed: its lines' rules and the total."""
    rows = [
        {"category": line.category, "item": line.item, "amount": line.amount}
        for line in adjustment.lines.all()
    ]
    problems = line_problems(rows)
    total = sum((row["amount"] for row in rows), ZERO)
    if rows and total != adjustment.award:
        problems.append(
            _("调整后预算合计（%(total)s元）须等于资助金额（%(award)s元）")
            % {"total": figures(total), "award": figures(adjustment.award)}
        )
    return problems


def save_adjustment_lines(adjustment, rows: list[dict], *, by) -> BudgetAdjustment:
    """Replace the adjusted lines while the adjustment is 待提交 or 退回修改 (nothing written
    on any problem). The total is checked on submission, so a draft may be saved unbalanced."""
    rows = [
        {
            "category": (r.get("category") or "").strip(),
            "item": (r.get("item") or "").strip(),
            "amount": r.get("amount"),
        }
        for r in rows
    ]
    problems = line_problems(rows)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        adjustment = BudgetAdjustment.objects.select_for_update().get(pk=adjustment.pk)
        if adjustment.state not in OPEN_STATES:
            raise ValidationError(_("调整后预算已提交或已确认，不能再修改"))
        adjustment.lines.all().delete()
        BudgetAdjustmentLine.objects.bulk_create(
            BudgetAdjustmentLine(adjustment=adjustment, position=i, **row)
            for i, row in enumerate(rows, start=1)
        )
        log_event(
            adjustment,
            user=by,
            summary=_("保存调整后预算"),
            lines=[[r["category"], r["item"], str(r["amount"])] for r in rows],
        )
    return adjustment


def proportional_rows(adjustment) -> list[dict]:
    """The requested lines scaled down to the award, cents rounded down and the last line taking
    the rest (a starting point, e.g. for demo data)."""
    lines = adjustment.requested_lines
    total = Decimal(adjustment.requested_total)
    rows = []
    for line in lines:
        amount = (Decimal(line["amount"]) * adjustment.award / total).quantize(CENT, "ROUND_DOWN")
        rows.append({"category": line["category"], "item": line["item"], "amount": amount})
    rows[-1]["amount"] += adjustment.award - sum((r["amount"] for r in rows), ZERO)
    return rows


def adjustment_moved(adjustment, *, name, by, reason) -> None:
    """Inside the transition: on 确认 the project's budget lines become the adjusted ones (before
    signing no spending refers to them; refused if some does)."""
    if name != "confirm":
        return
    project = adjustment.project
    if ReportSpending.objects.filter(line__project=project).exists():
        raise ValidationError(_("项目已有支出记录，不能再替换预算"))
    project.budget_lines.all().delete()
    ProjectBudgetLine.objects.bulk_create(
        ProjectBudgetLine(
            project=project,
            position=line.position,
            category=line.category,
            item=line.item,
            amount=line.amount,
            original_amount=line.amount,
        )
        for line in adjustment.lines.order_by("position", "pk")
    )
    log_event(
        project,
        user=by,
        summary=_("项目预算改为调整后预算"),
        award=str(adjustment.award),
        requested=str(adjustment.requested_total),
    )
