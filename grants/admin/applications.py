"""申报书 in the admin: the screening listing, the inspect page with its checklist, exports.

Programme staff only (`grants.admin.policies.ScreeningPolicy`), and of those only the departments
buying the call and the departments above them (`core.scoping`): every page loads its application
through `screening_queryset(user)`, so another department's id is a 404. Staff never edit what
applicants wrote; they move applications through `core.admin.TransitionView` (one at a time) or
the bulk actions of `grants.admin.bulk`, both ending in `core.workflow.perform_transition`.
"""

from decimal import Decimal

from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from core.admin import (
    BeijingTimeInspectMixin,
    BoundedSearchMixin,
    DisplayExportMixin,
    TransitionIndexMixin,
    TransitionInspectMixin,
    TransitionViewSetMixin,
    history_rows,
)
from core.formats import BEIJING, iso_time
from core.money import figures
from core.pdf import pdf_response
from core.upload_views import serve_stored
from grants import permissions as perms
from grants.admin.checklist import checklist_passed, screening_checklist
from grants.admin.filters import ApplicationFilterSet
from grants.admin.scoping import (
    ActingViewMixin,
    ScopedDeleteView,
    ScopedHistoryView,
    ScopedUsageView,
)
from grants.documents import application_document, pdf_filename, render_application_pdf
from grants.models import Application, ApplicationAttachment, ApplicationState, BudgetLine
from orgs.permissions import prime_memberships

MONEY = DecimalField(max_digits=14, decimal_places=2)
XLSX, CSV = SpreadsheetExportMixin.FORMAT_XLSX, SpreadsheetExportMixin.FORMAT_CSV


def _budget_total():
    # A subquery rather than Sum over a join: filters and search may add joins, which would
    # multiply the lines. For display and sorting only: SQLite sums decimals as floats (figures()
    # shows them to the cent); the export sums the Decimal lines in Python.
    lines = BudgetLine.objects.filter(application=OuterRef("pk"))
    total = lines.order_by().values("application").annotate(total=Sum("amount")).values("total")
    return Coalesce(
        Subquery(total[:1], output_field=MONEY), Value(Decimal("0.00")), output_field=MONEY
    )


def screening_queryset(user):
    """Every application handed in (drafts stay the organization's own) to a call of a department
    `user` sees, with budget totals."""
    return (
        Application.objects.for_user(user)
        .exclude(state=ApplicationState.DRAFT)
        .select_related("call", "organization", "category")
        .annotate(budget_total=_budget_total())
    )


def _beijing_naive(value):
    return value.astimezone(BEIJING).replace(tzinfo=None) if value else None


def _beijing_text(value):
    return value.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M") if value else ""


EXPORT_COLUMNS = {
    "call": (gettext_lazy("征集名称"), lambda a: a.call.title),
    "project_name": (gettext_lazy("项目名称"), lambda a: a.project_name),
    "org_name": (gettext_lazy("申报单位"), lambda a: a.organization.name),
    "uscc": (
        gettext_lazy("统一社会信用代码"),
        lambda a: (a.org_snapshot or {}).get("uscc") or a.organization.uscc or "",
    ),
    "org_kind": (gettext_lazy("组织类型"), lambda a: a.organization.get_kind_display()),
    "category": (gettext_lazy("服务领域"), lambda a: a.category.name if a.category_id else ""),
    "lead_name": (gettext_lazy("项目负责人"), lambda a: a.lead_name),
    "lead_phone": (gettext_lazy("负责人电话"), lambda a: a.lead_phone),
    "amount_requested": (gettext_lazy("申请资助金额（元）"), lambda a: a.amount_requested),
    # Totals summed in Python from the prefetched lines: exact Decimal on every database (SQLite
    # sums decimals as floats in SQL, fine for the listing's display but not for a ledger).
    "budget_requested": (gettext_lazy("预算：申请资助（元）"), lambda a: a.totals["requested"]),
    "budget_own": (gettext_lazy("预算：自筹（元）"), lambda a: a.totals["own"]),
    "budget_other": (gettext_lazy("预算：其他来源（元）"), lambda a: a.totals["other"]),
    "budget_total": (gettext_lazy("项目总预算（元）"), lambda a: a.totals["total"]),
    "state": (gettext_lazy("状态"), lambda a: a.get_state_display()),
    "submitted_at": (gettext_lazy("提交时间（北京时间）"), lambda a: a.submitted_at),
    "submission_number": (gettext_lazy("申报编号"), lambda a: a.submission_number or ""),
}


