"""Platform-wide roles. Organization roles (admin/member) live on Membership; these are groups."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    STAFF = "民政工作人员"
    EXPERT = "评审专家"
    EVALUATOR = "第三方评估机构人员"
    INCUBATOR_MANAGER = "孵化基地管理员"


ROLE_LABELS = {
    Role.STAFF: _("民政工作人员"),
    Role.EXPERT: _("评审专家"),
    Role.EVALUATOR: _("第三方评估机构人员"),
    Role.INCUBATOR_MANAGER: _("孵化基地管理员"),
}


def role_names(user) -> set[str]:
    """Group names of `user`, cached on the instance for the request."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return cached


def has_role(user, role: Role) -> bool:
    return role.value in role_names(user)


def is_programme_staff(user) -> bool:
    """民政工作人员, or a system administrator (who may do anything staff may)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or has_role(user, Role.STAFF)
