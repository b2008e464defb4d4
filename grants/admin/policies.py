"""Who reaches the grants viewsets: programme staff (`orgs.roles.is_programme_staff`) only.

Calls are created and edited by staff; applications are written by the applicants, so staff only
view them in the admin and move them through transitions (whose own rule, `can_screen`, is checked
again by `core.workflow.perform_transition`). Nobody deletes either in the admin.
"""

from wagtail.permission_policies import BasePermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

from orgs.admin.policies import ProgrammeStaffPolicy, programme_staff_users
from orgs.roles import is_programme_staff


class ScreeningPolicy(BasePermissionPolicy):
    """Applications: programme staff may view (and so screen); nobody adds, edits or deletes."""

    actions = frozenset({"view"})

    def user_has_permission(self, user, action):
        return action in self.actions and is_programme_staff(user)

    def user_has_any_permission(self, user, actions):
        return bool(self.actions.intersection(actions)) and is_programme_staff(user)

    def users_with_any_permission(self, actions):
        if not self.actions.intersection(actions):
            return programme_staff_users().none()
        return programme_staff_users().distinct()


def register_grants_policies():
    """Called at the top of `grants/wagtail_hooks.py`, before any fallback policy is created."""
    from grants.models import Application, Call

    for model, policy in ((Call, ProgrammeStaffPolicy), (Application, ScreeningPolicy)):
        if policy_registry.get_by_type(model, fallback=False) is None:
            register_permission_policy(model, policy(model))
