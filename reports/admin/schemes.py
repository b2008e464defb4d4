"""评价方案 in the admin: edit the indicator tree, bands and bonus/penalty items; copy; frozen
schemes can be viewed and copied but not changed."""

from django.contrib.admin.utils import quote
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
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from core.admin import BeijingTimeInspectMixin, BoundedSearchMixin, history_rows
from core.audit import log_event
from reports import permissions as perms
from reports.actions import copy_scheme
from reports.models import EvaluationScheme
from reports.models.schemes import validate_scheme_rows


class SchemeForm(WagtailAdminModelForm):
    """Checks the whole tree (codes, parents, leaf points summing to 100, bands) before saving."""

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


class SchemeEditView(generic.EditView):
    def dispatch(self, request, *args, **kwargs):
        scheme = get_object_or_404(EvaluationScheme, pk=kwargs["pk"])
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

    def get_fields(self):
        return ["name", "stage", "method", "description", "bonus_cap", "penalty_cap", "is_active"]

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
        scheme = get_object_or_404(EvaluationScheme, pk=pk)
        copy = copy_scheme(scheme, by=request.user)
        messages.success(request, _("已复制为“%(name)s”，可在此修改。") % {"name": copy.name})
        return redirect(reverse("evaluation_schemes:edit", args=(quote(copy.pk),)))

    def get(self, request, pk):
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
            super()
            .get_base_queryset()
            .annotate(used=Exists(Evaluation.objects.filter(scheme=OuterRef("pk"))))
        )


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
    inspect_view_enabled = True
    copy_view_enabled = False
    search_fields = ["name"]
    search_backend_name = None

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("copy/<int:pk>/", SchemeCopyView.as_view(), name="copy"),
        ]
