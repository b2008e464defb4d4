"""第三方评估 in the admin: the list, one evaluation with its scores and history, commissioning
(one project or a batch) and the per-call evaluation settings."""

from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
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
)
from core.choices import RowsChoiceField
from projects.admin.scoping import (
    ActingViewMixin,
    ScopedDeleteView,
    ScopedHistoryView,
    ScopedUsageView,
    ScopedViewMixin,
)
from reports import permissions as perms
from reports.actions import commission_evaluations, scheme_usable
from reports.models import (
    CallEvaluationSettings,
    Evaluation,
    EvaluationScheme,
    Stage,
)
from reports.scoring import result_of


class CommissionForm(forms.Form):
    projects = RowsChoiceField(
        label=gettext_lazy("项目"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("可选择多个项目批量委托"),
    )
    stage = forms.ChoiceField(label=gettext_lazy("评估类型"), choices=Stage.choices)
    agency = forms.ModelChoiceField(label=gettext_lazy("受托评估机构"), queryset=None)
    scheme = forms.ModelChoiceField(label=gettext_lazy("评价方案"), queryset=None)
    due_on = forms.DateField(
        label=gettext_lazy("完成期限"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, user=None, **kwargs):
        from orgs.models import Organization, OrgKind
        from projects.models import FundedProject
        from projects.models.states import RUNNING_STATES

        super().__init__(*args, **kwargs)
        # Projects of the departments the user acts for; schemes those departments may use.
        self.fields["projects"].queryset = (
            FundedProject.objects.for_user(user, acting=True)
            .filter(state__in=RUNNING_STATES)
            .select_related("organization", "call")
            .order_by("call_id", "name")
        )
        self.fields["agency"].queryset = Organization.objects.filter(kind=OrgKind.EVALUATION_AGENCY)
        self.fields["scheme"].queryset = EvaluationScheme.objects.usable_for(user).filter(
            is_active=True
        )
        self.fields["projects"].label_from_instance = lambda p: (
            f"{p.call} / {p.name}（{p.organization}）"
        )

    def clean(self):
        data = super().clean()
        scheme, projects = data.get("scheme"), data.get("projects")
        if scheme is not None and projects:
            refused = [p.name for p in projects if not scheme_usable(scheme, p)]
            if refused:
                self.add_error(
                    "scheme",
                    _("该评价方案不适用于以下项目的购买部门：%(projects)s")
                    % {"projects": "、".join(refused)},
                )
        return data


class CommissionView(WagtailAdminTemplateMixin, FormView):
    """Commission evaluations of one or many projects; all are created or none."""

    template_name = "reports/admin/commission.html"
    form_class = CommissionForm
    page_title = gettext_lazy("委托第三方评估")
    header_icon = "clipboard-list"

    def dispatch(self, request, *args, **kwargs):
        allowed, reason = perms.can_commission(None, request.user)
        if not allowed:
            raise PermissionDenied(reason)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            created = commission_evaluations(
                list(data["projects"]),
                stage=data["stage"],
                agency=data["agency"],
                scheme=data["scheme"],
                due_on=data["due_on"],
                by=self.request.user,
            )
        except ValidationError as refused:
            for message in refused.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        except PermissionDenied as refused:
            form.add_error(None, str(refused))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("已委托%(agency)s开展%(n)s个项目的评估。")
            % {"agency": data["agency"], "n": len(created)},
        )
        return redirect(reverse("evaluations:index"))


class EvaluationIndexView(
    ScopedIndexMixin, TransitionIndexMixin, BoundedSearchMixin, generic.IndexView
):
    default_ordering = "-commissioned_at"

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("project__call", "agency", "project__organization")
        )

    @cached_property
    def columns(self):
        return [
            self._get_title_column_class(TitleColumn)(
                "project",
                label=gettext_lazy("项目"),
                accessor=lambda e: e.project.name,
                get_url=self.get_inspect_url,
            ),
            Column("call", label=gettext_lazy("征集"), accessor=lambda e: e.project.call),
            Column("stage", label=gettext_lazy("评估类型"), accessor="get_stage_display"),
            Column("agency", label=gettext_lazy("受托评估机构"), accessor="agency"),
            Column("due_on", label=gettext_lazy("完成期限"), accessor="due_on", sort_key="due_on"),
            Column("state", label=gettext_lazy("状态"), accessor="get_state_display"),
            Column(
                "grade",
                label=gettext_lazy("等级"),
                accessor=lambda e: e.grade if e.submitted_at else "",
            ),
        ]

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                _("委托评估"), url=reverse("evaluations:commission"), icon_name="plus", priority=10
            ),
            HeaderButton(
                _("批量生成报告"),
                url=reverse("performance_reports:batches"),
                icon_name="doc-full",
                priority=20,
            ),
        ]


class EvaluationInspectView(
    ScopedViewMixin, BeijingTimeInspectMixin, TransitionInspectMixin, generic.InspectView
):
    template_name = "reports/admin/evaluation_inspect.html"

    def get_fields(self):
        return [
            "state",
            "project",
            "stage",
            "scheme",
            "agency",
            "due_on",
            "commissioned_at",
            "submitted_at",
            "accepted_at",
            "published_at",
            "total_score",
            "grade",
            "last_reason",
            "sanction",
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        evaluation = self.object
        scores = {s.indicator_id: s for s in evaluation.scores.all()}
        context.update(
            rows=[(i, scores.get(i.pk)) for i in evaluation.scheme.ordered_indicators()],
            result=result_of(evaluation),
            evaluators=evaluation.evaluators.all(),
            activities=evaluation.activities.all(),
            evidence=evaluation.evidence.select_related("indicator"),
            report=getattr(evaluation, "report", None),
            history_rows=history_rows(evaluation),
        )
        return context


class EvaluationEditView(ActingViewMixin, generic.EditView):
    pass


class EvaluationViewSet(TransitionViewSetMixin, ModelViewSet):
    model = Evaluation
    name = "evaluations"
    icon = "clipboard-list"
    menu_label = gettext_lazy("第三方评估")
    index_view_class = EvaluationIndexView
    inspect_view_class = EvaluationInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_filter = ["state", "stage", "agency"]
    search_fields = ["project__name"]
    search_backend_name = None
    form_fields = ["due_on"]
    edit_view_class = EvaluationEditView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    delete_view_class = ScopedDeleteView

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("commission/", CommissionView.as_view(), name="commission"),
        ]


class CallSettingsIndexView(ScopedIndexMixin, BoundedSearchMixin, generic.IndexView):
    pass


class CallSettingsCreateView(ScopedChoicesMixin, generic.CreateView):
    pass


class CallSettingsEditView(ScopedChoicesMixin, ActingViewMixin, generic.EditView):
    pass


class CallSettingsViewSet(ModelViewSet):
    model = CallEvaluationSettings
    name = "call_evaluation_settings"
    icon = "cog"
    menu_label = gettext_lazy("征集评估设置")
    index_view_class = CallSettingsIndexView
    add_view_class = CallSettingsCreateView
    edit_view_class = CallSettingsEditView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    delete_view_class = ScopedDeleteView
    form_fields = [
        "call",
        "sanction_on_fail",
        "sanction_months",
        "sanction_scope",
        "lottery_funded",
        "lead_office",
        "contact_office",
        "contact_phone",
    ]
    list_display = ["call", "sanction_on_fail", "lottery_funded"]
    copy_view_enabled = False
    inspect_view_enabled = False


def inspect_url(evaluation) -> str:
    return reverse("evaluations:inspect", args=(quote(evaluation.pk),))
