"""孵化管理 in the Wagtail admin: bases and incubation records.

Who sees what is decided by ownership, not by hidden links: every queryset and every object
lookup goes through `IncubationBase.objects.managed_by(user)` (staff: the bases of the
departments they see, issue 21; 孵化基地管理员: the bases listing them as managers). Moves are
the generic `core.admin.TransitionView` for those needing at most a reason; moves carrying data
(agreement, dates, scores) link to the portal forms.
"""

import django_filters
from django import forms
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from core.admin import (
    BeijingTimeInspectMixin,
    BoundedSearchMixin,
    DisplayExportMixin,
    TransitionInspectMixin,
    TransitionView,
    TransitionViewSetMixin,
    history_rows,
    transition_url,
)
from core.audit import log_event
from core.workflow import available_transitions
from orgs.admin.incubation_access import ScopedObjectMixin
from orgs.departments import departments_for
from orgs.incubation.assessment import ensure_default_checklist
from orgs.models import Incubation, IncubationBase, IncubationState
from orgs.models.incubation.states import DATA_TRANSITIONS, IN_BASE

REMINDER_DAYS = 30

# --- Bases -------------------------------------------------------------------------------------


class BaseForm(WagtailAdminModelForm):
    """The department a base works for: one the user acts for (any, for a superuser)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("department")
        if field is not None and self.for_user is not None:
            field.queryset = departments_for(self.for_user).order_by("name")
            field.required = not self.for_user.is_superuser


class BaseIndexView(BoundedSearchMixin, generic.IndexView):
    def get_base_queryset(self):
        return IncubationBase.objects.managed_by(self.request.user).select_related(
            "operator", "department"
        )


class BaseInspectView(ScopedObjectMixin, BeijingTimeInspectMixin, generic.InspectView):
    def get_occupied_desks_display_value(self):
        return self.object.occupied_desks()

    def get_field_label(self, field_name, field):
        # A method, not a field: Wagtail would print its English name.
        if field_name == "occupied_desks":
            return _("已占用工位")
        return super().get_field_label(field_name, field)


class BaseCreateView(generic.CreateView):
    def save_instance(self):
        base = super().save_instance()
        ensure_default_checklist(base)
        log_event(base, user=self.request.user, summary=_("设立孵化基地"))
        return base


class BaseEditView(ScopedObjectMixin, generic.EditView):
    acting = True

    def save_instance(self):
        base = super().save_instance()
        changed = sorted(self.form.changed_data)
        if changed:
            log_event(base, user=self.request.user, summary=_("修改孵化基地信息"), fields=changed)
        return base


class BaseHistoryView(ScopedObjectMixin, generic.HistoryView):
    pass


class BaseUsageView(ScopedObjectMixin, generic.UsageView):
    pass


class BaseDeleteView(ScopedObjectMixin, generic.DeleteView):
    acting = True


class IncubationBaseViewSet(ModelViewSet):
    model = IncubationBase
    name = "incubation_bases"
    icon = "home"
    menu_label = gettext_lazy("孵化基地")
    index_view_class = BaseIndexView
    add_view_class = BaseCreateView
    edit_view_class = BaseEditView
    inspect_view_class = BaseInspectView
    history_view_class = BaseHistoryView
    usage_view_class = BaseUsageView
    delete_view_class = BaseDeleteView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["name", "operator", "department", "desks", "rooms", "is_open"]
    search_fields = ["name", "address"]
    search_backend_name = None
    inspect_view_fields = [
        "name",
        "operator",
        "department",
        "address",
        "desks",
        "occupied_desks",
        "rooms",
        "offers_physical",
        "offers_virtual",
        "services",
        "default_period_months",
        "midterm_after_months",
        "answer_days",
        "space_return_days",
        "pass_mark",
        "managers",
        "is_open",
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("operator"),
                    FieldPanel("department"),
                    FieldPanel("name"),
                    FieldPanel("address"),
                    FieldPanel("description"),
                    FieldPanel("how_to_apply"),
                    FieldPanel("is_open"),
                ],
                heading=gettext_lazy("基地信息"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("desks"), FieldPanel("rooms")]),
                    FieldRowPanel([FieldPanel("offers_physical"), FieldPanel("offers_virtual")]),
                    FieldPanel("services"),
                ],
                heading=gettext_lazy("场地与服务"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [FieldPanel("default_period_months"), FieldPanel("midterm_after_months")]
                    ),
                    FieldRowPanel([FieldPanel("answer_days"), FieldPanel("space_return_days")]),
                    FieldPanel("pass_mark"),
                ],
                heading=gettext_lazy("期限与评估"),
            ),
            InlinePanel(
                "checklist",
                heading=gettext_lazy("评估项目（留空则使用默认项目）"),
                label=gettext_lazy("评估项目"),
                max_num=50,
            ),
            FieldPanel("managers", widget=forms.CheckboxSelectMultiple),
        ],
        base_form_class=BaseForm,
    )


# --- Incubation records ------------------------------------------------------------------------


def _years():
    this_year = timezone.localdate().year
    return [(year, str(year)) for year in range(this_year, this_year - 10, -1)]


REMINDER_CHOICES = [
    ("assessment_due", gettext_lazy("近期需评估（30天内）")),
    ("answer_overdue", gettext_lazy("超过答复期限")),
]


def filter_reminder(queryset, name, value):
    if value == "assessment_due":
        return queryset.assessments_due(REMINDER_DAYS)
    if value == "answer_overdue":
        return queryset.answer_overdue()
    return queryset


def filter_year(queryset, name, value):
    return queryset.filter(created_at__year=int(value)) if value else queryset


def managed_bases(request):
    if request is None:
        return IncubationBase.objects.none()
    return IncubationBase.objects.managed_by(request.user)


class IncubationFilterSet(WagtailFilterSet):
    base = django_filters.ModelChoiceFilter(label=gettext_lazy("孵化基地"), queryset=managed_bases)
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("状态"),
        choices=IncubationState.choices,
        empty_label=gettext_lazy("全部"),
    )
    year = django_filters.ChoiceFilter(
        label=gettext_lazy("申请年度"),
        choices=_years,
        method=filter_year,
        empty_label=gettext_lazy("全部"),
    )
    reminder = django_filters.ChoiceFilter(
        label=gettext_lazy("提醒"),
        choices=REMINDER_CHOICES,
        method=filter_reminder,
        empty_label=gettext_lazy("全部"),
    )

    class Meta:
        model = Incubation
        fields = []


def simple_transitions(incubation, user):
    return [t for t in available_transitions(incubation, user) if t.name not in DATA_TRANSITIONS]


def _answer_due(incubation):
    if not incubation.answer_due_on:
        return "-"
    due = f"{incubation.answer_due_on:%Y-%m-%d}"
    return f"{due} {_('已逾期')}" if incubation.is_answer_overdue else due


def _next_assessment(incubation):
    due = incubation.next_assessment_due_on
    if not due or incubation.state not in IN_BASE:
        return "-"
    text = f"{incubation.get_next_assessment_stage_display()} {due:%Y-%m-%d}"
    return f"{text} {_('即将到期')}" if incubation.assessment_due_within(REMINDER_DAYS) else text


class IncubationIndexView(DisplayExportMixin, BoundedSearchMixin, generic.IndexView):
    transition_url_name = None

    def get_base_queryset(self):
        return Incubation.objects.managed_by(self.request.user).select_related(
            "base", "organization"
        )

    def get_list_more_buttons(self, instance):
        # Data-bearing moves are done on their own forms (see the record's portal page).
        buttons = super().get_list_more_buttons(instance)
        for i, t in enumerate(simple_transitions(instance, self.request.user)):
            url = transition_url(self.transition_url_name, instance, t.name)
            buttons.append(MenuItem(t.label, url=url, icon_name="resubmit", priority=50 + i))
        return buttons

    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        kwargs.setdefault("get_url", self.get_inspect_url)
        return self._get_custom_column(
            field_name, self._get_title_column_class(column_class), **kwargs
        )


class IncubationInspectView(
    ScopedObjectMixin, BeijingTimeInspectMixin, TransitionInspectMixin, generic.InspectView
):
    template_name = "orgs/incubation/admin/inspect.html"

    @cached_property
    def transitions(self):
        return simple_transitions(self.object, self.request.user)

    @cached_property
    def header_buttons(self):
        portal = HeaderButton(
            _("在工作台办理（入驻、评估、延期、退出）"),
            url=reverse("portal:incubation_detail", args=[self.object.pk]),
            icon_name="link-external",
            priority=90,
        )
        return [portal, *super().header_buttons]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        incubation = self.object
        context.update(
            founders=incubation.founders.all(),
            documents=incubation.documents.all(),
            support_records=incubation.support_records.all(),
            assessments=incubation.assessments.all(),
            history_rows=history_rows(incubation),
        )
        return context


class IncubationTransitionView(TransitionView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if not Incubation.objects.managed_by(request.user).filter(pk=self.object.pk).exists():
            raise Http404
        if self.name in DATA_TRANSITIONS:
            raise Http404


class IncubationHistoryView(ScopedObjectMixin, generic.HistoryView):
    pass


class IncubationUsageView(ScopedObjectMixin, generic.UsageView):
    pass


class IncubationDeleteView(ScopedObjectMixin, generic.DeleteView):
    acting = True


class IncubationEditView(ScopedObjectMixin, generic.EditView):
    acting = True  # unreachable (the policy grants "view"), but never another base's record


class IncubationViewSet(TransitionViewSetMixin, ModelViewSet):
    model = Incubation
    name = "incubations"
    icon = "list-ul"
    menu_label = gettext_lazy("入驻孵化")
    index_view_class = IncubationIndexView
    inspect_view_class = IncubationInspectView
    inspect_view_enabled = True
    history_view_class = IncubationHistoryView
    usage_view_class = IncubationUsageView
    delete_view_class = IncubationDeleteView
    edit_view_class = IncubationEditView
    transition_view_class = IncubationTransitionView
    copy_view_enabled = False
    # No add or edit view is reachable (the policy grants "view" only); Wagtail still wants a form.
    form_fields = ["service_field"]
    filterset_class = IncubationFilterSet
    search_fields = ["team_name", "organization__name", "service_field"]
    search_backend_name = None
    list_display = [
        TitleColumn(
            "display_name", label=gettext_lazy("申请组织（团队）"), accessor="display_name"
        ),
        "base",
        "state",
        "placement",
        Column("answer_due", label=gettext_lazy("答复期限"), accessor=_answer_due),
        Column("next_assessment", label=gettext_lazy("下次评估"), accessor=_next_assessment),
    ]
    list_export = [
        "display_name",
        "base",
        "state",
        "placement",
        "desk_number",
        "service_field",
        "submitted_at",
        "answer_due_on",
        "admitted_on",
        "started_on",
        "planned_end_on",
        "next_assessment_stage",
        "next_assessment_due_on",
        "graduated_on",
        "exit_reason",
        "exit_notice_on",
        "space_return_due_on",
    ]
    export_headings = {"display_name": gettext_lazy("申请组织（团队）")}
    export_filename = "incubations"
    inspect_view_fields = [
        "state",
        "base",
        "organization",
        "team_name",
        "intended_kind",
        "registration_plan",
        "service_field",
        "mission",
        "planned_services",
        "team",
        "placement",
        "desk_number",
        "submitted_at",
        "answer_due_on",
        "admitted_on",
        "started_on",
        "midterm_due_on",
        "planned_end_on",
        "graduated_on",
        "exit_reason",
        "exit_notice_on",
        "space_return_due_on",
        "last_reason",
    ]


class IncubationViewSetGroup(ViewSetGroup):
    menu_label = gettext_lazy("孵化管理")
    menu_icon = "home"
    menu_order = 230
    items = (IncubationBaseViewSet, IncubationViewSet)
