"""Who reaches the back office viewsets: one rule, `orgs.roles.is_programme_staff`.

Wagtail asks a permission policy for "add", "change", "delete" and "view". Rather than mirroring the
民政工作人员 group into Django model permissions (a second place to keep in sync), these policies
answer from the role itself. Nobody deletes registry records in the admin: organizations are
deregistered or revoked through their transitions, sanctions are lifted.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies import BasePermissionPolicy, ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from orgs.roles import Role, is_programme_staff

STAFF_ACTIONS = frozenset({"add", "change", "view"})


def programme_staff_users():
    User = get_user_model()
    return User.objects.filter(is_active=True).filter(
        Q(is_superuser=True) | Q(groups__name=Role.STAFF.value)
    )


class ProgrammeStaffPolicy(BasePermissionPolicy):
    """Programme staff (superusers included) may add, change and view; nobody may delete."""

    def user_has_permission(self, user, action):
        return action in STAFF_ACTIONS and is_programme_staff(user)

    def user_has_any_permission(self, user, actions):
        return bool(STAFF_ACTIONS.intersection(actions)) and is_programme_staff(user)

    def users_with_any_permission(self, actions):
        if not STAFF_ACTIONS.intersection(actions):
            return get_user_model().objects.none()
        return programme_staff_users().distinct()


class AccountPolicy(ModelPermissionPolicy):
    """User accounts: Django permissions as usual (superusers may do anything), and programme staff
    may also create, edit and list accounts that are not superusers (to give experts, evaluators
    and colleagues their role groups). Staff can never touch a superuser account."""

    def user_has_permission(self, user, action):
        if super().user_has_permission(user, action):
            return True
        return action in STAFF_ACTIONS and is_programme_staff(user)

    def user_has_permission_for_instance(self, user, action, instance):
        if getattr(instance, "is_superuser", False) and not user.is_superuser:
            return False
        return self.user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        by_permission = super().users_with_any_permission(actions)
        if not STAFF_ACTIONS.intersection(actions):
            return by_permission
        User = get_user_model()
        return User.objects.filter(
            Q(pk__in=by_permission.values("pk")) | Q(pk__in=programme_staff_users().values("pk"))
        )


def register_registry_policies():
    """Called from `OrgsConfig.ready()`: early, before Wagtail could create fallback policies."""
    from orgs.models import Organization, OrganizationDocument, Sanction

    for model in (Organization, Sanction, OrganizationDocument):
        register_permission_policy(model, ProgrammeStaffPolicy(model))
