"""System checks of role settings."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from orgs.roles import Role


@register(Tags.security)
def check_two_factor_roles(app_configs, **kwargs):
    """REQUIRE_2FA_ROLES names roles by their ASCII keys; anything else (such as a Chinese label
    kept from an older configuration) would match no group and silently switch 2FA off."""
    keys = {role.value for role in Role}
    unknown = [name for name in settings.REQUIRE_2FA_ROLES if name not in keys]
    if not unknown:
        return []
    return [
        Error(
            f"REQUIRE_2FA_ROLES names unknown roles: {', '.join(unknown)}",
            hint=f"Use the role keys: {', '.join(Role)}.",
            id="orgs.E001",
        )
    ]
