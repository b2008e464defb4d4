"""Data conditions of the funded-project transitions; each carries the message shown when unmet."""

from django.utils.translation import gettext_lazy as _

from core.rules import condition
from grants.models.conditions import explained
from projects.models.states import AgreementState, TrancheState


@condition(_("单位尚未上传签署后的协议扫描件"))
def signed_agreement_uploaded(project) -> bool:
    return bool(project.signed_scan) and project.agreement_state == AgreementState.UPLOADED


@explained(_("调整后预算各科目合计须等于资助金额"))
def adjustment_adds_up(adjustment) -> list[str]:
    from projects.budget_adjustment import adjustment_problems

    return adjustment_problems(adjustment)


@explained(_("减额资助须先确认调整后预算，且承接单位须已登记收款账户"))
def agreement_can_be_generated(project) -> list[str]:
    """Reduced award: the adjusted budget is confirmed; the payee account is on file."""
    from projects.agreement import agreement_blockers

    return agreement_blockers(project)


@condition(_("中期评估已通过，无需再次评估"))
def midterm_not_yet_passed(project) -> bool:
    return project.midterm_passed is not True


@condition(_("中期评估尚未通过，不能进入终期评估"))
def midterm_done_if_required(project) -> bool:
    return not project.midterm_required or project.midterm_passed is True


@condition(_("尚无终期评估结果，不能结项"))
def final_evaluation_recorded(project) -> bool:
    return project.final_passed is not None and bool(project.final_grade)


@condition(_("仍有未拨付或暂停的资金批次，请先拨付或取消"))
def no_tranche_outstanding(project) -> bool:
    open_states = (TrancheState.NOT_DUE, TrancheState.PAYABLE, TrancheState.SUSPENDED)
    return not project.tranches.filter(state__in=open_states).exists()


def payment_stops(project, today=None) -> list[str]:
    """Why money must not flow to `project` now (the agreement: 中期评估未通过或报告逾期未交的，
    甲方暂停拨付后续资金): each report past its due date and not handed in — computed from the
    due date, whether or not the scheduler has marked it — and each failed evaluation."""
    from projects.models import ProgressReport

    stops = [
        _("项目有逾期未交的报告（%(report)s，逾期 %(days)d 天），暂停拨付")
        % {"report": report.title, "days": report.days_overdue(today)}
        for report in ProgressReport.objects.overdue(today).filter(project=project)
    ]
    if project.midterm_passed is False:
        stops.append(_("项目中期评估未通过，暂停拨付"))
    if project.final_passed is False:
        stops.append(_("项目终期评估未通过，暂停拨付"))
    return stops


@explained(_("项目有逾期未交的报告或评估未通过，暂停拨付"))
def no_payment_stop(tranche) -> list[str]:
    return payment_stops(tranche.project)


NOTHING_TO_OVERRIDE = _("项目没有需要核准的暂停拨付事由，请直接登记拨付")


@explained(NOTHING_TO_OVERRIDE)
def payment_stopped(tranche) -> list[str]:
    """The override path is for stopped payments only, not a second way to pay."""
    return [] if payment_stops(tranche.project) else [NOTHING_TO_OVERRIDE]
