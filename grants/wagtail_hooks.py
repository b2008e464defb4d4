"""征集与申报 in the Wagtail admin: the "申报管理" menu (征集管理, 申报书) and batch screening.

Who reaches them is decided by `grants.admin.policies` (programme staff), registered here before
anything could create Wagtail's fallback model-permission policy.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from grants.admin.policies import register_grants_policies

register_grants_policies()

from grants.admin.applications import ApplicationViewSet  # noqa: E402
from grants.admin.bulk import BULK_ACTIONS  # noqa: E402
from grants.admin.calls import CallViewSet  # noqa: E402


class GrantsViewSetGroup(ViewSetGroup):
    menu_label = _("申报管理")
    menu_icon = "form"
    menu_order = 220
    items = (CallViewSet, ApplicationViewSet)


@hooks.register("register_admin_viewset")
def register_grants_viewsets():
    return GrantsViewSetGroup()


for action in BULK_ACTIONS:
    hooks.register("register_bulk_action", action)


@hooks.register("cms_home_section")
def open_calls_on_home(request):
    from grants.home import open_calls_section

    return open_calls_section(request)
