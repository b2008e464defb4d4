"""Platform-wide roles. Organization roles (admin/member) live on Membership; these are groups.

A role's auth group is named by its stable ASCII key (`Role.STAFF == "staff"`); the Chinese name
people see is `ROLE_LABELS`, so a label can be reworded without touching data, settings
(`REQUIRE_2FA_ROLES`) or any check.
"""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    STAFF = "staff"
    EXPERT = "expert"
    EVALUATOR = "evaluator"
    INCUBATOR_MANAGER = "incubator_manager"
    APPROVER = "approver"


ROLE_LABELS = {
    Role.STAFF: _("民政工作人员"),
    Role.EXPERT: _("评审专家"),
    Role.EVALUATOR: _("第三方评估机构人员"),
    Role.INCUBATOR_MANAGER: _("孵化基地管理员"),
    Role.APPROVER: _("审核人"),
}


def role_label(name: str) -> str:
    """The label to show for an auth group named `name`: the role's label, else the name itself
    (groups that are not roles, such as the site editors, are named in Chinese)."""
    try:
        return str(ROLE_LABELS[Role(name)])
    except ValueError:
        return name


def group_label(group) -> str:
    """`label_from_instance` for choice fields listing auth groups."""
    return role_label(group.name)


def _group_str(group) -> str:
    return role_label(group.name)


def show_groups_by_label() -> None:
    """Wherever a group is printed (Wagtail's workflow task forms, confirmation messages, history
    titles, the admin log), a role group reads as its label; its name stays the key."""
    from django.contrib.auth.models import Group

    Group.__str__ = _group_str


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


def is_expert(user) -> bool:
    """An active account holding the 评审专家 role (assignments are checked per object)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return has_role(user, Role.EXPERT)


def is_approver(user) -> bool:
    """审核人: approves what another officer prepared, and may release a payment that the
    project's obligations stop, with a written reason. Superusers count. The role gives no view of
    programme data by itself: an approver who is not also 民政工作人员 is not programme staff."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or has_role(user, Role.APPROVER)
