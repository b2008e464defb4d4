"""Who must use two-factor authentication."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q

ADMIN_ACCESS = {"codename": "access_admin", "content_type__app_label": "wagtailadmin"}


def requires_two_factor(user) -> bool:
    """Superusers, Django staff, members of REQUIRE_2FA_ROLES and anyone who may enter /admin/.

    One query for ordinary users, cached on the user object for the rest of the request.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_requires_two_factor", None)
    if cached is not None:
        return cached
    if user.is_superuser or user.is_staff:
        required = True
    else:
        condition = Q(groups__name__in=list(settings.REQUIRE_2FA_ROLES))
        if settings.REQUIRE_2FA_FOR_ADMIN_ACCESS:
            condition |= Q(**{f"groups__permissions__{k}": v for k, v in ADMIN_ACCESS.items()})
            condition |= Q(**{f"user_permissions__{k}": v for k, v in ADMIN_ACCESS.items()})
        required = get_user_model()._default_manager.filter(condition, pk=user.pk).exists()
    user._requires_two_factor = required
    return required


def is_verified(user) -> bool:
    """Whether this request's session passed the second factor (django-otp's OTPMiddleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())
