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


@hooks.register("project_public_documents")
def published_performance_reports(project):
    """The public version of each published performance report of `project`, for its public
    page (`projects.public.public_documents`)."""
    from django.urls import reverse

    from reports.issued import attach_hashes
    from reports.models import PerformanceReport, ReportState

    reports = list(
        PerformanceReport.objects.filter(
            evaluation__project=project,
            state=ReportState.PUBLISHED,
            published_version__isnull=False,
        )
        .select_related("evaluation", "published_version")
        .order_by("evaluation__stage")
    )
    attach_hashes(report.published_version for report in reports)
    return [
        {
            "title": _("%(stage)s绩效评价报告（PDF）")
            % {"stage": report.evaluation.get_stage_display()},
            "url": reverse("evaluations_public:report_pdf", args=[report.pk]),
            "sha256": report.published_version.sha256,
        }
        for report in reports
    ]
