import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core.fsm import WorkflowModel
from core.rules import condition
from orgs import permissions as perms


class MemberRole(models.TextChoices):
    ADMIN = "admin", _("账号管理员")
    MEMBER = "member", _("成员")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("组织"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(
        _("角色"), max_length=16, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    joined_at = models.DateTimeField(_("加入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("组织成员")
        verbose_name_plural = _("组织成员")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_org")
        ]

    def __str__(self):
        return f"{self.user} @ {self.organization}"

    @property
    def is_admin(self) -> bool:
        return self.role == MemberRole.ADMIN


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class InvitationState(models.TextChoices):
    """已过期 is not a state: an open invitation past `expires_at` simply cannot be accepted."""

    OPEN = "open", _("待接受")
    ACCEPTED = "accepted", _("已接受")
    REVOKED = "revoked", _("已撤回")


@condition(_("邀请已失效或已被使用。"))
def not_expired(invitation) -> bool:
    return timezone.now() < invitation.expires_at


class Invitation(WorkflowModel):
    state = FSMField(
        _("状态"), default=InvitationState.OPEN, choices=InvitationState.choices, protected=True
    )

    # --- Transitions --------------------------------------------------------------------------
    @transition(
        field=state,
        source=InvitationState.OPEN,
        target=InvitationState.ACCEPTED,
        permission=perms.is_invitee,
        conditions=[not_expired],
        custom={
            "label": _("接受邀请"),
            "confirm": _("您将加入该组织，成为其成员；邀请就此使用完毕。"),
        },
    )
    def accept(self, *, by=None, reason=""):
        """`after_transition` makes the invitee a member, in the same transaction."""
        self.accepted_at = timezone.now()

    @transition(
        field=state,
        source=InvitationState.OPEN,
        target=InvitationState.REVOKED,
        permission=perms.can_revoke_invitation,
        custom={
            "label": _("撤回邀请"),
            "confirm": _("邀请将被撤回，邀请链接随即失效；此操作不能撤销。"),
        },
    )
    def revoke(self, *, by=None, reason=""):
        self.revoked_at = timezone.now()

    # --- Fields -------------------------------------------------------------------------------
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("组织"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("被邀请人邮箱"))
    role = models.CharField(
        _("角色"), max_length=16, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("邀请人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("邀请时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("失效时间"))
    accepted_at = models.DateTimeField(_("接受时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)

    VALID_FOR = timedelta(days=7)

    class Meta:
        verbose_name = _("成员邀请")
        verbose_name_plural = _("成员邀请")
        ordering = ["-created_at"]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        if not self.expires_at:
            self.expires_at = timezone.now() + self.VALID_FOR
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.state == InvitationState.OPEN and not_expired(self)

    def after_transition(self, name, *, by, reason):
        from core.audit import log_event

        if name == "accept":
            # IntegrityError (already a member) undoes the acceptance with it.
            Membership.objects.create(user=by, organization=self.organization, role=self.role)
            log_event(self.organization, user=by, summary=_("接受邀请加入组织"))
