"""资助项目 in the admin: the listing, the project's page (agreement, plan, payments, reports,
photos, changes, indicators, history) with its transition buttons and action pages, the dashboard
of what is due and what is late, and the per-call project terms.
"""

from functools import partial

from django.db.models import Exists, OuterRef
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from core.admin import (
    BeijingTimeInspectMixin,
    BoundedSearchMixin,
    ScopedChoicesMixin,
    ScopedIndexMixin,
    TransitionIndexMixin,
    TransitionInspectMixin,
    TransitionViewSetMixin,
    history_rows,
    transition_url,
)
from core.list_filters import RowValuesFilter
from core.money import figures
from core.scoping import department_decision
from grants.models import Call
from orgs.admin.filters import ALL, choice_filter
from projects import indicators
from projects.admin import actions
from projects.admin.risk import dashboard
from projects.admin.scoping import (
    ActingViewMixin,
    ScopedDeleteView,
    ScopedHistoryView,
    ScopedUsageView,
    ScopedViewMixin,
)
from projects.agreement import agreement_blockers
from projects.budget_adjustment import adjustment_of
from projects.conditions import payment_stops
from projects.models import (
    FundedProject,
    PaymentNotice,
    ProjectState,
    ProjectTerms,
    TrancheState,
)
from projects.tranches import payment_overrides

# Moves with more to decide than a reason get their own page instead of the generic one.
OWN_PAGES = {"terminate": "terminate"}


def call_options(user=None):
    """Only calls that funded a project (a call with none would list nothing), of the
    departments `user` sees."""
    funded = FundedProject.objects.filter(call=OuterRef("pk"))
    return (
        Call.objects.for_user(user)
        .filter(Exists(funded))
        .order_by("-opens_at", "pk")
        .values_list("pk", "title")
    )


class ProjectFilterSet(WagtailFilterSet):
    state = choice_filter(gettext_lazy("状态"), ProjectState.choices)
    # Hundreds of calls after a few years: (id, title) values, not objects (`core.list_filters`).
    call = RowValuesFilter(label=gettext_lazy("征集"), rows=call_options, empty_label=ALL)

    class Meta:
        model = FundedProject
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Another department's call is neither offered nor accepted as a filter value.
        self.filters["call"].rows = partial(call_options, getattr(self.request, "user", None))


class ProjectIndexView(TransitionIndexMixin, BoundedSearchMixin, generic.IndexView):
    default_ordering = "-created_at"

    def get_base_queryset(self):
        # The budget adjustment: each row's menu asks whether the agreement can be generated
        # (`agreement_blockers`), one query per row awaiting its agreement without it.
        return FundedProject.objects.for_user(self.request.user).select_related(
            "organization", "call", "budget_adjustment"
        )

    @cached_property
    def columns(self):
        return [
            self._get_title_column_class(TitleColumn)(
                "name",
                label=gettext_lazy("项目名称"),
                get_url=self.get_inspect_url,
                sort_key="name",
            ),
            Column("organization", label=gettext_lazy("承接单位"), accessor="organization.name"),
            Column("call", label=gettext_lazy("征集"), accessor="call.title"),
            Column(
                "amount",
                label=gettext_lazy("资助金额（元）"),
                accessor=lambda p: figures(p.amount),
                sort_key="amount",
            ),
            Column(
                "state", label=gettext_lazy("状态"), accessor="get_state_display", sort_key="state"
            ),
        ]

    def get_list_more_buttons(self, instance):
        return [
            b
            for b in super().get_list_more_buttons(instance)
            if not any(f"/{name}/" in (b.url or "") for name in OWN_PAGES)
        ]


class ProjectInspectView(
    ScopedViewMixin, BeijingTimeInspectMixin, TransitionInspectMixin, generic.InspectView
):
    template_name = "projects/admin/project_inspect.html"
    action_url_names = None

    def get_fields(self):
        return []

    def get_page_title(self):
        return str(self.object)

    @cached_property
    def header_buttons(self):
        buttons = []
        for i, t in enumerate(self.transitions):
            if t.name in OWN_PAGES:
                url = reverse(self.action_url_names[OWN_PAGES[t.name]], args=(self.object.pk,))
            else:
                url = transition_url(self.transition_url_name, self.object, t.name)
            buttons.append(HeaderButton(t.label, url=url, icon_name="resubmit", priority=100 + i))
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = self.object
        tranches = list(project.tranches.order_by("position"))
        overrides = payment_overrides(t for t in tranches if t.state == TrancheState.PAID)
        notices = {n.tranche_id: n for n in PaymentNotice.objects.filter(tranche__in=tranches)}
        for tranche in tranches:
            tranche.override = overrides.get(tranche.pk)
            tranche.notice = notices.get(tranche.pk)
        context.update(
            project=project,
            urls=self.action_url_names,
            tranches=tranches,
            payment_stops=payment_stops(project),
            reports=project.reports.order_by("due_on").prefetch_related(
                "activities", "spending__line", "photos"
            ),
            changes=project.change_requests.prefetch_related(
                "shifts__from_line", "shifts__to_line"
            ),
            lines=indicators.line_indicators(project),
            arrival=indicators.as_percent(indicators.funds_arrival_rate(project)),
            execution=indicators.as_percent(indicators.budget_execution_rate(project)),
            received=indicators.funds_received(project),
            history=history_rows(project),
            adjustment=adjustment_of(project),
            agreement_blockers=agreement_blockers(project),
            can_edit_plan=not project.tranches.exclude(state="not_due").exists(),
            report_transition_names=("approve", "return_for_revision"),
            # A subordinate department's project is read here without its action buttons.
            can_act=department_decision(project, self.request.user)[0],
        )
        return context


