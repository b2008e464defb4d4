from django.apps import AppConfig
from wagtail.users import apps as wagtail_users_apps


class OrgsConfig(AppConfig):
    name = "orgs"
    verbose_name = "组织与人员"

    def ready(self):
        from core.permissions import register_approver_check
        from orgs import checks  # noqa: F401  (registers the system checks)
        from orgs.admin.policies import register_registry_policies
        from orgs.roles import is_approver, is_programme_staff

        # Two-person approvals (core.approvals) ask orgs who holds the 审核人 role.
        register_approver_check(is_approver, staff=is_programme_staff)

        # Staff see and act on their own departments' records (core.scoping, orgs.departments).
        from core.scoping import register_department_scope
        from orgs.departments import scope

        register_department_scope(scope)

        from orgs.roles import show_groups_by_label

        show_groups_by_label()

        register_registry_policies()

        # A base manager's applications to answer, on the to-do home (core.todo).
        from orgs.incubation.todo import register_panels

        register_panels()


class WagtailUsersConfig(wagtail_users_apps.WagtailUsersAppConfig):
    """Wagtail's user admin with forms for `orgs.User`; replaces "wagtail.users" in settings."""

    default = False  # OrgsConfig stays the config of the "orgs" app
    user_viewset = "orgs.admin.users.UserViewSet"
    group_viewset = "orgs.admin.groups.GroupViewSet"

    def ready(self):
        from django.contrib.auth.models import Group
        from wagtail.permissions import register_permission_policy

        from orgs.admin.policies import AccountPolicy
        from orgs.models import User

        register_permission_policy(User, AccountPolicy(User))
        register_permission_policy(Group)
