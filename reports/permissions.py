"""Who may do what with evaluation schemes, evaluations and performance reports.

Decisions:
* Programme staff (`orgs.roles.is_programme_staff`) manage schemes, commission evaluations,
  return or accept (审定) results, and review and publish performance reports.
* An evaluation is commissioned to an evaluation agency (an organization of kind
  第三方评估机构). The agency's **account admins** assign evaluators from its members; only
  users holding the 第三方评估机构人员 role and a membership of that agency can be assigned.
* Assigned evaluators (and the agency's admins) record scores, evidence, field work and the
  narrative, and submit. Other members of the agency see nothing: evaluations carry personal
  data of the people interviewed.
* Staff work on the evaluations of their departments' projects and see those of the departments
  below (`core.scoping`); the evaluators' side is not department-bound. A scheme is changed only
  by the department that issued it; a city-wide one (no department) by a top-level department
  (one with no parent, the city bureau) or a system administrator; anyone may copy one they see.
* Report generation runs in the background on behalf of the staff member who asked; the task
  passes `by=None` (SYSTEM), which only `can_generate_report_or_system` accepts. The job's own
  life cycle (`PerformanceReport.job_state`) is queued by staff and moved on only by the worker
  or the scheduler (`is_worker_or_scheduler`, which marks a dead worker's job failed).
"""

from django.utils.translation import gettext_lazy as _

from core.rules import ALLOWED, Decision, deny, rule
from core.scoping import OTHER_DEPARTMENT, department_decision, department_visible, scope_of
from orgs.models import MemberRole, Membership, OrgKind
from orgs.roles import Role, has_role, is_programme_staff
from reports.models.states import EDITABLE_EVALUATION_STATES

SYSTEM = None

STAFF_ONLY = _("只有民政工作人员可以执行此操作")
NOT_SIGNED_IN = _("请先登录")
NOT_ASSIGNED = _("您不是该评估任务的评估人员")
NOT_AGENCY_ADMIN = _("只有受托评估机构的账号管理员可以分派评估人员")


