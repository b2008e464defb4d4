"""专家库: experts' profiles, edited by programme staff (`orgs.admin.policies`)."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import policy_registry, register_permission_policy

from orgs.admin.policies import ProgrammeStaffPolicy
from review.models import AssignmentState, ExpertProfile


def register_review_policies():
    if policy_registry.get_by_type(ExpertProfile, fallback=False) is None:
        register_permission_policy(ExpertProfile, ProgrammeStaffPolicy(ExpertProfile))


class ExpertIndexView(generic.IndexView):
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


class ExpertViewSet(ModelViewSet):
    model = ExpertProfile
    name = "experts"
    icon = "group"
    menu_label = _("专家库")
    index_view_class = ExpertIndexView
    form_fields = [
        "user",
        "title",
        "employer",
        "employer_name",
        "expertise",
        "phone",
        "active",
        "related_organizations",
    ]
    search_fields = ["user__real_name", "user__email", "employer_name", "title"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = True
