import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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


class Invitation(models.Model):
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
        return not self.accepted_at and not self.revoked_at and timezone.now() < self.expires_at