def _signed_in(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active


def is_agency_admin(agency, user) -> bool:
    if not _signed_in(user):
        return False
    return Membership.objects.filter(user=user, organization=agency, role=MemberRole.ADMIN).exists()


def is_assigned(evaluation, user) -> bool:
    if not _signed_in(user) or not has_role(user, Role.EVALUATOR):
        return False
    return evaluation.evaluators.filter(pk=user.pk).exists()


def can_be_evaluator(agency, user) -> Decision:
    """May `user` be assigned to evaluations of `agency`?"""
    if agency.kind != OrgKind.EVALUATION_AGENCY:
        return deny(_("受托单位不是第三方评估机构"))
    if not user.is_active or not has_role(user, Role.EVALUATOR):
        return deny(_("%(name)s 不具有第三方评估机构人员角色") % {"name": user})
    if not Membership.objects.filter(user=user, organization=agency).exists():
        return deny(_("%(name)s 不是该评估机构的成员") % {"name": user})
    return ALLOWED


# --- Schemes and commissioning ----------------------------------------------------------------


def can_manage_schemes(scheme, user) -> Decision:
    """`scheme` may be None: the scheme pages as a whole."""
    return ALLOWED if is_programme_staff(user) else deny(STAFF_ONLY)


CITY_WIDE_ONLY = _("全市通用的评价方案由市级部门发布和修改；如需调整，请复制后修改副本")


def can_issue_city_wide(scheme, user) -> Decision:
    """May `user` issue or change a city-wide scheme (`scheme` may be None): not
    department-bound, or working for a department with none above it."""
    from orgs.models import Organization

    found = scope_of(user)
    if found is None:
        return ALLOWED
    top = getattr(user, "_top_department", None)  # asked once per row of a listing
    if top is None:
        top = Organization.objects.filter(
            pk__in=sorted(found.own), parent_department__isnull=True
        ).exists()
        user._top_department = top
    return ALLOWED if top else deny(CITY_WIDE_ONLY)


def can_change_scheme(scheme, user) -> Decision:
    """Only the issuing department changes its scheme (frozen ones are refused elsewhere)."""
    allowed, why = can_manage_schemes(scheme, user)
    if not allowed:
        return (allowed, why)
    if scheme.department_id is None:
        return can_issue_city_wide(scheme, user)
    found = scope_of(user)
    if found is None or found.acts(scheme.department_id):
        return ALLOWED
    return deny(OTHER_DEPARTMENT)


def can_commission(projects, user) -> Decision:
    """`projects` may be None: the commissioning page before any project is chosen. Staff
    commission evaluations of their own departments' projects only."""
    if not is_programme_staff(user):
        return deny(STAFF_ONLY)
    for project in projects or ():
        allowed, why = department_decision(project, user)
        if not allowed:
            return (allowed, why)
    return ALLOWED


# --- Evaluations ------------------------------------------------------------------------------


def can_view_evaluation(evaluation, user) -> Decision:
    if not _signed_in(user):
        return deny(NOT_SIGNED_IN)
    # Staff see their departments' evaluations and those below them (core.scoping).
    if is_programme_staff(user) and department_visible(evaluation, user):
        return ALLOWED
    if is_assigned(evaluation, user) or is_agency_admin(evaluation.agency, user):
        return ALLOWED
    return deny(NOT_ASSIGNED)


def can_assign_evaluators(evaluation, user) -> Decision:
    if not _signed_in(user):
        return deny(NOT_SIGNED_IN)
    if not is_agency_admin(evaluation.agency, user):
        return deny(NOT_AGENCY_ADMIN)
    if evaluation.state not in ("commissioned", *EDITABLE_EVALUATION_STATES):
        return deny(_("评估结果已提交，不能再调整评估人员"))
    return ALLOWED


def can_edit_evaluation(evaluation, user) -> Decision:
    """Scores, evidence, field work and narrative: the evaluators, while it is being worked on."""
    if not _signed_in(user):
        return deny(NOT_SIGNED_IN)
    if not (is_assigned(evaluation, user) or is_agency_admin(evaluation.agency, user)):
        return deny(NOT_ASSIGNED)
    if evaluation.state not in EDITABLE_EVALUATION_STATES:
        return deny(_("只有“评估中”或“退回修改”的评估可以修改"))
    return ALLOWED


@rule
def can_work_on(evaluation, user) -> Decision:
    if not _signed_in(user):
        return deny(NOT_SIGNED_IN)
    if is_assigned(evaluation, user) or is_agency_admin(evaluation.agency, user):
        return ALLOWED
    return deny(NOT_ASSIGNED)


@rule
def can_decide(evaluation, user) -> Decision:
    """Return or accept (审定) a submitted result, publish an accepted one."""
    return ALLOWED if is_programme_staff(user) else deny(STAFF_ONLY)


# --- Performance reports ----------------------------------------------------------------------


def can_view_report(report, user) -> Decision:
    return can_view_evaluation(report.evaluation, user)


@rule
def can_generate_report_or_system(report, user) -> Decision:
    if user is SYSTEM or is_programme_staff(user):
        return ALLOWED
    return deny(STAFF_ONLY)


@rule
def is_worker_or_scheduler(report, user) -> Decision:
    """Only the generation worker or the scheduler (`by=None`), never a person."""
    return ALLOWED if user is SYSTEM else deny(_("生成任务的进度由系统记录，不能手工更改"))


@rule
def can_approve_report(report, user) -> Decision:
    return ALLOWED if is_programme_staff(user) else deny(STAFF_ONLY)


def can_manage_survey_codes(evaluation, user) -> Decision:
    """Survey codes (the printed sheet, SMS): the evaluators, the agency's admins and programme
    staff; never a member of the evaluated organization, who could answer its own survey."""
    from orgs.permissions import is_member

    if not _signed_in(user):
        return deny(NOT_SIGNED_IN)
    if is_member(evaluation.project.organization, user):
        return deny(_("被评估项目单位的成员不能获取满意度调查码"))
    return can_view_evaluation(evaluation, user)
