"""组织管理: the organization registry for programme staff.

Listing with filters, Chinese search and spreadsheet export; an inspect page with documents,
members, sanctions and the audit trail; create/edit forms with every master-data field (staff-only
ones included, never the verification state); transitions through `core.admin.TransitionView`.
"""

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from core.admin import (
    BeijingTimeInspectMixin,
    BoundedSearchMixin,
    DisplayExportMixin,
    TransitionIndexMixin,
    TransitionInspectMixin,
    TransitionViewSetMixin,
    history_rows,
)
from core.audit import OVERRIDE, log_event
from core.upload_views import serve_stored
from orgs import permissions as perms
from orgs import uscc
from orgs.admin.filters import OrganizationFilterSet, SanctionStatus
from orgs.departments import above, parents_map
from orgs.models import Organization, OrganizationDocument, OrgKind, VerificationState

MASTER_DATA_FIELDS = [
    "name",
    "short_name",
    "kind",
    "uscc",
    "uscc_override_reason",
    "registration_number",
    "org_code",
    "filing_number",
    "host_organization",
    "registration_authority",
    "registration_level",
    "supervising_unit",
    "founded_on",
    "legal_representative",
    "address",
    "region_code",
    "region_name",
    "status",
    "annual_report_year",
    "annual_report_result",
    "grade",
    "grade_granted_on",
    "credit_status",
    "credit_status_since",
    "credit_status_until",
    "contact_name",
    "contact_phone",
    "contact_email",
    "website",
]
# Fields whose change may bring a checksum override into use.
USCC_INPUTS = {"uscc", "uscc_override_reason", "kind"}


class StaffOrganizationForm(WagtailAdminModelForm):
    """Every master-data field. `state` is absent on purpose: only transitions move it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("host_organization")
        if field is not None:
            hosts = Organization.objects.filter(state=VerificationState.VERIFIED).exclude(
                kind=OrgKind.COMMUNITY_GROUP
            )
            if self.instance.pk:
                hosts = hosts.exclude(pk=self.instance.pk)
            # Keep the current host selectable even if it is no longer verified.
            field.queryset = Organization.objects.filter(
                Q(pk__in=hosts.values("pk")) | Q(pk=self.instance.host_organization_id)
            )
        field = self.fields.get("parent_department")
        if field is not None:
            departments = Organization.objects.filter(kind=OrgKind.GOVERNMENT).order_by("name")
            field.queryset = departments.exclude(pk=self.instance.pk)

    def clean(self):
        data = super().clean()
        parent, area = data.get("parent_department"), data.get("jurisdiction_code")
        if data.get("kind") != OrgKind.GOVERNMENT:
            if parent is not None:
                self.add_error("parent_department", _("只有政府部门可以设置上级部门"))
            if area:
                self.add_error("jurisdiction_code", _("只有政府部门可以填写辖区"))
        elif parent is not None and self.instance.pk:
            # The tree of departments decides who sees whose records: it must stay a tree.
            if self.instance.pk in above(parents_map(), parent.pk):
                self.add_error("parent_department", _("上级部门不能是本部门或本部门的下级部门"))
        return data

    def _post_clean(self):
        super()._post_clean()
        # A rejected field leaves cleaned_data: look at what was typed.
        code = self.data.get(self.add_prefix("uscc"), "")
        if "uscc" in self.errors and code and not self.cleaned_data.get("uscc_override_reason"):
            report = uscc.inspect(code, kind=self.cleaned_data.get("kind"))
            if report.checksum_failed_only:
                self.add_error(
                    "uscc_override_reason",
                    _(
                        "代码仅校验位不符。如已核对登记证书原件、确认代码无误（早期试点代码），"
                        "请填写核准理由后保存。"
                    ),
                )


def log_uscc_override(org, *, user, changed, created=False):
    """An OVERRIDE audit entry when staff (newly) accept a code failing only its checksum."""
    if not (org.uscc and org.uscc_override_reason):
        return
    if not created and not USCC_INPUTS.intersection(changed):
        return
    if uscc.inspect(org.uscc, kind=org.kind).checksum_failed_only:
        log_event(
            org,
            action=OVERRIDE,
            user=user,
            summary=_("核准校验位不符的统一社会信用代码"),
            uscc=org.uscc,
            reason=org.uscc_override_reason,
        )


class InspectRedirectMixin:
    inspect_url_name = None

    def get_success_url(self):
        return reverse(self.inspect_url_name, args=(quote(self.object.pk),))


class OrganizationCreateView(InspectRedirectMixin, generic.CreateView):
    def save_instance(self):
        org = self.form.instance
        org.created_by = self.request.user
        self.action_class(org, user=self.request.user, form=self.form, log_action=False).execute(
            skip_permission_checks=True
        )
        log_event(org, user=self.request.user, summary=_("后台登记组织"))
        log_uscc_override(org, user=self.request.user, changed=self.form.changed_data, created=True)
        return org


class OrganizationEditView(InspectRedirectMixin, generic.EditView):
    def save_instance(self):
        org = self.form.instance
        self.action_class(org, user=self.request.user, form=self.form, log_action=False).execute(
            skip_permission_checks=True
        )
        changed = sorted(self.form.changed_data)
        if changed:
            log_event(org, user=self.request.user, summary=_("后台修改组织信息"), fields=changed)
            log_uscc_override(org, user=self.request.user, changed=changed)
        return org


class OrganizationIndexView(
    DisplayExportMixin, TransitionIndexMixin, BoundedSearchMixin, generic.IndexView
):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("host_organization")

    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        # Staff mostly review: the name opens the inspect page (edit is in the "more" menu).
        kwargs.setdefault("get_url", self.get_inspect_url)
        return self._get_custom_column(
            field_name, self._get_title_column_class(column_class), **kwargs
        )


class OrganizationInspectView(BeijingTimeInspectMixin, TransitionInspectMixin, generic.InspectView):
    template_name = "orgs/admin/organization_inspect.html"
    document_url_name = None

    def get_uscc_warnings_display_value(self):
        return "；".join(self.object.uscc_warnings) or "-"

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons.append(
            Button(
                _("登记限制措施"),
                url=f"{reverse('sanctions:add')}?organization={self.object.pk}",
                icon_name="warning",
                priority=40,
            )
        )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org = self.object
        context["documents"] = [
            (document, reverse(self.document_url_name, args=(org.pk, document.pk)))
            for document in org.documents.select_related("uploaded_by")
        ]
        context["memberships"] = org.memberships.select_related("user").order_by(
            "role", "joined_at"
        )
        context["sanctions"] = [
            (sanction, SanctionStatus.LABELS[SanctionStatus.of(sanction)])
            for sanction in org.sanctions.select_related("created_by")
        ]
        context["history_rows"] = history_rows(org)
        return context


class DocumentDownloadView(PermissionCheckedMixin, View):
    """Serve an organization's private document to staff (checked twice: policy and rule)."""

    model = Organization
    any_permission_required = ["add", "change", "view"]

    def get(self, request, pk, document_pk):
        org = get_object_or_404(Organization, pk=pk)
        allowed, reason = perms.can_view_documents(org, request.user)
        if not allowed:
            raise PermissionDenied(reason)
        document = get_object_or_404(OrganizationDocument, pk=document_pk, organization=org)
        return serve_stored(document)


