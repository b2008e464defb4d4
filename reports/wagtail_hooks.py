"""第三方评估 in the Wagtail admin: schemes, evaluations, reports and per-call settings.

Access is decided by `reports.admin.policies` (programme staff), registered before anything
could create Wagtail's fallback model-permission policy.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from reports.admin.policies import register_reports_policies

register_reports_policies()

from reports.admin.evaluations import CallSettingsViewSet, EvaluationViewSet  # noqa: E402
from reports.admin.reports import ReportViewSet  # noqa: E402
from reports.admin.schemes import SchemeViewSet  # noqa: E402


class ReportsViewSetGroup(ViewSetGroup):
    menu_label = _("评估与绩效")
    menu_icon = "clipboard-list"
    menu_order = 260
    items = (EvaluationViewSet, ReportViewSet, SchemeViewSet, CallSettingsViewSet)


@hooks.register("register_admin_viewset")
def register_reports_viewsets():
    return ReportsViewSetGroup()
