"""绩效评价报告 in the admin: generate one report or a call's batch in the background, watch
progress, read failures and retry, download every version (internal or public), review and
publish; the summary PDF of a call. Every page holds only what the user's departments see
(`core.scoping`); generating is for the report's own department."""

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet

from core.admin import (
    BeijingTimeInspectMixin,
    BoundedSearchMixin,
    ScopedIndexMixin,
    TransitionIndexMixin,
    TransitionInspectMixin,
    TransitionViewSetMixin,
    denied_response,
    history_rows,
)
from core.choices import row_id
from core.files import serve_private
from core.pdf import pdf_response
from orgs.roles import is_programme_staff
from projects.admin.scoping import (
    ActingViewMixin,
    ScopedDeleteView,
    ScopedHistoryView,
    ScopedUsageView,
    ScopedViewMixin,
    acting_refusal,
    get_scoped_or_404,
)
from reports.generation import generation_refusal, request_batch, request_generation
from reports.models import GenerationBatch, PerformanceReport, ReportVersion


def _staff_only(request):
    if not is_programme_staff(request.user):
        raise PermissionDenied(_("只有民政工作人员可以执行此操作"))


class ReportIndexView(
    ScopedIndexMixin, TransitionIndexMixin, BoundedSearchMixin, generic.IndexView
):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("evaluation__project__call", "current_version")
        )

    @cached_property
    def columns(self):
        return [
            self._get_title_column_class(TitleColumn)(
                "project",
                label=gettext_lazy("项目"),
                accessor=lambda r: r.evaluation.project.name,
                get_url=self.get_inspect_url,
            ),
            Column(
                "stage",
                label=gettext_lazy("评估类型"),
                accessor=lambda r: r.evaluation.get_stage_display(),
            ),
            Column("state", label=gettext_lazy("状态"), accessor="get_state_display"),
            Column("job", label=gettext_lazy("生成任务"), accessor="get_job_state_display"),
            Column(
                "version",
                label=gettext_lazy("当前版本"),
                accessor=lambda r: r.current_version or "—",
            ),
        ]


class ReportInspectView(
    ScopedViewMixin, BeijingTimeInspectMixin, TransitionInspectMixin, generic.InspectView
):
    template_name = "reports/admin/report_inspect.html"

    def get_fields(self):
        return ["state", "evaluation", "job_state", "job_error", "reviewed_at", "published_at"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            versions=self.object.versions.all(),
            # A subordinate department's report is read here without the generate button.
            refusal=acting_refusal(self.object, self.request.user)
            or generation_refusal(self.object),
            history_rows=history_rows(self.object),
        )
        return context


class GenerateView(View):
    """POST: queue (re)generation of one report; also the retry of a failed one."""

    def dispatch(self, request, *args, **kwargs):
        _staff_only(request)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, pk):
        report = get_scoped_or_404(
            PerformanceReport.objects.select_related("evaluation__project__call"),
            request.user,
            pk=pk,
        )
        back = reverse("performance_reports:inspect", args=(quote(report.pk),))
        refused = acting_refusal(report, request.user)
        if refused:
            return denied_response(request, refused, back)
        refusal = generation_refusal(report)
        if refusal:
            messages.error(request, refusal)
        elif request_generation(report, by=request.user):
            messages.success(request, _("已加入生成队列，完成后此页显示新版本。"))
        else:
            messages.warning(request, _("该报告已在生成队列中。"))
        return redirect(back)


class VersionDownloadView(View):
    def get(self, request, pk, kind):
        _staff_only(request)
        version = get_scoped_or_404(
            ReportVersion.objects.select_related("report__evaluation__project"),
            request.user,
            pk=pk,
        )
        if kind not in ("internal", "public"):
            raise Http404
        field = version.private_file if kind == "internal" else version.public_file
        label = _("内部版") if kind == "internal" else _("公开版")
        name = f"{version.report.evaluation.project.name}-{label}-v{version.number}.pdf"
        return serve_private(field, filename=name, content_type="application/pdf")


