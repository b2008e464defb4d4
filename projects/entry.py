"""The organization fills a progress report: text, activities and spending per budget line,
saved together (all or nothing) while the report is open."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import log_event
from projects.models import ReportActivity, ReportSpending
from projects.permissions import can_edit_report


def save_report(
    report, *, by, summary, beneficiaries_reached, problems, activities, spending
) -> None:
    """`activities`: dicts (held_on, place, participants, description); `spending`: {line: amount}.
    Replaces the report's activities and spending."""
    allowed, why = can_edit_report(report, by)
    if not allowed:
        raise PermissionDenied(why)
    lines = {line.pk: line for line in report.project.budget_lines.all()}
    for line, amount in spending.items():
        if line.pk not in lines:
            raise ValidationError(_("预算科目不属于本项目"))
        if amount is not None and (amount < 0 or amount != amount.quantize(Decimal("0.01"))):
            raise ValidationError(_("“%(line)s”的支出金额须不小于0且最多两位小数") % {"line": line})
    for i, a in enumerate(activities, start=1):
        if not (
            a.get("held_on")
            and (a.get("place") or "").strip()
            and (a.get("description") or "").strip()
        ):
            raise ValidationError(_("第%(n)d项活动请填写日期、地点和内容") % {"n": i})
        if not (report.project.starts_on is None or a["held_on"] >= report.project.starts_on):
            raise ValidationError(_("第%(n)d项活动日期早于项目开始日期") % {"n": i})
    with transaction.atomic():
        report.summary = summary
        report.beneficiaries_reached = beneficiaries_reached or 0
        report.problems = problems
        report.save(update_fields=["summary", "beneficiaries_reached", "problems", "updated_at"])
        report.activities.all().delete()
        ReportActivity.objects.bulk_create(
            ReportActivity(
                report=report,
                held_on=a["held_on"],
                place=a["place"].strip(),
                participants=a.get("participants") or 0,
                description=a["description"].strip(),
            )
            for a in activities
        )
        report.spending.all().delete()
        ReportSpending.objects.bulk_create(
            ReportSpending(report=report, line=line, amount=amount)
            for line, amount in spending.items()
            if amount
        )
        log_event(report.project, user=by, summary=_("保存项目报告：%(t)s") % {"t": report.title})
