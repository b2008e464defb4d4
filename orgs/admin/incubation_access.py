"""Who reaches 孵化管理 in the Wagtail admin, and the object lookups that keep to one's own bases.

Ownership decides, not hidden links: staff reach the bases of the departments they see
(superusers every base); a 孵化基地管理员 reaches the bases listing them as managers, and nothing
else (another base's or another department's record is a 404). A department above its districts
reads their bases and records but does not change them (`acting`: 403 with the reason).
"""

from django.contrib.admin.utils import unquote
from django.shortcuts import get_object_or_404
from wagtail.permission_policies import BasePermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

from core.admin import scoped_check
from orgs.models import Incubation, IncubationBase
from orgs.roles import Role, has_role, is_programme_staff


def _is_manager(user) -> bool:
    return getattr(user, "is_active", False) and has_role(user, Role.INCUBATOR_MANAGER)


class BasePolicy(BasePermissionPolicy):
    """Staff add, change and view bases; a base's managers view their own. Nobody deletes."""

    def user_has_permission(self, user, action):
        if is_programme_staff(user):
            return action in ("add", "change", "view")
        return action == "view" and _is_manager(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        return IncubationBase.objects.managed_by(user).filter(pk=instance.pk).exists()


class IncubationPolicy(BasePolicy):
    """Records are created in the portal and moved by transitions: the admin only views them."""

    def user_has_permission(self, user, action):
        return action == "view" and (is_programme_staff(user) or _is_manager(user))

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        return Incubation.objects.managed_by(user).filter(pk=instance.pk).exists()


def register_incubation_policies():
    """Called at the top of `orgs/wagtail_hooks.py`, before any fallback policy is created."""
    for model, policy in ((IncubationBase, BasePolicy), (Incubation, IncubationPolicy)):
        if policy_registry.get_by_type(model, fallback=False) is None:
            register_permission_policy(model, policy(model))


class ScopedObjectMixin:
    """Load the object through the user's own scope: another base's record is a 404; with
    `acting = True`, a record the user's department only oversees is a 403."""

    acting = False

    def scoped_queryset(self):
        return self.model.objects.managed_by(self.request.user)

    def get_object(self, queryset=None):
        pk = unquote(str(self.kwargs[getattr(self, "pk_url_kwarg", "pk")]))
        found = get_object_or_404(self.scoped_queryset(), pk=pk)
        return scoped_check(found, self.request.user, acting=self.acting)
