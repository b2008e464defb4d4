"""Who may do what with funded projects; each answer is (allowed, reason).

Decisions:
* Programme staff run the project: confirm agreements, record payments, review reports, decide
  changes, suspend, terminate and close. Superusers count as staff (`is_programme_staff`).
* Any member of the funded organization may see its projects, download the agreement, upload the
  signed scan and write progress reports; only the organization's **account admin** submits a
  report or a change request, as with applications: submitting commits the organization.
* Scheduled and event-driven moves (a tranche falling due on its date, a report becoming 逾期, an
  evaluation result recorded by the evaluation app) run with `by=None` (`SYSTEM`); only the rules
  named `..._or_system` accept it. Views always pass `request.user`.
"""

from django.utils.translation import gettext_lazy as _

from core.rules import ALLOWED, Decision, deny, rule
from core.scoping import department_decision, department_visible
from orgs.permissions import NOT_SIGNED_IN, is_member, is_org_admin
from orgs.roles import is_approver, is_programme_staff

SYSTEM = None

STAFF_ONLY = _("只有民政工作人员可以执行此操作")
NOT_PROJECT_MEMBER = _("您不是该项目承接单位的成员")
NOT_PROJECT_ADMIN = _("只有承接单位的账号管理员可以提交")


def _signed_in(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active


def _staff_or_system(user) -> Decision:
    if user is SYSTEM or is_programme_staff(user):
        return ALLOWED
    return deny(STAFF_ONLY)


# --- Projects -----------------------------------------------------------------------------------


def can_view_project(project, user) -> Decision:
    if not _signed_in(user):
        return deny(NOT_SIGNED_IN)
    # Staff see their departments' projects and those below them (core.scoping).
    if is_programme_staff(user) and department_visible(project, user):
        return ALLOWED
    if is_member(project.organization, user):
        return ALLOWED
    return deny(NOT_PROJECT_MEMBER)


def can_upload_signed_agreement(project, user) -> Decision:
    from projects.models.states import ProjectState

    allowed, why = can_view_project(project, user)
    if not allowed:
        return (allowed, why)
    if not is_member(project.organization, user):
        return deny(_("签署件由承接单位上传"))
    if project.state != ProjectState.AWAITING_AGREEMENT:
        return deny(_("协议已确认，不能再更换签署件"))
    return ALLOWED


@rule
def can_manage_project(project, user) -> Decision:
    return ALLOWED if is_programme_staff(user) else deny(STAFF_ONLY)


def can_edit_budget_adjustment(adjustment, user) -> Decision:
    """Members of the funded organization fill in the adjusted budget while it is open."""
    from projects.models.states import AdjustmentState

    if not _signed_in(user):
        return deny(NOT_SIGNED_IN)
    if not is_member(adjustment.project.organization, user):
        return deny(NOT_PROJECT_MEMBER)
    if adjustment.state not in (AdjustmentState.DRAFT, AdjustmentState.RETURNED):
        return deny(_("调整后预算已提交或已确认，不能再修改"))
    return ALLOWED


@rule
def can_submit_budget_adjustment(adjustment, user) -> Decision:
    """Submitting commits the organization: its account admin, as with reports and changes."""
    if not _signed_in(user):
        return deny(NOT_SIGNED_IN)
    if not is_org_admin(adjustment.project.organization, user):
        return deny(NOT_PROJECT_ADMIN)
    return ALLOWED


@rule
def can_decide_budget_adjustment(adjustment, user) -> Decision:
    return ALLOWED if is_programme_staff(user) else deny(STAFF_ONLY)


@rule
def can_move_evaluation(project, user) -> Decision:
    """Staff by hand, or the evaluation app / the overdue job (`by=None`)."""
    return _staff_or_system(user)


def can_see_money(project, user) -> Decision:
    """Payments and budget lines: staff and the organization's members, never the public."""
    return can_view_project(project, user)


# --- Tranches -----------------------------------------------------------------------------------


@rule
def can_release_tranche_or_system(tranche, user) -> Decision:
    return _staff_or_system(user)


@rule
def can_pay_tranche(tranche, user) -> Decision:
    return ALLOWED if is_programme_staff(user) else deny(STAFF_ONLY)


def can_propose_payment(tranche, user) -> Decision:
    """Proposing a payment (经办) outside the door: the purchasing department's staff only."""
    allowed, why = department_decision(tranche, user)
    if not allowed:
        return (allowed, why)
    return can_pay_tranche.check(tranche, user)


@rule
def can_override_payment_stop(tranche, user) -> Decision:
    """A 审核人 (superusers count) pays despite an overdue report or a failed evaluation; the
    door refuses it without a written reason (`needs_reason`)."""
    if is_approver(user):
        return ALLOWED
    return deny(_("只有审核人可以核准暂停拨付的批次"))


# --- Progress reports ---------------------------------------------------------------------------


def can_edit_report(report, user) -> Decision:
    from projects.models.states import ReportState

    if not _signed_in(user):
        return deny(NOT_SIGNED_IN)
    if not is_member(report.project.organization, user):
        return deny(NOT_PROJECT_MEMBER)
    if report.state not in (ReportState.DUE, ReportState.RETURNED, ReportState.OVERDUE):
        return deny(_("报告已提交，不能再修改"))
    return ALLOWED


@rule
def can_submit_report(report, user) -> Decision:
    if not _signed_in(user):
        return deny(NOT_SIGNED_IN)
    if not is_org_admin(report.project.organization, user):
        return deny(NOT_PROJECT_ADMIN)
    return ALLOWED


@rule
def can_review_report(report, user) -> Decision:
    return ALLOWED if is_programme_staff(user) else deny(STAFF_ONLY)


@rule
def can_mark_overdue_or_system(report, user) -> Decision:
    return _staff_or_system(user)


def can_view_photo(photo, user) -> Decision:
    if photo.is_public and photo.report.project.is_public:
        return ALLOWED
    return can_view_project(photo.report.project, user)


# --- Change requests ----------------------------------------------------------------------------


def can_request_change(project, user) -> Decision:
    from projects.models.states import RUNNING_STATES

    if not _signed_in(user):
        return deny(NOT_SIGNED_IN)
    if not is_org_admin(project.organization, user):
        return deny(_("只有承接单位的账号管理员可以申请项目变更"))
    if project.state not in RUNNING_STATES:
        return deny(_("项目不在实施阶段，不能申请变更"))
    return ALLOWED


@rule
def can_decide_change(change, user) -> Decision:
    return ALLOWED if is_programme_staff(user) else deny(STAFF_ONLY)


@rule
def can_withdraw_change(change, user) -> Decision:
    if not _signed_in(user):
        return deny(NOT_SIGNED_IN)
    if not is_org_admin(change.project.organization, user):
        return deny(_("只有承接单位的账号管理员可以撤回变更申请"))
    return ALLOWED
