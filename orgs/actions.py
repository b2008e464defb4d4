"""Business actions on organizations. Views stay thin and call these; each one is audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event
from core.notifications import Message, notify
from core.stored_files import delete_stored, store_upload
from core.workflow import TransitionRefused, perform_transition
from orgs import permissions as perms
from orgs.models import (
    Invitation,
    InvitationState,
    MemberRole,
    Membership,
    Organization,
    OrganizationDocument,
)


@transaction.atomic
def register_organization(*, form, by) -> Organization:
    """Create the organization from a valid OrganizationForm; `by` becomes its account admin
    (PermissionDenied unless `by` has verified the e-mail address)."""
    allowed, reason = perms.can_register_organization(None, by)
    if not allowed:
        raise PermissionDenied(reason)
    org = form.save(commit=False)
    org.created_by = by
    org.save()
    Membership.objects.create(user=by, organization=org, role=MemberRole.ADMIN)
    log_event(org, user=by, summary=_("登记组织信息"))
    return org


@transaction.atomic
def update_organization(*, form, by) -> Organization:
    """Save an edit form and record which fields changed."""
    org = form.save()
    log_event(org, user=by, summary=_("修改组织信息"), fields=sorted(form.changed_data))
    return org


@transaction.atomic
def invite_member(*, org: Organization, email: str, role: str, by) -> Invitation:
    """Create an invitation and e-mail its link after commit. An open invitation to the same
    address is revoked (through the door, by `by`), so only the latest link works."""
    if org.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError(_("该用户已是本组织成员。"))
    for older in org.invitations.filter(email__iexact=email, state=InvitationState.OPEN):
        perform_transition(older, "revoke", by=by, reason=str(_("已重新发出邀请")))
    invitation = Invitation.objects.create(organization=org, email=email, role=role, invited_by=by)
    log_event(org, user=by, summary=_("邀请成员 %(email)s") % {"email": email})
    notify(
        Message.INVITATION,
        recipients=[email],
        context={
            "inviter": str(by),
            "org_name": org.name,
            "role_label": invitation.get_role_display(),
            "path": f"/portal/invitations/{invitation.token}/",
            "expires": timezone.localtime(invitation.expires_at).strftime("%Y-%m-%d %H:%M"),
        },
    )
    return invitation


def accept_invitation(*, invitation: Invitation, user) -> Membership:
    """Join the inviting organization through the invitation's `accept` transition (its hook
    creates the membership). The invitation must be open (ValidationError) and addressed to
    `user` (PermissionDenied from the rule `orgs.permissions.is_invitee`)."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        # Checked first, as before: a used or expired link says so, whoever opens it.
        if not invitation.is_open:
            raise ValidationError(_("邀请已失效或已被使用。"))
        try:
            invitation = perform_transition(invitation, "accept", by=user)
        except TransitionRefused as refused:
            raise ValidationError(refused.reasons) from refused
        except IntegrityError as exc:
            raise ValidationError(_("您已是该组织成员。")) from exc
    return Membership.objects.get(user=user, organization_id=invitation.organization_id)


@transaction.atomic
def remove_member(*, membership: Membership, by) -> None:
    """Remove a member; the last account admin cannot be removed (nobody could manage the org)."""
    org = membership.organization
    admins = org.memberships.select_for_update().filter(role=MemberRole.ADMIN)
    if membership.is_admin and admins.count() <= 1:
        raise ValidationError(_("不能移除唯一的账号管理员，请先指定另一位管理员。"))
    membership.delete()
    log_event(org, user=by, summary=_("移除成员 %(email)s") % {"email": membership.user.email})


def upload_document(
    *, org: Organization, kind: str, title: str, upload, by
) -> OrganizationDocument:
    """Validate `upload` at the boundary, then store it privately. Bad files store nothing."""
    document = OrganizationDocument(organization=org, kind=kind, title=title)
    summary = _("上传材料：%(title)s") % {"title": title}
    return store_upload(document, upload, by=by, log_on=org, summary=summary)


def delete_document(*, document: OrganizationDocument, by) -> None:
    summary = _("删除材料：%(title)s") % {"title": document.title}
    delete_stored(document, by=by, log_on=document.organization, summary=summary)
