"""专家库: experts' profiles, edited by programme staff (`orgs.admin.policies`).

Issue 21: staff see the city-wide pool and the own experts of their departments and those below
(`core.scoping`; another department's expert answers 404); they add and edit their own
department's experts, the city-wide ones only when they keep the city pool
(`review.permissions.can_edit_expert`, 403 with the reason otherwise)."""

import re

from django import forms
from django.contrib.admin.utils import quote
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import policy_registry, register_permission_policy

from core.admin import (
    BeijingTimeInspectMixin,
    BoundedSearchMixin,
    ScopedIndexMixin,
    ScopedObjectMixin,
    denied_response,
)
from core.scoping import department_decision, scope_of
from orgs.admin.policies import ProgrammeStaffPolicy
from orgs.departments import departments_for
from orgs.roles import Role, has_role, is_programme_staff
from review.dashboard import expert_progress
from review.models import AssignmentState, ExpertProfile
from review.permissions import can_edit_expert, can_keep_city_pool


def register_review_policies():
    if policy_registry.get_by_type(ExpertProfile, fallback=False) is None:
        register_permission_policy(ExpertProfile, ProgrammeStaffPolicy(ExpertProfile))


class ExpertProfileForm(WagtailAdminModelForm):
    """Expertise typed as category names separated by "、" or commas; the account must have the
    expert role (the pool is experts' profiles, nothing else)."""

    expertise = forms.CharField(
        label=_("专业领域"),
        required=False,
        help_text=_("填写服务领域名称，用顿号或逗号分隔，如：扶老、助残"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["expertise"] = "、".join(self.instance.expertise or [])
        department = self.fields.get("department")
        if department is not None and self.for_user is not None:
            # Only the departments the user acts for; a posted id outside them is refused here.
            department.queryset = departments_for(self.for_user)
            department.error_messages["invalid_choice"] = _("只能选择您所在的部门")
            if not can_keep_city_pool(None, self.for_user)[0]:
                department.required = True
                department.error_messages["required"] = _(
                    "请选择所属部门：全市专家库的专家只能由市级部门的工作人员或系统管理员维护"
                )

    def clean_expertise(self):
        raw = self.cleaned_data.get("expertise") or ""
        names = [n.strip() for n in re.split(r"[、,，;；\s]+", raw) if n.strip()]
        return list(dict.fromkeys(names))

    def clean_user(self):
        user = self.cleaned_data.get("user")
        if user is not None and not has_role(user, Role.EXPERT):
            raise forms.ValidationError(_("该账号没有“评审专家”角色，请先在用户管理中授予"))
        return user


def visible_assignments(user) -> Q:
    """An expert's assignments the user may count: those of calls of the departments they see
    (an expert of the city-wide pool also serves other departments' calls)."""
    scope = scope_of(user)
    if scope is None:
        return Q()
    return Q(assignments__application__call__department__in=sorted(scope.visible))


class EditableMixin:
    """Whether the user may edit an expert, with one query for the whole page."""

    @cached_property
    def keeps_city_pool(self) -> bool:
        return can_keep_city_pool(None, self.request.user)[0]

    def editable(self, expert) -> bool:
        if expert.department_id is None:
            return self.keeps_city_pool
        return department_decision(expert, self.request.user)[0]


def department_label(expert) -> str:
    return expert.department.name if expert.department_id else str(_("全市专家库"))


class ExpertIndexView(EditableMixin, ScopedIndexMixin, BoundedSearchMixin, generic.IndexView):
    def get_base_queryset(self):
        open_states = (AssignmentState.PENDING, AssignmentState.SCORING)
        visible = visible_assignments(self.request.user)
        return (
            super()
            .get_base_queryset()
            .select_related("user", "employer", "department")
            .annotate(
                outstanding=Count(
                    "assignments", filter=Q(assignments__state__in=open_states) & visible
                ),
                scored=Count(
                    "assignments", filter=Q(assignments__state=AssignmentState.SUBMITTED) & visible
                ),
            )
        )

    def get_edit_url(self, instance):
        # A row the user may only read links to its 详情 page instead.
        return super().get_edit_url(instance) if self.editable(instance) else None

    columns = [
        Column("user", label=_("专家"), accessor="user"),
        Column("title", label=_("职称")),
        Column("department", label=_("所属部门"), accessor=department_label),
        Column("employer", label=_("工作单位"), accessor="employer_display"),
        Column("expertise", label=_("专业领域"), accessor=lambda e: "、".join(e.expertise or [])),
        Column("active", label=_("在库"), accessor=lambda e: _("是") if e.active else _("否")),
        Column("scored", label=_("已评分")),
        Column("outstanding", label=_("待完成")),
    ]


class ExpertInspectView(
    EditableMixin, ScopedObjectMixin, BeijingTimeInspectMixin, generic.InspectView
):
    """The expert's profile and their progress per call the user sees (assigned, declared,
    scored, …)."""

    template_name = "review/admin/expert_inspect.html"

    def get_edit_url(self):
        return super().get_edit_url() if self.editable(self.object) else None

    def get_department_display_value(self):
        return department_label(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["progress"] = expert_progress(self.object, user=self.request.user)
        return context


class ExpertEditView(ScopedObjectMixin, generic.EditView):
    def dispatch(self, request, *args, **kwargs):
        # Anyone but staff is refused by the staff permission policy, as before.
        if is_programme_staff(request.user):
            self.object = self.get_object()
            allowed, why = can_edit_expert(self.object, request.user)
            if not allowed:
                back = reverse(self.inspect_url_name, args=(quote(self.object.pk),))
                return denied_response(request, why, back)
        return super().dispatch(request, *args, **kwargs)


class ExpertDeleteView(ScopedObjectMixin, generic.DeleteView):
    acting = True


class ExpertHistoryView(ScopedObjectMixin, history.HistoryView):
    pass


class ExpertUsageView(ScopedObjectMixin, usage.UsageView):
    pass


class ExpertViewSet(ModelViewSet):
    model = ExpertProfile
    name = "experts"
    icon = "group"
    menu_label = _("专家库")
    index_view_class = ExpertIndexView
    inspect_view_class = ExpertInspectView
    edit_view_class = ExpertEditView
    delete_view_class = ExpertDeleteView
    history_view_class = ExpertHistoryView
    usage_view_class = ExpertUsageView
    edit_handler = ObjectList(
        [
            FieldPanel("user"),
            FieldPanel("department"),
            FieldPanel("title"),
            FieldPanel("employer"),
            FieldPanel("employer_name"),
            FieldPanel("expertise"),
            FieldPanel("phone"),
            FieldPanel("active"),
            FieldPanel("related_organizations"),
        ],
        base_form_class=ExpertProfileForm,
    )
    search_fields = ["user__real_name", "user__email", "employer_name", "title"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = True
