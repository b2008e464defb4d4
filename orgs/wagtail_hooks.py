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


@hooks.register("cms_home_figures")
def incubation_figures(request):
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from orgs.incubation.public import headline_figures

    figures = headline_figures()
    url = reverse("incubation_public:index")
    return [
        {
            "label": _("累计入驻孵化的组织"),
            "value": figures["incubated"],
            "unit": _("家"),
            "url": url,
            "order": 40,
        },
        {
            "label": _("已出壳的组织"),
            "value": figures["graduated"],
            "unit": _("家"),
            "url": url,
            "order": 41,
        },
        {
            "label": _("孵化后获得资助的组织"),
            "value": figures["funded"],
            "unit": _("家"),
            "url": url,
            "order": 42,
        },
    ]
