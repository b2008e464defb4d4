"""Who reaches the needs viewsets: programme staff only.

Needs are written by their owners (portal) or the public (public form), so staff view them, correct
the links (catalogue item, call, answering application) and move them through transitions; they do
not add or delete needs. Recommendation meetings are staff records.
"""

from wagtail.permission_policies import BasePermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

from orgs.admin.policies import ProgrammeStaffPolicy, programme_staff_users
from orgs.roles import is_programme_staff


class ModerationPolicy(BasePermissionPolicy):
    actions = frozenset({"view", "change"})

    def user_has_permission(self, user, action):
        return action in self.actions and is_programme_staff(user)

    def user_has_any_permission(self, user, actions):
        return bool(self.actions.intersection(actions)) and is_programme_staff(user)

    def users_with_any_permission(self, actions):
        if not self.actions.intersection(actions):
            return programme_staff_users().none()
        return programme_staff_users().distinct()


def register_needs_policies():
    """Called from `NeedsConfig.ready()`, before any fallback policy is created."""
    from needs.models import Need, RecommendationMeeting

    for model, policy in ((Need, ModerationPolicy), (RecommendationMeeting, ProgrammeStaffPolicy)):
        if policy_registry.get_by_type(model, fallback=False) is None:
            register_permission_policy(model, policy(model))
