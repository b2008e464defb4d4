"""Data conditions of the funded-project transitions; each carries the message shown when unmet."""

from django.utils.translation import gettext_lazy as _

from core.rules import condition
from projects.models.states import AgreementState, TrancheState


@condition(_("单位尚未上传签署后的协议扫描件"))
def signed_agreement_uploaded(project) -> bool:
    return bool(project.signed_scan) and project.agreement_state == AgreementState.UPLOADED


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
