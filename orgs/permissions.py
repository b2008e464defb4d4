"""Who may do what with organizations: each answer is (allowed, reason).

Views turn a refusal into PermissionDenied(reason); the admin and the verification transitions use
the same functions, so a rule lives in one place.
"""

from django.utils.translation import gettext_lazy as _

from core.rules import ALLOWED, Decision, deny, rule
from orgs.roles import is_programme_staff

NOT_SIGNED_IN = _("请先登录")
NOT_MEMBER = _("您不是该组织的成员")
NOT_ADMIN = _("只有本组织的账号管理员可以执行此操作")
STAFF_ONLY = _("只有民政工作人员可以执行此操作")
UNVERIFIED = _(
    "请先验证您的电子邮箱：打开注册后收到的验证邮件中的链接（可在“我的工作台”重新发送）。"
    "验证前不能接受邀请、登记组织或以组织名义办理业务。"
)


def verified_account(_obj, user) -> Decision:
    """Issue 18.11: whoever registers an address must prove it before acting for anyone."""
    if not getattr(user, "is_authenticated", False):
        return deny(NOT_SIGNED_IN)
    if not user.email_verified:
        return deny(UNVERIFIED)
    return ALLOWED


def membership_of(org, user):
    """The user's Membership in `org`, or None (cached per user object).

    An account whose e-mail address is not verified holds no membership rights: every app's
    "member of / admin of" check goes through here, so nobody acts for an organization from an
    address they have not proved (e.g. after the address was changed)."""
    if not getattr(user, "is_authenticated", False) or org is None or org.pk is None:
        return None
    if not user.email_verified:
        return None
    cache = user.__dict__.setdefault("_memberships", {})
    if org.pk not in cache:
        cache[org.pk] = org.memberships.filter(user=user).first()
    return cache[org.pk]


def prime_memberships(orgs, user) -> None:
    """Fill `membership_of`'s cache for `orgs` in one query (listings that check every row)."""
    if not getattr(user, "is_authenticated", False) or not user.email_verified:
        return
    from orgs.models import Membership

    cache = user.__dict__.setdefault("_memberships", {})
    wanted = {org.pk for org in orgs if org is not None and org.pk is not None} - cache.keys()
    if not wanted:
        return
    found = {
        m.organization_id: m
        for m in Membership.objects.filter(user=user, organization_id__in=wanted)
    }
    for pk in wanted:
        cache[pk] = found.get(pk)


def is_member(org, user) -> bool:
    return membership_of(org, user) is not None


def is_org_admin(org, user) -> bool:
    membership = membership_of(org, user)
    return membership is not None and membership.is_admin


def can_register_organization(_org, user) -> Decision:
    """Any signed-in person with a verified e-mail address (they become its account admin)."""
    return verified_account(None, user)


def can_view_organization(org, user) -> Decision:
    if not getattr(user, "is_authenticated", False):
        return deny(NOT_SIGNED_IN)
    if is_programme_staff(user) or is_member(org, user):
        return ALLOWED
    return deny(NOT_MEMBER)


def can_edit_organization(org, user) -> Decision:
    """Core master data is edited by the org admin before verification; staff always."""
    if is_programme_staff(user):
        return ALLOWED
    if not is_org_admin(org, user):
        return deny(NOT_ADMIN)
    if org.state not in ("draft", "returned"):
        return deny(_("已提交或已认证的组织信息不能自行修改，如需变更请联系民政工作人员"))
    return ALLOWED


def can_edit_contacts(org, user) -> Decision:
    """Contacts change often and carry no legal weight: the org admin may edit them anytime."""
    if is_programme_staff(user) or is_org_admin(org, user):
        return ALLOWED
    return deny(NOT_ADMIN)


def can_edit_bank_account(org, user) -> Decision:
    """The payee account is the organization's own declaration: its account admin enters and
    changes it (with a reason once entered); staff only read it."""
    if not is_org_admin(org, user):
        return deny(_("只有本组织的账号管理员可以填写或变更收款账户"))
    if org.state in ("deregistered", "revoked"):
        return deny(_("组织已注销或撤销，不能变更收款账户"))
    return ALLOWED


def can_manage_members(org, user) -> Decision:
    if is_org_admin(org, user):
        return ALLOWED
    return deny(NOT_ADMIN)


def can_view_documents(org, user) -> Decision:
    return can_view_organization(org, user)


def can_upload_document(org, user) -> Decision:
    if is_programme_staff(user) or is_member(org, user):
        if org.state in ("deregistered", "revoked"):
            return deny(_("组织已注销或撤销，不能再上传材料"))
        return ALLOWED
    return deny(NOT_MEMBER)


def can_delete_document(org, user) -> Decision:
    if is_programme_staff(user):
        return ALLOWED
    if not is_org_admin(org, user):
        return deny(NOT_ADMIN)
    if org.state not in ("draft", "returned"):
        return deny(_("认证审核中或已认证的组织不能删除材料"))
    return ALLOWED


def can_record_sanction(org, user) -> Decision:
    return ALLOWED if is_programme_staff(user) else deny(STAFF_ONLY)


@rule
def can_submit_for_verification(org, user) -> Decision:
    if is_org_admin(org, user):
        return ALLOWED
    return deny(NOT_ADMIN)


@rule
def can_review_organization(org, user) -> Decision:
    return ALLOWED if is_programme_staff(user) else deny(STAFF_ONLY)


# --- Sanctions and invitations (life cycles: orgs.models.Sanction, orgs.models.Invitation) -------


@rule
def can_lift_sanction(sanction, user) -> Decision:
    """Programme staff, who record sanctions, lift them (with the reason)."""
    return ALLOWED if is_programme_staff(user) else deny(STAFF_ONLY)


@rule
def is_invitee(invitation, user) -> Decision:
    """The invited person, signed in with the invited e-mail address, once it is verified.

    Registering an address proves nothing about it (issue 18.11): the e-mailed link does."""
    if not getattr(user, "is_authenticated", False):
        return deny(NOT_SIGNED_IN)
    if invitation.email.lower() != (user.email or "").lower():
        return deny(_("该邀请发给了其他邮箱，请用受邀邮箱登录后再接受。"))
    # Registering the invited address proves nothing until its link is opened (issue 18.11).
    return verified_account(invitation, user)


@rule
def can_revoke_invitation(invitation, user) -> Decision:
    """The account admins of the inviting organization (a new invitation replaces an open one)."""
    return can_manage_members(org=invitation.organization, user=user)