class DashboardView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "projects/admin/dashboard.html"
    permission_policy = None
    permission_required = "view"
    page_title = gettext_lazy("项目监管看板")
    inspect_url_name = None

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            **dashboard(user=self.request.user),
            "inspect_url_name": self.inspect_url_name,
        }


class ProjectEditView(ActingViewMixin, generic.EditView):
    pass


class FundedProjectViewSet(TransitionViewSetMixin, ModelViewSet):
    model = FundedProject
    name = "funded_projects"
    icon = "tasks"
    menu_label = gettext_lazy("资助项目")
    menu_name = "funded_projects"
    index_view_class = ProjectIndexView
    inspect_view_class = ProjectInspectView
    edit_view_class = ProjectEditView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    delete_view_class = ScopedDeleteView
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = [
        "name",
        "public_summary",
        "activities_plan",
        "starts_on",
        "ends_on",
        "midterm_required",
    ]
    filterset_class = ProjectFilterSet
    search_fields = ["name", "organization__name", "number"]
    search_backend_name = None

    ACTIONS = {
        "payment": ("payment/<int:tranche_pk>/", actions.PaymentView),
        "report": ("report/<int:obj_pk>/<str:name>/", actions.ReportDecisionView),
        "change": ("change/<int:obj_pk>/<str:name>/", actions.ChangeDecisionView),
        "photo_public": ("photo/<int:photo_pk>/public/", actions.PhotoPublicView),
        "photo": ("photo/<int:photo_pk>/", actions.PhotoView),
        "scan": ("agreement/signed/", actions.SignedScanView),
        "agreement": ("agreement/pdf/", actions.AgreementPdfView),
        "evaluation": ("evaluation/", actions.EvaluationView),
        "terminate": ("terminate/", actions.TerminateView),
        "refund": ("refund/", actions.RefundView),
        "plan": ("plan/", actions.PlanView),
        "adjustment": ("adjustment/<int:obj_pk>/<str:name>/", actions.AdjustmentDecisionView),
        "notice": ("notice/<int:tranche_pk>/", actions.PaymentNoticePdfView),
    }

    @property
    def action_url_names(self):
        return {key: self.get_url_name(f"action_{key}") for key in self.ACTIONS}

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(action_url_names=self.action_url_names, **kwargs)

    def get_urlpatterns(self):
        patterns = [*super().get_urlpatterns()]
        inspect = self.get_url_name("inspect")
        for key, (route, view) in self.ACTIONS.items():
            patterns.append(
                path(
                    f"inspect/<int:pk>/{route}",
                    view.as_view(inspect_url_name=inspect),
                    name=f"action_{key}",
                )
            )
        patterns.append(
            path(
                "dashboard/",
                DashboardView.as_view(
                    permission_policy=self.permission_policy, inspect_url_name=inspect
                ),
                name="dashboard",
            )
        )
        return patterns


class TermsIndexView(ScopedIndexMixin, BoundedSearchMixin, generic.IndexView):
    pass


class TermsCreateView(ScopedChoicesMixin, generic.CreateView):
    pass


class TermsEditView(ScopedChoicesMixin, ActingViewMixin, generic.EditView):
    pass


class ProjectTermsViewSet(ModelViewSet):
    model = ProjectTerms
    name = "project_terms"
    icon = "cog"
    menu_label = gettext_lazy("项目管理规则")
    menu_name = "project_terms"
    copy_view_enabled = False
    index_view_class = TermsIndexView
    add_view_class = TermsCreateView
    edit_view_class = TermsEditView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    delete_view_class = ScopedDeleteView
    list_display = ["call", "report_due_days", "midterm_required", "budget_shift_limit"]
    search_fields = ["call__title"]
    search_backend_name = None


def dashboard_label():
    return _("项目监管看板")
