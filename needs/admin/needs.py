"""服务需求 in the admin: moderation listing, the inspect page (contact, files, offers, history)
and the links staff correct (catalogue item, answering application).

Programme staff only (`needs.admin.policies.ModerationPolicy`), and of them only the need's
department and the departments above it (`Need.objects.for_user`, issue 21): another
department's need is a 404 on every page here; a department above sees it without acting on it.
States move through `core.admin.TransitionView`; needs are linked to calls by the bulk action of
`needs.admin.build_call`.
"""

from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from core.admin import (
    BeijingTimeInspectMixin,
    BoundedSearchMixin,
    DisplayExportMixin,
    ScopedObjectMixin,
    TransitionIndexMixin,
    TransitionInspectMixin,
    TransitionViewSetMixin,
    history_rows,
)
from core.audit import log_event
from core.formats import iso_time
from core.money import figures
from core.scoping import for_user
from core.upload_views import serve_stored
from needs.admin.filters import NeedFilterSet
from needs.models import Need, NeedAttachment, NeedState
from orgs.departments import departments_for
from orgs.roles import is_programme_staff


def moderation_queryset(user):
    return (
        Need.objects.for_user(user)
        .exclude(state=NeedState.DRAFT)
        .select_related("organization", "call", "answered_by", "department")
    )


class NeedAdminForm(WagtailAdminModelForm):
    """The responsible department may be handed to another of the user's own departments (a
    system administrator: any department, e.g. for a need no department serves)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is None:
            return
        field = self.fields.get("department")
        if field is not None:
            field.queryset = departments_for(self.for_user).order_by("name")
            field.required = not self.for_user.is_superuser
        field = self.fields.get("answered_by")
        if field is not None:
            field.queryset = for_user(field.queryset, self.for_user)


class NeedIndexView(
    DisplayExportMixin, TransitionIndexMixin, BoundedSearchMixin, generic.IndexView
):
    template_name = "needs/admin/need_index.html"
    default_ordering = "-submitted_at"

    def get_base_queryset(self):
        return moderation_queryset(self.request.user)

    @cached_property
    def columns(self):
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="need"),
            self._get_title_column_class(TitleColumn)(
                "title",
                label=gettext_lazy("需求标题"),
                accessor="title",
                get_url=self.get_inspect_url,
                sort_key="title",
            ),
            Column(
                "organization",
                label=gettext_lazy("提出单位"),
                accessor="raised_by",
            ),
            Column("category", label=gettext_lazy("服务领域"), accessor="get_category_display"),
            Column(
                "department",
                label=gettext_lazy("负责部门"),
                accessor=lambda n: n.department.name if n.department_id else "—",
            ),
            Column("location", label=gettext_lazy("地点"), accessor="location"),
            Column("urgency", label=gettext_lazy("紧急程度"), accessor="get_urgency_display"),
            Column(
                "submitted_at",
                label=gettext_lazy("提交时间"),
                accessor=lambda n: iso_time(n.submitted_at),
                sort_key="submitted_at",
            ),
            Column("state", label=gettext_lazy("状态"), accessor="get_state_display"),
        ]


class NeedInspectView(
    ScopedObjectMixin, BeijingTimeInspectMixin, TransitionInspectMixin, generic.InspectView
):
    template_name = "needs/admin/need_inspect.html"
    attachment_url_name = None

    def get_fields(self):
        return []  # the template lays the need out itself

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        need = self.object
        context.update(
            need=need,
            budget=(figures(need.budget_min), figures(need.budget_max)),
            attachments=[
                (a, reverse(self.attachment_url_name, args=(quote(need.pk), a.pk)))
                for a in need.attachments.all()
            ],
            interests=need.interests.select_related("organization"),
            applications=need.application_links.select_related(
                "application", "application__organization"
            ),
            matches=need.meeting_matches.select_related("meeting", "organization"),
            history_rows=history_rows(need),
        )
        return context


class NeedEditView(ScopedObjectMixin, generic.EditView):
    acting = True  # a department above reads the need; only its own department corrects it

    def save_instance(self):
        # Only the form's fields are written: a concurrent transition's state is never undone.
        need = self.form.save(commit=False)
        need.save(update_fields=[*self.form._meta.fields, "updated_at"])
        changed = sorted(self.form.changed_data)
        if changed:
            log_event(need, user=self.request.user, summary=_("修改需求信息"), fields=changed)
        return need

    def get_success_url(self):
        return reverse("needs:inspect", args=(quote(self.object.pk),))


class NeedHistoryView(ScopedObjectMixin, generic.HistoryView):
    pass


class NeedUsageView(ScopedObjectMixin, generic.UsageView):
    pass


class NeedDeleteView(ScopedObjectMixin, generic.DeleteView):
    pass  # the policy refuses deleting; another department's id is a 404 before that


class AttachmentView(View):
    """A need's attachment, for programme staff (never a public URL)."""

    def get(self, request, pk, attachment_pk):
        if not is_programme_staff(request.user):
            raise PermissionDenied(_("只有民政工作人员可以执行此操作"))
        need = get_object_or_404(Need.objects.for_user(request.user), pk=unquote(str(pk)))
        attachment = get_object_or_404(NeedAttachment, pk=attachment_pk, need=need)
        return serve_stored(attachment)


class NeedViewSet(TransitionViewSetMixin, ModelViewSet):
    model = Need
    name = "needs"
    icon = "list-ul"
    menu_label = gettext_lazy("服务需求")
    menu_name = "needs"
    add_to_admin_menu = False

    index_view_class = NeedIndexView
    edit_view_class = NeedEditView
    inspect_view_class = NeedInspectView
    history_view_class = NeedHistoryView
    usage_view_class = NeedUsageView
    delete_view_class = NeedDeleteView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = NeedFilterSet
    search_fields = ["title", "description", "street", "community"]
    search_backend_name = None
    list_export = [
        "title",
        "source",
        "raised_by",
        "department",
        "category",
        "region_code",
        "region_name",
        "street",
        "community",
        "affected_count",
        "urgency",
        "state",
        "submitted_at",
        "published_at",
    ]
    export_filename = "needs"
    export_headings = {"raised_by": gettext_lazy("提出单位")}
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("description"),
            FieldPanel("category"),
            FieldPanel("catalogue_item_page"),
            FieldPanel("urgency"),
            FieldPanel("answered_by"),
            FieldPanel("department"),
        ],
        base_form_class=NeedAdminForm,
    )

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            attachment_url_name=self.get_url_name("attachment"), **kwargs
        )

    @property
    def attachment_view(self):
        return AttachmentView.as_view()

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "attachment/<str:pk>/<int:attachment_pk>/",
                self.attachment_view,
                name="attachment",
            ),
        ]
