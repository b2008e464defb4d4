"""征集管理: calls in the admin for programme staff.

Create and edit every field of a call through the model's own panels (categories with quotas,
schedule, eligibility rules, required attachments, extra questions); the life cycle moves only
through `core.admin.TransitionView` (发布, 截止, 开始评审, …). The inspect page links to the call's
applications and their spreadsheet export.

Departments (`core.scoping`): the listing holds the calls of the user's departments and of those
below them; any page of another department's call is a 404. A call is bought by one of the user's
own departments (the form offers no other), and a department above only reads its subordinates'
calls: their edit page answers 403 with the reason and no edit link is shown.
"""

from django.contrib.admin.utils import quote
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from core.admin import (
    BeijingTimeInspectMixin,
    BoundedSearchMixin,
    ScopedIndexMixin,
    ScopedObjectMixin,
    TransitionIndexMixin,
    TransitionInspectMixin,
    TransitionViewSetMixin,
    history_rows,
)
from core.audit import log_event
from core.formats import iso_time
from core.money import yuan
from grants import questions
from grants.admin.filters import CallFilterSet
from grants.admin.scoping import (
    ActingViewMixin,
    ScopedDeleteView,
    ScopedHistoryView,
    ScopedUsageView,
    may_act,
)
from grants.eligibility import describe_rules
from grants.models import ApplicationState, Call
from orgs.departments import departments_for

APPLICATIONS_INDEX = "applications:index"


def applications_url(call, **params) -> str:
    return f"{reverse(APPLICATIONS_INDEX)}?{urlencode({'call': call.pk, **params})}"


class InspectRedirectMixin:
    inspect_url_name = None

    def get_success_url(self):
        return reverse(self.inspect_url_name, args=(quote(self.object.pk),))


OWN_DEPARTMENTS_ONLY = gettext_lazy("只能选择您所在的部门作为购买主体")
OWN_CALLS_ONLY = gettext_lazy("只能选择本部门的征集")


class CallForm(WagtailAdminModelForm):
    """The call's own panels, with the purchaser among the user's own departments
    (`orgs.departments.departments_for`: every department for a system administrator) and the
    previous edition among the calls they act for. A posted id outside them is a field error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        department = self.fields.get("department")
        if department is not None:
            department.queryset = departments_for(self.for_user)
            department.error_messages["invalid_choice"] = OWN_DEPARTMENTS_ONLY
        previous = self.fields.get("previous_call")
        if previous is not None:
            calls = Call.objects.for_user(self.for_user, acting=True)
            if self.instance.previous_call_id:
                # Kept when chosen before (by a system administrator): saving must not fail on it.
                calls = calls | Call.objects.filter(pk=self.instance.previous_call_id)
            previous.queryset = calls.order_by("-opens_at", "pk")
            previous.error_messages["invalid_choice"] = OWN_CALLS_ONLY


class CallCreateView(InspectRedirectMixin, generic.CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        call = super().save_instance()
        log_event(call, user=self.request.user, summary=_("创建征集"))
        return call


class CallEditView(ActingViewMixin, InspectRedirectMixin, generic.EditView):
    def save_instance(self):
        call = super().save_instance()
        changed = sorted(self.form.changed_data)
        if changed:
            log_event(call, user=self.request.user, summary=_("修改征集设置"), fields=changed)
        return call


class CallIndexView(ScopedIndexMixin, TransitionIndexMixin, BoundedSearchMixin, generic.IndexView):
    default_ordering = "-opens_at"

    def get_edit_url(self, instance):
        return super().get_edit_url(instance) if may_act(instance, self.request.user) else None

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("department")
            .annotate(
                handed_in=Count(
                    "applications", filter=~Q(applications__state=ApplicationState.DRAFT)
                )
            )
        )

    @cached_property
    def columns(self):
        return [
            self._get_title_column_class(TitleColumn)(
                "title",
                label=gettext_lazy("征集名称"),
                accessor="title",
                get_url=self.get_inspect_url,
                sort_key="title",
            ),
            Column("kind", label=gettext_lazy("征集类型"), accessor="get_kind_display"),
            Column("state", label=gettext_lazy("状态"), accessor="get_state_display"),
            Column(
                "opens_at",
                label=gettext_lazy("申报开始"),
                accessor=lambda c: iso_time(c.opens_at),
                sort_key="opens_at",
            ),
            Column(
                "closes_at",
                label=gettext_lazy("申报截止"),
                accessor=lambda c: iso_time(c.closes_at),
                sort_key="closes_at",
            ),
            Column("handed_in", label=gettext_lazy("已提交申报书"), accessor="handed_in"),
        ]

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            Button(_("查看申报书"), url=applications_url(instance), icon_name="form", priority=40)
        )
        return buttons


class CallInspectView(
    ScopedObjectMixin, BeijingTimeInspectMixin, TransitionInspectMixin, generic.InspectView
):
    template_name = "grants/admin/call_inspect.html"

    def get_edit_url(self):
        return super().get_edit_url() if may_act(self.object, self.request.user) else None

    def get_fields(self):
        return [
            "state",
            "title",
            "kind",
            "edition",
            "department",
            "description",
            "total_budget",
            "per_project_cap",
            "project_period_months",
            "opens_at",
            "closes_at",
            "completion_deadline",
            "review_ends_at",
            "publicity_working_days",
            "objection_window_days",
            "publish_automatically",
            "require_commitment",
            "published_at",
            "closed_at",
        ]

    def get_field_display_value(self, field_name, field):
        value = getattr(self.object, field_name, None)
        if field_name in ("total_budget", "per_project_cap"):
            return yuan(value)
        return super().get_field_display_value(field_name, field)

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons += [
            Button(
                _("查看申报书"), url=applications_url(self.object), icon_name="form", priority=40
            ),
            Button(
                _("导出申报汇总（Excel）"),
                url=applications_url(self.object, export="xlsx"),
                icon_name="download",
                priority=41,
            ),
            Button(
                _("导出申报汇总（CSV）"),
                url=applications_url(self.object, export="csv"),
                icon_name="download",
                priority=42,
            ),
        ]
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        call = self.object
        counts = dict(
            call.applications.values_list("state").annotate(n=Count("pk")).values_list("state", "n")
        )
        labels = dict(ApplicationState.choices)
        context.update(
            categories=call.categories.all(),
            required_attachments=call.required_attachments.all(),
            rules=describe_rules(call),
            extra_questions=[
                {"label": spec["label"], "kind": kind, "required": spec["required"]}
                for _id, kind, spec in questions.questions(call)
            ],
            state_counts=[
                {"label": labels[state], "count": n, "url": applications_url(call, state=state)}
                for state, n in counts.items()
                if state != ApplicationState.DRAFT
            ],
            drafts=counts.get(ApplicationState.DRAFT, 0),
            applications_url=applications_url(call),
            history_rows=history_rows(call),
        )
        return context


class CallViewSet(TransitionViewSetMixin, ModelViewSet):
    model = Call
    name = "calls"
    icon = "folder-open-inverse"
    menu_label = gettext_lazy("征集管理")
    menu_name = "calls"

    index_view_class = CallIndexView
    add_view_class = CallCreateView
    edit_view_class = CallEditView
    inspect_view_class = CallInspectView
    inspect_view_enabled = True
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    copy_view_enabled = False

    filterset_class = CallFilterSet
    search_fields = ["title", "edition"]
    search_backend_name = None
    # Create/edit forms come from Call.panels (categories, attachments and questions included).
    edit_handler = ObjectList(Call.panels, base_form_class=CallForm)
