"""Who may do what in the expert review; each answer is (allowed, reason).

Decisions:
* Experts act only on their own assignments (`is_assigned_expert`); the expert role alone opens
  nothing, so an expert removed from the pool keeps no access to other applications.
* Programme staff (`orgs.roles.is_programme_staff`) draw panels, edit rubrics, reopen score sheets,
  decide, publish the 公示 and settle objections. Staff always see applicants' identities.
* The scheduler (`by=None`) may only end a 公示 (`can_award_or_scheduler`), never decide.
* Departments (issue 21): a call's review is run by the staff of its purchasing department
  (`core.scoping`); a department above only reads it. The expert pool is city-wide; a
  department's own experts are kept by that department's staff, the city-wide ones by a system
  administrator or the staff of a top-level department (the city bureau, no parent), who run
  the shared pool (`can_edit_expert`).
"""

from django.utils.translation import gettext_lazy as _

from core.rules import ALLOWED, Decision, deny, rule
from core.scoping import department_decision, scope_of
from orgs.permissions import NOT_SIGNED_IN
from orgs.roles import Role, has_role, is_programme_staff

SYSTEM = None
STAFF_ONLY = _("只有民政工作人员可以执行此操作")
NOT_YOUR_ASSIGNMENT = _("这不是分配给您的评审任务")
CITY_POOL_ONLY = _("全市专家库的专家只能由市级部门的工作人员或系统管理员维护")


def _signed_in(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active


@rule
def is_assigned_expert(assignment, user) -> Decision:
    if not _signed_in(user):
        return deny(NOT_SIGNED_IN)
    if not has_role(user, Role.EXPERT) or assignment.expert.user_id != user.pk:
        return deny(NOT_YOUR_ASSIGNMENT)
    return ALLOWED


def can_view_assignment(assignment, user) -> Decision:
    return is_assigned_expert.check(assignment, user)


def can_read_application(assignment, user) -> Decision:
    """The application's content only after the expert declared no conflict."""
    from review.models.states import AssignmentState as S

    allowed, reason = is_assigned_expert.check(assignment, user)
    if not allowed:
        return (allowed, reason)
    if assignment.state in (S.PENDING,):
        return deny(_("请先声明与该申报单位无利益冲突，再查看申报内容"))
    if assignment.state in (S.RECUSED, S.WITHDRAWN):
        return deny(_("您已回避或不再承担该评审任务"))
    return ALLOWED


def can_edit_sheet(assignment, user) -> Decision:
    from review.models.states import AssignmentState as S

    allowed, reason = is_assigned_expert.check(assignment, user)
    if not allowed:
        return (allowed, reason)
    if assignment.state != S.SCORING:
        return deny(
            _("评分表当前状态为“%(state)s”，不能修改") % {"state": assignment.get_state_display()}
        )
    return ALLOWED


@rule
def can_reopen_sheet(assignment, user) -> Decision:
    return ALLOWED if is_programme_staff(user) else deny(STAFF_ONLY)


@rule
def can_withdraw_assignment(assignment, user) -> Decision:
    """Staff remove an assignment; the expert's own seat is withdrawn when they decline."""
    if is_programme_staff(user):
        return ALLOWED
    return is_assigned_expert.check(assignment, user)


def can_manage_review(call, user) -> Decision:
    """`call` may be None: the review workbench as a whole. A call's review is run by its own
    department's staff only (a department above reads it)."""
    if not is_programme_staff(user):
        return deny(STAFF_ONLY)
    if call is not None:
        return department_decision(call, user)
    return ALLOWED


def can_keep_city_pool(expert, user) -> Decision:
    """Add or edit experts of the city-wide pool (`expert` may be None: the pool as a whole): a
    system administrator, or staff of a department with no parent (the city bureau)."""
    from orgs.models import Organization

    if not is_programme_staff(user):
        return deny(STAFF_ONLY)
    scope = scope_of(user)
    if scope is None:
        return ALLOWED
    top = Organization.objects.filter(pk__in=sorted(scope.own), parent_department__isnull=True)
    return ALLOWED if top.exists() else deny(CITY_POOL_ONLY)


def can_edit_expert(expert, user) -> Decision:
    """A department's own expert: that department's staff; a city-wide one: whoever keeps the
    city-wide pool."""
    if not is_programme_staff(user):
        return deny(STAFF_ONLY)
    if expert.department_id is None:
        return can_keep_city_pool(expert, user)
    return department_decision(expert, user)


@rule
def can_settle_objection(objection, user) -> Decision:
    return ALLOWED if is_programme_staff(user) else deny(STAFF_ONLY)
