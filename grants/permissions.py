"""Who may do what with calls and applications; each answer is (allowed, reason).

Decisions:
* Any member of the applying organization may start an application, edit it while it is a draft or
  returned for completion, and upload its attachments: organizations share the writing.
* Only the organization's **account admin** submits, resubmits and withdraws. Submitting commits the
  organization (it counts against "K applications per organization" and carries the signed
  commitment), like submitting the organization for verification, which is also admin-only.
* Programme staff (`orgs.roles.is_programme_staff`) screen applications and manage calls, those
  of their departments and, read-only, of the departments below (`core.scoping`: the department
  part of every transition is checked by the door itself).
* Timed moves of a call (publish at `opens_at`, close at `closes_at`) are made by the scheduler,
  which passes `by=None` (`SYSTEM`) to `core.workflow.perform_transition`. Views always pass
  `request.user` (an `AnonymousUser` at least), so `None` can only come from code, never from a
  request; only the rules below named `..._or_scheduler` accept it.
"""

from django.utils.translation import gettext_lazy as _

from core.rules import ALLOWED, Decision, deny, rule
from core.scoping import department_visible
from grants.models.states import EDITABLE_STATES, CallState
from orgs.permissions import NOT_SIGNED_IN, is_member, is_org_admin
from orgs.roles import is_programme_staff

SYSTEM = None  # the actor of scheduled transitions

STAFF_ONLY = _("只有民政工作人员可以执行此操作")
NOT_APPLICANT_MEMBER = _("您不是申报单位的成员")
NOT_APPLICANT_ADMIN = _("只有申报单位的账号管理员可以提交或撤回申报书")


def _signed_in(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active


# --- Calls --------------------------------------------------------------------------------------


def can_view_call(call, user) -> Decision:
    if call.state != CallState.DRAFT:
        return ALLOWED
    if is_programme_staff(user) and department_visible(call, user):
        return ALLOWED
    return deny(_("该征集尚未发布"))


@rule
def can_manage_call(call, user) -> Decision:
    return ALLOWED if is_programme_staff(user) else deny(STAFF_ONLY)


@rule
def can_move_call_or_scheduler(call, user) -> Decision:
    """Staff by hand, or the scheduler (`by=None`) when the stored time has come."""
    if user is SYSTEM or is_programme_staff(user):
        return ALLOWED
    return deny(STAFF_ONLY)


# --- Applications -------------------------------------------------------------------------------


def can_start_application(org, user) -> Decision:
    if not _signed_in(user):
        return deny(NOT_SIGNED_IN)
    if not is_member(org, user):
        return deny(_("您不是该组织的成员，不能以该组织名义申报"))
    return ALLOWED


def can_view_application(application, user) -> Decision:
    if not _signed_in(user):
        return deny(NOT_SIGNED_IN)
    if is_programme_staff(user) and department_visible(application, user):
        return ALLOWED
    if is_member(application.organization, user):
        return ALLOWED
    return deny(NOT_APPLICANT_MEMBER)


def can_edit_application(application, user) -> Decision:
    """Members of the applying organization, while the application is a draft or returned."""
    if not _signed_in(user):
        return deny(NOT_SIGNED_IN)
    if not is_member(application.organization, user):
        return deny(NOT_APPLICANT_MEMBER)
    if application.state not in EDITABLE_STATES:
        return deny(
            _("申报书当前状态为“%(state)s”，不能修改") % {"state": application.get_state_display()}
        )
    return ALLOWED


@rule
def can_submit(application, user) -> Decision:
    if not _signed_in(user):
        return deny(NOT_SIGNED_IN)
    if is_org_admin(application.organization, user):
        return ALLOWED
    return deny(NOT_APPLICANT_ADMIN)


@rule
def can_withdraw(application, user) -> Decision:
    return can_submit.check(application, user)


@rule
def can_screen(application, user) -> Decision:
    return ALLOWED if is_programme_staff(user) else deny(STAFF_ONLY)


# --- Review stage (the transitions are declared here; review/ performs them) ------------------


@rule
def can_decide_review(application, user) -> Decision:
    return ALLOWED if is_programme_staff(user) else deny(STAFF_ONLY)


@rule
def can_award_or_scheduler(application, user) -> Decision:
    """Staff, or the scheduler (`by=None`) when the 公示 has ended with objections settled."""
    if user is SYSTEM or is_programme_staff(user):
        return ALLOWED
    return deny(STAFF_ONLY)
