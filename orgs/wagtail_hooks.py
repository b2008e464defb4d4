"""The organization registry in the Wagtail admin: 组织管理 and 限制措施.

Who reaches them is decided by the permission policies of `orgs.admin.policies` (registered in
`OrgsConfig.ready()`): programme staff and superusers.
"""

from wagtail import hooks


@hooks.register("register_admin_viewset")
def register_registry_viewsets():
    from orgs.admin.organizations import OrganizationViewSet
    from orgs.admin.sanctions import SanctionViewSet

    return [OrganizationViewSet(), SanctionViewSet()]


# Incubation (orgs.admin.incubation): policies first, before anything can create a fallback one.
from orgs.admin.incubation_access import register_incubation_policies  # noqa: E402

register_incubation_policies()


@hooks.register("register_admin_viewset")
def register_incubation_viewsets():
    from orgs.admin.incubation import IncubationViewSetGroup

    return IncubationViewSetGroup()