class BatchListView(WagtailAdminTemplateMixin, TemplateView):
    """Calls with evaluated projects, each with a button to generate all its reports."""

    template_name = "reports/admin/batches.html"
    page_title = gettext_lazy("批量生成绩效评价报告")
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        _staff_only(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        from grants.models import Call

        context = super().get_context_data(**kwargs)
        calls = list(
            Call.objects.for_user(self.request.user)
            .filter(funded_projects__evaluations__isnull=False)
            .annotate(evaluations=Count("funded_projects__evaluations", distinct=True))
            .order_by("-opens_at")
        )
        for call in calls:
            call.can_act = not acting_refusal(call, self.request.user)
        context.update(
            calls=calls,
            batches=GenerationBatch.objects.for_user(self.request.user).select_related(
                "call", "requested_by"
            )[:20],
        )
        return context

    def post(self, request):
        from grants.models import Call

        call = get_scoped_or_404(Call, request.user, pk=row_id(request.POST.get("call")))
        refused = acting_refusal(call, request.user)
        if refused:
            return denied_response(request, refused, reverse("performance_reports:batches"))
        batch = request_batch(call, by=request.user)
        messages.success(request, _("已开始批量生成“%(call)s”的报告。") % {"call": call})
        return redirect(reverse("performance_reports:batch", args=(batch.pk,)))


class BatchProgressView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "reports/admin/batch_progress.html"
    page_title = gettext_lazy("批量生成进度")
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        _staff_only(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        batch = get_scoped_or_404(
            GenerationBatch.objects.select_related("call"), self.request.user, pk=self.kwargs["pk"]
        )
        progress = batch.progress()
        finished = progress["done"] + progress["failed"]
        context.update(
            batch=batch,
            progress=progress,
            finished=finished,
            percent=round(100 * finished / progress["total"]) if progress["total"] else 100,
            reports=batch.reports.select_related("evaluation__project", "current_version"),
            running=progress["queued"] + progress["running"] > 0,
            can_act=not acting_refusal(batch, self.request.user),
        )
        return context


class CallSummaryView(View):
    """The summary PDF of a call: every evaluated project's grade and the grade distribution."""

    def get(self, request, pk):
        _staff_only(request)
        from grants.models import Call
        from reports.summary import render_call_summary

        call = get_scoped_or_404(Call, request.user, pk=pk)
        return pdf_response(render_call_summary(call), f"{call.title}-绩效评价汇总.pdf")


class DashboardView(WagtailAdminTemplateMixin, TemplateView):
    """Staff figures: like the public page, but counting accepted results not yet published."""

    template_name = "reports/admin/dashboard.html"
    page_title = gettext_lazy("资助与评估数据")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        _staff_only(request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        from reports.charts import bar_chart
        from reports.figures import figures_workbook, grades
        from reports.views.public import _xlsx, _year, figures_context

        year = _year(request)
        self.figures = figures_context(year, public=False)
        # The award figures are the public ones, each linked to the public list it counts; the
        # grades, which count results not yet published, are those of the user's departments.
        data = self.figures["data"]
        data["grades"] = grades(year, public=False, user=request.user)
        self.figures["charts"]["grades"] = bar_chart(
            [(g, n, None) for g, n in data["grades"]], title=_("评估等级分布"), unit=_("个")
        )
        if request.GET.get("format") == "xlsx":
            return _xlsx(figures_workbook(self.figures["data"]), "资助与评估数据.xlsx")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **self.figures}


class ReportEditView(ActingViewMixin, generic.EditView):
    pass


class ReportViewSet(TransitionViewSetMixin, ModelViewSet):
    model = PerformanceReport
    name = "performance_reports"
    icon = "doc-full"
    menu_label = gettext_lazy("绩效评价报告")
    index_view_class = ReportIndexView
    inspect_view_class = ReportInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_filter = ["state", "job_state"]
    search_fields = ["evaluation__project__name"]
    search_backend_name = None
    form_fields = ["state"]
    edit_view_class = ReportEditView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    delete_view_class = ScopedDeleteView

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("generate/<int:pk>/", GenerateView.as_view(), name="generate"),
            path("version/<int:pk>/<str:kind>/", VersionDownloadView.as_view(), name="version"),
            path("batches/", BatchListView.as_view(), name="batches"),
            path("batches/<uuid:pk>/", BatchProgressView.as_view(), name="batch"),
            path("call/<int:pk>/summary.pdf", CallSummaryView.as_view(), name="call_summary"),
            path("dashboard/", DashboardView.as_view(), name="dashboard"),
        ]