class ApplicationIndexView(
    DisplayExportMixin, TransitionIndexMixin, BoundedSearchMixin, generic.IndexView
):
    template_name = "grants/admin/application_index.html"
    default_ordering = "-submitted_at"
    custom_field_preprocess = {
        "submitted_at": {XLSX: _beijing_naive, CSV: _beijing_text},
    }

    def get_base_queryset(self):
        return screening_queryset(self.request.user)

    def get_table(self, object_list):
        # Each row's menu asks whether the user administers the applicant (withdraw is the
        # applicant's move): one query for the page, not one per row.
        if not self.is_export:
            prime_memberships([a.organization for a in object_list], self.request.user)
        return super().get_table(object_list)

    @cached_property
    def columns(self):
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="application"),
            self._get_title_column_class(TitleColumn)(
                "project_name",
                label=gettext_lazy("项目名称"),
                accessor=str,
                get_url=self.get_inspect_url,
                get_title_id=lambda a: f"application_{quote(a.pk)}_title",
                sort_key="project_name",
            ),
            Column(
                "submission_number",
                label=gettext_lazy("申报编号"),
                accessor=lambda a: a.submission_number or "—",
                sort_key="submission_number",
            ),
            Column("organization", label=gettext_lazy("申报单位"), accessor="organization.name"),
            Column("call", label=gettext_lazy("征集"), accessor="call.title"),
            Column(
                "category",
                label=gettext_lazy("服务领域"),
                accessor=lambda a: a.category.name if a.category_id else "—",
            ),
            Column(
                "amount_requested",
                label=gettext_lazy("申请金额（元）"),
                accessor=lambda a: figures(a.amount_requested),
                sort_key="amount_requested",
            ),
            Column(
                "budget_total",
                label=gettext_lazy("总预算（元）"),
                accessor=lambda a: figures(a.budget_total),
                sort_key="budget_total",
            ),
            Column(
                "submitted_at",
                label=gettext_lazy("提交时间"),
                accessor=lambda a: iso_time(a.submitted_at),
                sort_key="submitted_at",
            ),
            Column("state", label=gettext_lazy("状态"), accessor="get_state_display"),
        ]

    # --- export -------------------------------------------------------------------------------
    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.prefetch_related("budget_lines") if self.is_export else queryset

    def to_row_dict(self, item):
        item.totals = item.budget_totals()
        return {name: EXPORT_COLUMNS[name][1](item) for name in self.list_export}

    def get_filename(self):
        call = self.filters.form.cleaned_data.get("call") if self.filters else None
        return f"applications-call{call}" if call else "applications"


class ApplicationInspectView(BeijingTimeInspectMixin, TransitionInspectMixin, generic.InspectView):
    template_name = "grants/admin/application_inspect.html"
    attachment_url_name = None
    pdf_url_name = None

    def get_object(self, queryset=None):
        return get_object_or_404(screening_queryset(self.request.user), pk=unquote(str(self.pk)))

    def get_fields(self):
        return []  # the template lays the whole application out itself

    def get_page_title(self):
        return _("申报书审查")

    @cached_property
    def pdf_url(self):
        return reverse(self.pdf_url_name, args=(quote(self.object.pk),))

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                _("打印申报书（PDF）"), url=self.pdf_url, icon_name="doc-full", priority=90
            ),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        checklist = screening_checklist(application)
        document = application_document(application)
        for row in document["attachments"]:
            row["url"] = reverse(
                self.attachment_url_name, args=(application.pk, row["attachment"].pk)
            )
        context.update(
            doc=document,
            checklist=checklist,
            checklist_passed=checklist_passed(checklist),
            transitions=self.transitions,
            transition_url_name=self.transition_url_name,
            history_rows=history_rows(application),
            pdf_url=self.pdf_url,
        )
        return context


class ApplicationObjectView(PermissionCheckedMixin, View):
    """Base of the admin file views: the policy ("view") and the rule, then the object."""

    model = Application
    any_permission_required = ["view"]

    def get_application(self, request, pk):
        application = get_object_or_404(screening_queryset(request.user), pk=pk)
        allowed, reason = perms.can_view_application(application, request.user)
        if not allowed:
            raise PermissionDenied(reason)
        return application


class AttachmentDownloadView(ApplicationObjectView):
    def get(self, request, pk, attachment_pk):
        application = self.get_application(request, pk)
        attachment = get_object_or_404(
            ApplicationAttachment, pk=attachment_pk, application=application
        )
        return serve_stored(attachment)


class ApplicationPdfView(ApplicationObjectView):
    def get(self, request, pk):
        application = self.get_application(request, pk)
        return pdf_response(render_application_pdf(application), pdf_filename(application))


class ApplicationEditView(ActingViewMixin, generic.EditView):
    """Nobody edits an application here (the policy refuses "change"); the object is read before
    the policy answers so that another department's id is a 404 as on every other page."""


class ApplicationViewSet(TransitionViewSetMixin, ModelViewSet):
    model = Application
    name = "applications"
    icon = "form"
    menu_label = gettext_lazy("申报书")
    menu_name = "applications"

    index_view_class = ApplicationIndexView
    inspect_view_class = ApplicationInspectView
    edit_view_class = ApplicationEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    inspect_view_enabled = True
    copy_view_enabled = False
    # No add or edit view is reachable (the policy grants "view" only); Wagtail still wants a form.
    form_fields = ["project_name"]

    filterset_class = ApplicationFilterSet
    # The ORM's icontains, not a search backend: Chinese substrings must match ("长者").
    search_fields = ["project_name", "organization__name", "submission_number"]
    search_backend_name = None
    list_export = list(EXPORT_COLUMNS)
    export_headings = {name: label for name, (label, _getter) in EXPORT_COLUMNS.items()}
    export_filename = "applications"

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            attachment_url_name=self.get_url_name("attachment"),
            pdf_url_name=self.get_url_name("pdf"),
            **kwargs,
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "inspect/<int:pk>/attachments/<int:attachment_pk>/",
                self.construct_view(AttachmentDownloadView),
                name="attachment",
            ),
            path("inspect/<int:pk>/pdf/", self.construct_view(ApplicationPdfView), name="pdf"),
        ]
