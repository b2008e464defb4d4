"""专家库: experts' profiles, edited by programme staff (`orgs.admin.policies`)."""

import re

from django import forms
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import policy_registry, register_permission_policy

from core.admin import BeijingTimeInspectMixin, BoundedSearchMixin
from orgs.admin.policies import ProgrammeStaffPolicy
from orgs.roles import Role, has_role
from review.dashboard import expert_progress
from review.models import AssignmentState, ExpertProfile


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

    def clean_expertise(self):
        raw = self.cleaned_data.get("expertise") or ""
        names = [n.strip() for n in re.split(r"[、,，;；\s]+", raw) if n.strip()]
        return list(dict.fromkeys(names))

    def clean_user(self):
        user = self.cleaned_data.get("user")
        if user is not None and not has_role(user, Role.EXPERT):
            raise forms.ValidationError(_("该账号没有“评审专家”角色，请先在用户管理中授予"))
        return user


class ExpertIndexView(BoundedSearchMixin, generic.IndexView):
    def get_base_queryset(self):
        open_states = (AssignmentState.PENDING, AssignmentState.SCORING)
        return (
            super()
            .get_base_queryset()
            .select_related("user", "employer")
            .annotate(
                outstanding=Count("assignments", filter=Q(assignments__state__in=open_states)),
                scored=Count("assignments", filter=Q(assignments__state=AssignmentState.SUBMITTED)),
            )
        )

    columns = [
        Column("user", label=_("专家"), accessor="user"),
        Column("title", label=_("职称")),
        Column("employer", label=_("工作单位"), accessor="employer_display"),
        Column("expertise", label=_("专业领域"), accessor=lambda e: "、".join(e.expertise or [])),
        Column("active", label=_("在库"), accessor=lambda e: _("是") if e.active else _("否")),
        Column("scored", label=_("已评分")),
        Column("outstanding", label=_("待完成")),
    ]


class ExpertInspectView(BeijingTimeInspectMixin, generic.InspectView):
    """The expert's profile and their progress per call (assigned, declared, scored, …)."""

    template_name = "review/admin/expert_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["progress"] = expert_progress(self.object)
        return context


class ExpertViewSet(ModelViewSet):
    model = ExpertProfile
    name = "experts"
    icon = "group"
    menu_label = _("专家库")
    index_view_class = ExpertIndexView
    inspect_view_class = ExpertInspectView
    edit_handler = ObjectList(
        [
            FieldPanel("user"),
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
