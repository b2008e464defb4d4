"""评价方案 in the admin: edit the indicator tree, bands and bonus/penalty items; copy; frozen
schemes can be viewed and copied but not changed.

Staff see city-wide schemes, those their departments issued or may use (issued above them) and
those of the departments below (`SchemeQuerySet.for_user`); only the issuing department changes a
scheme (`reports.permissions.can_change_scheme`), anyone who sees one may copy it for their own
department."""

from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from core.admin import BeijingTimeInspectMixin, BoundedSearchMixin, denied_response, history_rows
from core.audit import log_event
from orgs.departments import departments_for
from reports import permissions as perms
from reports.actions import copy_scheme
from reports.models import EvaluationScheme
from reports.models.schemes import validate_scheme_rows


class SchemeForm(WagtailAdminModelForm):
    """Checks the whole tree (codes, parents, leaf points summing to 100, bands) before saving.
    The issuing department is one the user acts for; city-wide only for those who may issue
    city-wide schemes (`can_issue_city_wide`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("department")
        if field is None:
            return
        user = self.for_user
        field.queryset = departments_for(user).order_by("name", "pk")
        if not perms.can_issue_city_wide(self.instance, user)[0]:
            field.required = True
            field.empty_label = None
            if not self.instance.pk:
                field.initial = field.queryset.first()

    def is_valid(self):
        valid = super().is_valid()
        if not valid:
            return False
        rows = {
            name: [
                f.cleaned_data
                for f in self.formsets[name].forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            for name in ("indicators", "bands")
        }
        problems = validate_scheme_rows(
            self.cleaned_data.get("method"), rows["indicators"], rows["bands"]
        )
        for problem in problems:
            self.add_error(None, problem)
        return not problems


def seen_scheme(view):
    """The scheme named in the URL among those the user sees (404 otherwise)."""
    return get_object_or_404(
        EvaluationScheme.objects.for_user(view.request.user),
        pk=unquote(str(view.kwargs[getattr(view, "pk_url_kwarg", "pk")])),
    )


def change_refused(request, scheme):
    """The 403 page when `request.user` may not change `scheme` (another department's), else
    None."""
    allowed, reason = perms.can_change_scheme(scheme, request.user)
    if allowed:
        return None
    back = reverse("evaluation_schemes:inspect", args=(quote(scheme.pk),))
    return denied_response(request, reason, back)


class SchemeEditView(generic.EditView):
    def get_object(self, queryset=None):
        return seen_scheme(self)

    def dispatch(self, request, *args, **kwargs):
        scheme = seen_scheme(self)
        refused = change_refused(request, scheme)
        if refused:
            return refused
        if scheme.is_frozen:
            messages.error(
                request, _("该方案已被评估使用，已冻结，不能修改；如需调整，请复制后修改副本。")
            )
            return redirect(reverse("evaluation_schemes:inspect", args=(quote(scheme.pk),)))
        return super().dispatch(request, *args, **kwargs)

    def save_instance(self):
        scheme = super().save_instance()
        log_event(scheme, user=self.request.user, summary=_("修改评价方案"))
        return scheme


class SchemeCreateView(generic.CreateView):
    def save_instance(self):
        scheme = super().save_instance()
        log_event(scheme, user=self.request.user, summary=_("创建评价方案"))
        return scheme


class SchemeInspectView(BeijingTimeInspectMixin, generic.InspectView):
    template_name = "reports/admin/scheme_inspect.html"

    def get_object(self, queryset=None):
        return seen_scheme(self)

    def get_fields(self):
        return [
            "name",
            "department",
            "stage",
            "method",
            "description",
            "bonus_cap",
            "penalty_cap",
            "is_active",
        ]

    def get_department_display_value(self):
        return self.object.department.name if self.object.department_id else _("全市通用")

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                _("复制方案"),
                url=reverse("evaluation_schemes:copy", args=(quote(self.object.pk),)),
                icon_name="copy",
                priority=10,
            )
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            indicators=self.object.ordered_indicators(),
            bands=self.object.ordered_bands(),
            frozen=self.object.is_frozen,
            history_rows=history_rows(self.object),
        )
        return context


class SchemeCopyView(View):
    """POST: copy the scheme and open the copy for editing (GET shows the inspect page)."""

    def dispatch(self, request, *args, **kwargs):
        allowed, reason = perms.can_manage_schemes(None, request.user)
        if not allowed:
            raise PermissionDenied(reason)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, pk):
        scheme = get_object_or_404(EvaluationScheme.objects.for_user(request.user), pk=pk)
        try:
            copy = copy_scheme(scheme, by=request.user)
        except PermissionDenied as refused:
            return denied_response(
                request, str(refused), reverse("evaluation_schemes:inspect", args=(quote(pk),))
            )
        messages.success(request, _("已复制为“%(name)s”，可在此修改。") % {"name": copy.name})
        return redirect(reverse("evaluation_schemes:edit", args=(quote(copy.pk),)))

    def get(self, request, pk):
        get_object_or_404(EvaluationScheme.objects.for_user(request.user), pk=pk)
        return redirect(reverse("evaluation_schemes:inspect", args=(quote(pk),)))


class SchemeIndexView(BoundedSearchMixin, generic.IndexView):
    @cached_property
    def columns(self):
        return [
            self._get_title_column_class(TitleColumn)(
                "name",
                label=gettext_lazy("方案名称"),
                accessor="name",
                get_url=self.get_inspect_url,
            ),
            Column(
                "stage",
                label=gettext_lazy("适用阶段"),
                accessor=lambda s: s.get_stage_display() or _("通用"),
            ),
            Column("method", label=gettext_lazy("计分方式"), accessor="get_method_display"),
            Column(
                "department",
                label=gettext_lazy("发布部门"),
                accessor=lambda s: s.department.name if s.department_id else _("全市通用"),
            ),
            Column(
                "frozen",
                label=gettext_lazy("状态"),
                accessor=lambda s: (
                    _("已使用（冻结）") if s.used else (_("可选用") if s.is_active else _("已停用"))
                ),
            ),
        ]

    def get_base_queryset(self):
        from django.db.models import Exists, OuterRef

        from reports.models import Evaluation

        return (
            EvaluationScheme.objects.for_user(self.request.user)
            .select_related("department")
            .annotate(used=Exists(Evaluation.objects.filter(scheme=OuterRef("pk"))))
        )


class SchemeHistoryView(history.HistoryView):
    def get_object(self):
        return seen_scheme(self)


class SchemeUsageView(usage.UsageView):
    def get_object(self):
        return seen_scheme(self)


class SchemeDeleteView(generic.DeleteView):
    def get_object(self, queryset=None):
        if getattr(self, "object", None):
            return self.object
        return seen_scheme(self)

    def dispatch(self, request, *args, **kwargs):
        return change_refused(request, self.object) or super().dispatch(request, *args, **kwargs)


class SchemeViewSet(ModelViewSet):
    model = EvaluationScheme
    name = "evaluation_schemes"
    icon = "list-ol"
    menu_label = gettext_lazy("评价方案")
    edit_handler = ObjectList(EvaluationScheme.panels, base_form_class=SchemeForm)
    index_view_class = SchemeIndexView
    add_view_class = SchemeCreateView
    edit_view_class = SchemeEditView
    inspect_view_class = SchemeInspectView
    history_view_class = SchemeHistoryView
    usage_view_class = SchemeUsageView
    delete_view_class = SchemeDeleteView
    inspect_view_enabled = True
    copy_view_enabled = False
    search_fields = ["name"]
    search_backend_name = None

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("copy/<int:pk>/", SchemeCopyView.as_view(), name="copy"),
        ]
