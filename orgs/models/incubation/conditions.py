"""Conditions of the incubation life cycle: what the data must allow before a move."""

from django.utils.translation import gettext_lazy as _

from core.rules import condition
from orgs.models.incubation.states import (
    IN_BASE,
    AssessmentStage,
    ExitReason,
    IncubationDocumentKind,
    Placement,
)
from orgs.models.incubation.states import IncubationState as S


@condition(_("请完整填写服务领域、宗旨使命、计划开展的服务和团队情况"))
def application_complete(inc) -> bool:
    return all([inc.service_field, inc.mission, inc.planned_services, inc.team])


@condition(_("筹备团队须填写拟登记名称、拟登记类型、登记计划，并至少填写一名发起人"))
def applicant_identified(inc) -> bool:
    if inc.organization_id:
        return True
    return bool(
        inc.team_name and inc.intended_kind and inc.registration_plan and inc.founders.exists()
    )


@condition(_("该基地目前不接受该孵化方式的入驻申请"))
def base_accepts(inc) -> bool:
    return inc.base.is_open and inc.base.offers(inc.placement)


@condition(_("请先上传双方签署的入驻协议"))
def has_agreement(inc) -> bool:
    return inc.documents.filter(kind=IncubationDocumentKind.AGREEMENT).exists()


@condition(_("实体孵化须填写工位号"))
def has_desk_number(inc) -> bool:
    return inc.placement != Placement.PHYSICAL or bool(inc.desk_number.strip())


@condition(_("该基地实体孵化工位已满，不能再以实体孵化方式入驻（可改为虚拟孵化）"))
def desk_available(inc) -> bool:
    if inc.placement != Placement.PHYSICAL:
        return True
    others = inc.base.incubations.filter(state__in=IN_BASE, placement=Placement.PHYSICAL)
    return others.exclude(pk=inc.pk).count() < inc.base.desks


@condition(_("该工位号已被其他在孵组织占用"))
def desk_free(inc) -> bool:
    if inc.placement != Placement.PHYSICAL or not inc.desk_number.strip():
        return True
    others = inc.base.incubations.filter(
        state__in=IN_BASE, placement=Placement.PHYSICAL, desk_number=inc.desk_number.strip()
    )
    return not others.exclude(pk=inc.pk).exists()


def _latest_assessment(inc, stage):
    return inc.assessments.filter(stage=stage).order_by("-created_at", "-pk").first()


@condition(_("尚未录入通过的中期评估结果"))
def passed_midterm(inc) -> bool:
    latest = _latest_assessment(inc, AssessmentStage.MIDTERM)
    return latest is not None and latest.passed


@condition(_("尚未录入通过的出壳评估结果"))
def passed_final(inc) -> bool:
    latest = _latest_assessment(inc, AssessmentStage.FINAL)
    return latest is not None and latest.passed


@condition(_("中期评估已通过，无需再次评估"))
def midterm_pending(inc) -> bool:
    return inc.midterm_passed_on is None


@condition(_("须先通过中期评估"))
def midterm_done_or_extended(inc) -> bool:
    return inc.state == S.EXTENDED or inc.midterm_passed_on is not None


@condition(_("筹备团队尚未完成登记注册，不能出壳：请先关联登记后的社会组织"))
def is_registered(inc) -> bool:
    return inc.organization_id is not None


@condition(_("请填写延期后的孵化结束日期，且须晚于原结束日期"))
def has_new_end_date(inc) -> bool:
    end = inc.extension_end_on
    return end is not None and (inc.planned_end_on is None or end > inc.planned_end_on)


@condition(_("请选择退出原因"))
def has_exit_reason(inc) -> bool:
    return inc.exit_reason in ExitReason.values
