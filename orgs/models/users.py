import re
import unicodedata

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

MOBILE_RE = re.compile(r"^1[3-9][0-9]{9}$")  # [0-9]: \d also matches other scripts' digits


def normalize_mobile(value: str) -> str:
    # NFKC: full-width digits, as a Chinese input method types them, become ASCII.
    digits = re.sub(r"[\s-]", "", unicodedata.normalize("NFKC", value or ""))
    return digits.removeprefix("+86").removeprefix("0086")


def validate_mobile(value: str) -> None:
    if not MOBILE_RE.match(value or ""):
        raise ValidationError(_("请输入11位中国大陆手机号码，以1开头"), code="mobile")


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

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["real_name"]
    objects = UserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.real_name or self.email

    def get_full_name(self):
        return self.real_name or self.email

    def get_short_name(self):
        return self.real_name or self.email

    def clean(self):
        super().clean()
        self.email = (self.email or "").strip().lower()
        self.mobile = normalize_mobile(self.mobile) or None
