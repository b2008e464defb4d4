"""限制措施: eligibility restrictions recorded by staff; every save is audited on the org. Lifting
is the sanction's `lift` transition, through `core.workflow.perform_transition`."""

from django import forms
from django.contrib.admin.utils import quote, unquote
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from core.admin import BoundedSearchMixin, DisplayExportMixin
from core.audit import log_event
from core.choices import row_id
from core.workflow import TransitionRefused, perform_transition
from orgs.admin.filters import SanctionFilterSet, SanctionStatus
from orgs.models import Sanction

FORM_FIELDS = ["organization", "scope", "starts_on", "ends_on", "decision_ref", "reason"]


def _iso(day):
    return day.isoformat() if day else None


def _details(sanction) -> dict:
    return {
        "sanction": sanction.pk,
        "scope": sanction.scope,
        "starts_on": _iso(sanction.starts_on),
        "ends_on": _iso(sanction.ends_on),
        "decision_ref": sanction.decision_ref,
        "reason": sanction.reason,
    }


class SanctionForm(WagtailAdminModelForm):
    class Meta:
        model = Sanction
        fields = FORM_FIELDS


class LiftForm(forms.Form):
    lifted_reason = forms.CharField(
        label=gettext_lazy("解除原因"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=gettext_lazy("如：限制期满提前解除、原决定撤销（请注明文号）"),
    )


def organization_url(sanction) -> str:
    return reverse("organizations:inspect", args=(quote(sanction.organization_id),))


class SanctionCreateView(generic.CreateView):
    def get_initial(self):
        initial = super().get_initial()
        if org := row_id(self.request.GET.get("organization")):
            initial["organization"] = org
        return initial

    def save_instance(self):
        sanction = self.form.instance
        sanction.created_by = self.request.user
        self.action_class(
            sanction, user=self.request.user, form=self.form, log_action=False
        ).execute(skip_permission_checks=True)
        log_event(
            sanction.organization,
            user=self.request.user,
            summary=_("登记限制措施：%(scope)s") % {"scope": sanction.get_scope_display()},
            **_details(sanction),
        )
        return sanction

    def get_success_url(self):
        return organization_url(self.object)


class SanctionEditView(generic.EditView):
    lift_url_name = None

    def save_instance(self):
        sanction = self.form.instance
        self.action_class(
            sanction, user=self.request.user, form=self.form, log_action=False
        ).execute(skip_permission_checks=True)
        changed = sorted(self.form.changed_data)
        if changed:
            log_event(
                sanction.organization,
                user=self.request.user,
                summary=_("修改限制措施：%(scope)s") % {"scope": sanction.get_scope_display()},
                fields=changed,
                **_details(sanction),
            )
        return sanction

    def get_success_url(self):
        return organization_url(self.object)

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if not self.object.is_lifted:
            buttons.append(
                Button(
                    _("解除限制"),
                    url=reverse(self.lift_url_name, args=(quote(self.object.pk),)),
                    icon_name="lock-open",
                    priority=5,
                )
            )
        return buttons


class SanctionIndexView(DisplayExportMixin, BoundedSearchMixin, generic.IndexView):
    lift_url_name = None

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("organization", "created_by")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if not instance.is_lifted:
            buttons.append(
                MenuItem(
                    _("解除限制"),
                    url=reverse(self.lift_url_name, args=(quote(instance.pk),)),
                    icon_name="lock-open",
                    priority=15,
                )
            )
        return buttons


class SanctionLiftView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Lift a sanction: it stays on record with the time and the reason."""

    model = Sanction
    permission_required = "change"
    index_url_name = None
    edit_url_name = None
    header_icon = "lock-open"
    page_title = gettext_lazy("解除限制")
    template_name = "orgs/admin/sanction_lift.html"
    form_class = LiftForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(
            Sanction.objects.select_related("organization"), pk=unquote(str(kwargs["pk"]))
        )

    def get(self, request, *args, **kwargs):
        if self.object.is_lifted:
            return self.already_lifted()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.object.is_lifted:
            return self.already_lifted()
        return super().post(request, *args, **kwargs)

    def already_lifted(self):
        messages.error(self.request, _("该限制措施已于此前解除。"))
        return redirect(organization_url(self.object))

    def form_valid(self, form):
        """The door checks the rule (staff) and the state again under the row lock."""
        try:
            perform_transition(
                self.object, "lift", by=self.request.user, reason=form.cleaned_data["lifted_reason"]
            )
        except TransitionRefused as refused:
            # Lifted meanwhile by someone else (the state is read again under the lock), or the
            # reason was only blanks.
            self.object.refresh_from_db()
            if self.object.is_lifted:
                return self.already_lifted()
            for reason in refused.reasons:
                form.add_error("lifted_reason", reason)
            return self.form_invalid(form)
        messages.success(self.request, _("限制措施已解除。"))
        return redirect(organization_url(self.object))

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("限制措施")},
            {
                "url": reverse(self.edit_url_name, args=(quote(self.object.pk),)),
                "label": str(self.object),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        context["cancel_url"] = organization_url(self.object)
        return context


def sanction_status(sanction) -> str:
    return str(SanctionStatus.LABELS[SanctionStatus.of(sanction)])


class SanctionViewSet(ModelViewSet):
    model = Sanction
    name = "sanctions"
    icon = "warning"
    menu_label = gettext_lazy("限制措施")
    menu_name = "sanctions"
    menu_order = 220
    add_to_admin_menu = True

    index_view_class = SanctionIndexView
    add_view_class = SanctionCreateView
    edit_view_class = SanctionEditView
    copy_view_enabled = False
    form_fields = FORM_FIELDS

    list_display = [
        "organization",
        "scope",
        "starts_on",
        "ends_on",
        "decision_ref",
        Column("status", label=gettext_lazy("状态"), accessor=sanction_status),
    ]
    filterset_class = SanctionFilterSet
    search_fields = ["organization__name", "decision_ref"]
    search_backend_name = None
    list_export = [
        "organization",
        "scope",
        "starts_on",
        "ends_on",
        "decision_ref",
        "reason",
        "created_by",
        "created_at",
        "lifted_at",
        "lifted_reason",
    ]
    export_filename = "sanctions"

    def get_form_class(self, for_update=False):
        return SanctionForm

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(lift_url_name=self.get_url_name("lift"), **kwargs)

    @property
    def lift_view(self):
        return self.construct_view(SanctionLiftView)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("lift/<int:pk>/", self.lift_view, name="lift"),
        ]
