"""资助项目 in the Wagtail admin: the "项目管理" menu (资助项目, 项目管理规则) and the 项目监管看板.

Who reaches them is decided by `projects.admin.policies` (programme staff), registered here before
anything could create Wagtail's fallback model-permission policy.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup

from projects.admin.policies import register_projects_policies

register_projects_policies()

from orgs.roles import is_programme_staff  # noqa: E402
from projects.admin.projects import FundedProjectViewSet, ProjectTermsViewSet  # noqa: E402

project_viewset = FundedProjectViewSet()


class ProjectsViewSetGroup(ViewSetGroup):
    menu_label = _("项目管理")
    menu_icon = "tasks"
    menu_order = 240
    items = (project_viewset, ProjectTermsViewSet)


@hooks.register("register_admin_viewset")
def register_projects_viewsets():
    return ProjectsViewSetGroup()


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return is_programme_staff(request.user)


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return StaffMenuItem(
        _("项目监管看板"),
        reverse("funded_projects:dashboard"),
        icon_name="time",
        order=241,
    )


@hooks.register("cms_home_figures")
def award_figures(request):
    """This year's awards on the home page, each a link to the list it counts."""
    from django.utils import timezone

    from core.money import figures as money_figures
    from projects import figures

    year = timezone.localdate().year
    count, total = figures.count_and_total(year)
    note = figures.YEAR_RULE
    return [
        {
            "label": _("本年度立项项目"),
            "value": count.value,
            "unit": _("个"),
            "url": count.url,
            "note": note,
            "order": 1,
        },
        {
            "label": _("本年度立项资助金额"),
            "value": money_figures(total.value),
            "unit": _("元"),
            "url": total.url,
            "note": note,
            "order": 2,
        },
    ]
