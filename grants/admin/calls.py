"""征集管理: calls in the admin for programme staff.

Create and edit every field of a call through the model's own panels (categories with quotas,
schedule, eligibility rules, required attachments, extra questions); the life cycle moves only
through `core.admin.TransitionView` (发布, 截止, 开始评审, …). The inspect page links to the call's
applications and their spreadsheet export.
"""

from django.contrib.admin.utils import quote
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from core.admin import (
    BeijingTimeInspectMixin,
    BoundedSearchMixin,
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
from grants.eligibility import describe_rules
from grants.models import ApplicationState, Call

APPLICATIONS_INDEX = "applications:index"


def applications_url(call, **params) -> str:
    return f"{reverse(APPLICATIONS_INDEX)}?{urlencode({'call': call.pk, **params})}"


class InspectRedirectMixin:
    inspect_url_name = None

    def get_success_url(self):
        return reverse(self.inspect_url_name, args=(quote(self.object.pk),))


class CallCreateView(InspectRedirectMixin, generic.CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        call = super().save_instance()
        log_event(call, user=self.request.user, summary=_("创建征集"))
        return call


class CallEditView(InspectRedirectMixin, generic.EditView):
    def save_instance(self):
        call = super().save_instance()
        changed = sorted(self.form.changed_data)
        if changed:
            log_event(call, user=self.request.user, summary=_("修改征集设置"), fields=changed)
        return call


class CallIndexView(TransitionIndexMixin, BoundedSearchMixin, generic.IndexView):
    default_ordering = "-opens_at"

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


class CallInspectView(BeijingTimeInspectMixin, TransitionInspectMixin, generic.InspectView):
    template_name = "grants/admin/call_inspect.html"

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
    copy_view_enabled = False

    filterset_class = CallFilterSet
    search_fields = ["title", "edition"]
    search_backend_name = None
    # Create/edit forms come from Call.panels (categories, attachments and questions included).