class OrganizationViewSet(TransitionViewSetMixin, ModelViewSet):
    model = Organization
    name = "organizations"
    icon = "group"
    menu_label = gettext_lazy("组织管理")
    menu_name = "organizations"
    menu_order = 210
    add_to_admin_menu = True

    index_view_class = OrganizationIndexView
    add_view_class = OrganizationCreateView
    edit_view_class = OrganizationEditView
    inspect_view_class = OrganizationInspectView
    inspect_view_enabled = True
    copy_view_enabled = False

    list_display = ["name", "kind", "uscc", "state", "grade", "region_name", "credit_status"]
    filterset_class = OrganizationFilterSet
    # The ORM's icontains, not a search backend: Chinese substrings must match ("阳光").
    search_fields = ["name", "uscc", "registration_number"]
    search_backend_name = None
    list_export = [
        *MASTER_DATA_FIELDS,
        "state",
        "verified_at",
        "created_at",
        "updated_at",
    ]
    export_filename = "organizations"

    inspect_view_fields = [
        "state",
        *MASTER_DATA_FIELDS,
        "bank_account_name",
        "bank_name",
        "bank_account_number",
        "uscc_warnings",
        "verified_at",
        "created_by",
        "created_at",
        "updated_at",
    ]

    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("name"), FieldPanel("short_name")]),
                    FieldPanel("kind"),
                    FieldPanel("uscc"),
                    FieldPanel("uscc_override_reason"),
                    FieldRowPanel([FieldPanel("registration_number"), FieldPanel("org_code")]),
                    FieldRowPanel([FieldPanel("filing_number"), FieldPanel("host_organization")]),
                ],
                heading=gettext_lazy("身份信息"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("registration_authority"),
                    FieldRowPanel(
                        [FieldPanel("registration_level"), FieldPanel("supervising_unit")]
                    ),
                    FieldRowPanel([FieldPanel("founded_on"), FieldPanel("legal_representative")]),
                    FieldPanel("address"),
                    FieldRowPanel([FieldPanel("region_code"), FieldPanel("status")]),
                ],
                heading=gettext_lazy("登记信息"),
            ),
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("jurisdiction_code"), FieldPanel("parent_department")])],
                heading=gettext_lazy("政府部门（购买主体）"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [FieldPanel("annual_report_year"), FieldPanel("annual_report_result")]
                    ),
                    FieldRowPanel([FieldPanel("grade"), FieldPanel("grade_granted_on")]),
                    FieldPanel("credit_status"),
                    FieldRowPanel(
                        [FieldPanel("credit_status_since"), FieldPanel("credit_status_until")]
                    ),
                ],
                heading=gettext_lazy("年报、等级与信用"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("contact_name"),
                    FieldRowPanel([FieldPanel("contact_phone"), FieldPanel("contact_email")]),
                    FieldPanel("website"),
                ],
                heading=gettext_lazy("联系人"),
            ),
        ],
        base_form_class=StaffOrganizationForm,
    )

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            document_url_name=self.get_url_name("document"), **kwargs
        )

    @property
    def document_view(self):
        return self.construct_view(DocumentDownloadView)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "inspect/<int:pk>/documents/<int:document_pk>/",
                self.document_view,
                name="document",
            ),
        ]
