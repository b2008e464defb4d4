"""Who may do what with incubation: each answer is (allowed, reason).

* Base managers are users holding the 孵化基地管理员 role **and** listed as managers of that base;
  programme staff (民政工作人员) may act on the bases of their own departments (issue 21; a
  department above sees its districts' bases read-only), superusers on every base.
* The applicant is the person who filed the application, or an account admin of the applying
  organization; members of that organization may read the record.
"""

from django.utils.translation import gettext_lazy as _

from core.rules import ALLOWED, Decision, deny, rule
from core.scoping import department_decision, department_visible
from orgs.models.incubation.states import IN_BASE, AssessmentStage
from orgs.models.incubation.states import IncubationState as S
from orgs.permissions import NOT_SIGNED_IN, is_member, is_org_admin, verified_account
from orgs.roles import Role, has_role, is_programme_staff

NOT_MANAGER = _("只有本基地的管理员或民政工作人员可以执行此操作")
NOT_APPLICANT = _("只有申请人（或申请组织的账号管理员）可以执行此操作")
NOT_TEAM = _("您不是该入驻申请的申请人或申请组织的成员")


def _signed_in(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active


def is_base_manager(base, user) -> bool:
    if not _signed_in(user) or base is None or base.pk is None:
        return False
    return has_role(user, Role.INCUBATOR_MANAGER) and base.managers.filter(pk=user.pk).exists()


def can_manage_base(base, user) -> Decision:
    if not _signed_in(user):
        return deny(NOT_SIGNED_IN)
    if not (is_programme_staff(user) or is_base_manager(base, user)):
        return deny(NOT_MANAGER)
    in_department, why = department_decision(base, user)
    return ALLOWED if in_department else deny(why)


def is_applicant(incubation, user) -> bool:
    if not _signed_in(user):
        return False
    if incubation.applicant_id == user.pk:
        return True
    org = incubation.organization
    return org is not None and is_org_admin(org, user)


def is_team_member(incubation, user) -> bool:
    org = incubation.organization
    return is_applicant(incubation, user) or (org is not None and is_member(org, user))


def can_view_incubation(incubation, user) -> Decision:
    if not _signed_in(user):
        return deny(NOT_SIGNED_IN)
    if can_manage_base(incubation.base, user)[0] or is_team_member(incubation, user):
        return ALLOWED
    if is_programme_staff(user) and department_visible(incubation, user):
        return ALLOWED  # a department above reads its districts' records
    return deny(NOT_TEAM)


def can_apply(base, user) -> Decision:
    if not _signed_in(user):
        return deny(NOT_SIGNED_IN)
    if not base.is_open:
        return deny(_("该基地暂不接受入驻申请"))
    return ALLOWED


def can_edit_application(incubation, user) -> Decision:
    if not is_applicant(incubation, user):
        return deny(NOT_APPLICANT)
    if incubation.state != S.DRAFT:
        return deny(_("申请已提交，不能再修改"))
    return ALLOWED


def can_upload_document(incubation, user) -> Decision:
    if can_manage_base(incubation.base, user)[0]:
        if incubation.state in (S.DRAFT, *IN_BASE, S.APPLIED, S.REVIEWING):
            return ALLOWED
        return deny(_("该记录已办结，不能再上传材料"))
    if not is_applicant(incubation, user):
        return deny(NOT_APPLICANT)
    if incubation.state in (S.DRAFT, S.APPLIED, S.REVIEWING, *IN_BASE):
        return ALLOWED
    return deny(_("该记录已办结，不能再上传材料"))


def can_record_support(incubation, user) -> Decision:
    allowed = can_manage_base(incubation.base, user)
    if not allowed[0]:
        return allowed
    if incubation.state not in IN_BASE:
        return deny(_("只能为在孵组织记录扶持服务"))
    return ALLOWED


def can_assess(incubation, user) -> Decision:
    allowed = can_manage_base(incubation.base, user)
    if not allowed[0]:
        return allowed
    if incubation.state not in (S.MIDTERM, S.FINAL):
        return deny(_("只有处于中期评估或出壳评估阶段的记录可以录入评估结果"))
    return ALLOWED


def assessment_stage_of(incubation) -> str | None:
    return {S.MIDTERM: AssessmentStage.MIDTERM, S.FINAL: AssessmentStage.FINAL}.get(
        incubation.state
    )


def can_link_registration(incubation, user) -> Decision:
    manager = can_manage_base(incubation.base, user)[0]
    if not (manager or is_applicant(incubation, user)):
        return deny(NOT_APPLICANT)
    if not manager and not (verified := verified_account(incubation, user))[0]:
        return verified  # the applicant would become the new organization's admin
    if incubation.organization_id:
        return deny(_("该记录已关联已登记的组织"))
    if incubation.state not in IN_BASE:
        return deny(_("入驻后方可关联登记后的组织"))
    return ALLOWED


# --- Transition rules ------------------------------------------------------------------------


@rule
def can_submit(incubation, user) -> Decision:
    return ALLOWED if is_applicant(incubation, user) else deny(NOT_APPLICANT)


@rule
def can_withdraw(incubation, user) -> Decision:
    return ALLOWED if is_applicant(incubation, user) else deny(NOT_APPLICANT)


@rule
def can_decide(incubation, user) -> Decision:
    return can_manage_base(incubation.base, user)
