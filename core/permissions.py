"""Who may approve, reject or withdraw a two-person proposal (经办/审核), and who sets the rules.

core knows nothing of roles: the orgs app registers what "holds the approver role" means
(`register_approver_check(orgs.roles.is_approver)` in its `ready()`), so the rule below reads
"a signed-in approver who is not the proposer". Superusers count as approvers (the check says so),
but even a superuser cannot approve their own proposal: the point is a second person.
"""

from django.utils.translation import gettext_lazy as _

from core.rules import ALLOWED, Decision, deny, rule

NOT_SECOND_PERSON = _("审核人不能是经办人本人")
NOT_APPROVER = _("只有审核人可以审批")
NOT_PROPOSER = _("只有经办人本人可以撤回")
ADMIN_ONLY = _("只有系统管理员可以修改双人审核设置")

_approver_check = None
_staff_check = None


def register_approver_check(check, *, staff=None) -> None:
    """`check(user) -> bool`: does `user` hold the approver role; `staff(user) -> bool`: is
    `user` programme staff (both registered by orgs)."""
    global _approver_check, _staff_check
    _approver_check = check
    _staff_check = staff


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def _holds_approver_role(user) -> bool:
    if not _signed_in(user):
        return False
    if _approver_check is None:
        return bool(user.is_superuser)
    return bool(_approver_check(user))


@rule
def can_decide_approval(approval, user) -> Decision:
    """Approve or reject: an approver, and not the person who proposed it."""
    if not _holds_approver_role(user):
        return deny(NOT_APPROVER)
    if approval is not None and approval.proposed_by_id == user.pk:
        return deny(NOT_SECOND_PERSON)
    return ALLOWED


def can_view_approvals(approval, user) -> Decision:
    """The list of proposals and each proposal: approvers and programme staff."""
    if _holds_approver_role(user) or (
        _signed_in(user) and _staff_check is not None and _staff_check(user)
    ):
        return ALLOWED
    return deny(_("只有民政工作人员和审核人可以查看审核事项"))


@rule
def can_withdraw_approval(approval, user) -> Decision:
    if _signed_in(user) and approval is not None and approval.proposed_by_id == user.pk:
        return ALLOWED
    return deny(NOT_PROPOSER)


def can_set_two_person_rules(rule_, user) -> Decision:
    """Switching the second person off (or on again) is for system administrators only."""
    if _signed_in(user) and user.is_superuser:
        return ALLOWED
    return deny(ADMIN_ONLY)
