"""Who reaches the projects back office: programme staff only (`orgs.roles.is_programme_staff`).

Projects are created by the award, never added by hand, and never deleted; staff view them, edit
their public text and period, and move them through transitions and the action pages. Per-call
project terms are created and edited by staff.
"""

from wagtail.permission_policies import BasePermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

from orgs.admin.policies import ProgrammeStaffPolicy, programme_staff_users
from orgs.roles import is_programme_staff


class ProjectPolicy(BasePermissionPolicy):
    actions = frozenset({"view", "change"})

    def user_has_permission(self, user, action):
        return action in self.actions and is_programme_staff(user)

    def user_has_any_permission(self, user, actions):
        return bool(self.actions.intersection(actions)) and is_programme_staff(user)

    def users_with_any_permission(self, actions):
        if not self.actions.intersection(actions):
            return programme_staff_users().none()
        return programme_staff_users().distinct()


def register_projects_policies():
    from projects.models import FundedProject, ProjectTerms

    for model, policy in ((FundedProject, ProjectPolicy), (ProjectTerms, ProgrammeStaffPolicy)):
        if policy_registry.get_by_type(model, fallback=False) is None:
            register_permission_policy(model, policy(model))
