"""Change requests: the organization asks to change the period, the activities or move money
between budget lines (within the call's limit); staff approve (the change is applied) or reject."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from core.audit import log_event
from core.money import figures
from projects.models import BudgetShift, ChangeKind, ChangeRequest, ChangeState, ProjectBudgetLine
from projects.permissions import can_request_change

HUNDRED = Decimal("100")


def check_shifts(project, shifts: list[dict]) -> None:
    """Each shift: from_line, to_line (lines of this project), amount > 0; lines keep ≥ 0; the total
    moved stays within the call's limit (percent of the total budget)."""
    from projects.creation import terms_for
    from projects.indicators import budget_total

    if not shifts:
        raise ValidationError(_("请至少填写一项预算调整"))
    balance = {line.pk: line.amount for line in project.budget_lines.all()}
    moved = Decimal("0")
    for i, s in enumerate(shifts, start=1):
        a, b, amount = s["from_line"], s["to_line"], s["amount"]
        if a.project_id != project.pk or b.project_id != project.pk:
            raise ValidationError(_("第%(n)d项调整的科目不属于本项目") % {"n": i})
        if a.pk == b.pk:
            raise ValidationError(_("第%(n)d项调整的调出与调入科目相同") % {"n": i})
        if amount is None or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
            raise ValidationError(_("第%(n)d项调整金额须大于0且最多两位小数") % {"n": i})
        balance[a.pk] -= amount
        balance[b.pk] += amount
        if balance[a.pk] < 0:
            raise ValidationError(_("“%(line)s”调出金额超过其预算") % {"line": a})
        moved += amount
    limit = (budget_total(project) * terms_for(project.call).budget_shift_limit / HUNDRED).quantize(
        Decimal("0.01")
    )
    if moved > limit:
        raise ValidationError(
            _("调整金额合计%(moved)s元，超过本征集允许的上限%(limit)s元")
            % {"moved": figures(moved), "limit": figures(limit)}
        )


def request_change(
    project, *, by, kind, explanation, new_ends_on=None, new_activities="", shifts=()
):
    allowed, why = can_request_change(project, by)
    if not allowed:
        raise PermissionDenied(why)
    explanation = (explanation or "").strip()
    if not explanation:
        raise ValidationError(_("请填写变更理由"))
    if kind == ChangeKind.PERIOD:
        if not new_ends_on:
            raise ValidationError(_("请填写变更后结束日期"))
        if project.starts_on and new_ends_on < project.starts_on:
            raise ValidationError(_("结束日期不能早于项目开始日期"))
    elif kind == ChangeKind.ACTIVITIES:
        if not (new_activities or "").strip():
            raise ValidationError(_("请填写变更后活动安排"))
    elif kind == ChangeKind.BUDGET:
        check_shifts(project, list(shifts))
    else:
        raise ValidationError(_("请选择变更类型"))
    with transaction.atomic():
        if project.change_requests.filter(state=ChangeState.PENDING).exists():
            raise ValidationError(_("已有待审核的变更申请，请等待审核结果"))
        change = ChangeRequest.objects.create(
            project=project,
            kind=kind,
            explanation=explanation,
            new_ends_on=new_ends_on if kind == ChangeKind.PERIOD else None,
            new_activities=new_activities if kind == ChangeKind.ACTIVITIES else "",
            requested_by=by,
        )
        BudgetShift.objects.bulk_create(BudgetShift(change=change, **s) for s in shifts)
        log_event(
            project,
            user=by,
            summary=_("提交变更申请：%(kind)s") % {"kind": change.get_kind_display()},
        )
    return change


def change_decided(change, *, name, by):
    """After-transition hook of ChangeRequest: apply an approved change to the project."""
    if name != "approve":
        return
    from projects.reporting import generate_reports

    project = change.project
    if change.kind == ChangeKind.PERIOD:
        project.ends_on = change.new_ends_on
        project.save(update_fields=["ends_on", "updated_at"])
        generate_reports(project)
    elif change.kind == ChangeKind.ACTIVITIES:
        project.activities_plan = change.new_activities
        project.save(update_fields=["activities_plan", "updated_at"])
    elif change.kind == ChangeKind.BUDGET:
        # Checked again: spending or another change may have moved the lines since the request.
        shifts = list(change.shifts.select_related("from_line", "to_line"))
        check_shifts(
            project,
            [{"from_line": s.from_line, "to_line": s.to_line, "amount": s.amount} for s in shifts],
        )
        for s in shifts:
            ProjectBudgetLine.objects.filter(pk=s.from_line_id).update(
                amount=F("amount") - s.amount
            )
            ProjectBudgetLine.objects.filter(pk=s.to_line_id).update(amount=F("amount") + s.amount)
    log_event(
        project,
        user=by,
        summary=_("变更已批准并生效：%(kind)s") % {"kind": change.get_kind_display()},
    )
