from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

# Migration 0001 names the validator by this module's path.
from core.phones import normalize_mobile, validate_mobile


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """A person. E-mail is the log-in and the reset channel; the mobile number also signs in."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("电子邮箱"), unique=True)
    mobile = models.CharField(
        _("手机号码"),
        max_length=11,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_mobile],
    )
    real_name = models.CharField(_("姓名"), max_length=50)
    # Set when the person opened the link sent to `email` (or reset the password through it);
    # until then the account may not accept invitations or act for an organization.
    email_verified_at = models.DateTimeField(_("邮箱验证时间"), null=True, blank=True)
    # 民政工作人员, 审核人 and 孵化基地管理员 work for these departments and see their records
    # (orgs.departments); empty for everyone else.
    departments = models.ManyToManyField(
        "orgs.Organization",
        verbose_name=_("所属部门"),
        blank=True,
        related_name="department_staff",
        limit_choices_to={"kind": "government"},
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["real_name"]
    objects = UserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.real_name or self.email

    @classmethod
    def from_db(cls, db, field_names, values):
        user = super().from_db(db, field_names, values)
        user._loaded_email = user.__dict__.get("email")
        return user

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._loaded_email = self.__dict__.get("email")

    def save(self, *args, **kwargs):
        # A new address is unproven, however it was changed (admin form, shell, import).
        loaded = getattr(self, "_loaded_email", None)
        if loaded is not None and (self.email or "").lower() != loaded.lower():
            self.email_verified_at = None
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "email_verified_at"}
        super().save(*args, **kwargs)
        self._loaded_email = self.email

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    def get_full_name(self):
        return self.real_name or self.email

    def get_short_name(self):
        return self.real_name or self.email

    def clean(self):
        super().clean()
        self.email = (self.email or "").strip().lower()
        self.mobile = normalize_mobile(self.mobile) or None
