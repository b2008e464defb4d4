"""项目推荐会 in the admin: staff create the event (date, place, participants, needs and projects
presented), record the matches agreed (organization ↔ need ↔ funder) and publish the result, which
then shows on the public site (`needs.views.public.meeting_detail`).

A meeting belongs to its organizing department (issue 21): the listing and every page start from
`RecommendationMeeting.objects.for_user`, the form offers the user's own departments and the needs
they see, and only the organizing department edits or publishes it."""

from django.contrib.admin.utils import quote
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from core.admin import (
    BeijingTimeInspectMixin,
    BoundedSearchMixin,
    ScopedIndexMixin,
    ScopedObjectMixin,
    TransitionIndexMixin,
    TransitionInspectMixin,
    TransitionViewSetMixin,
    history_rows,
)
from core.audit import log_event
from needs.models import Need, RecommendationMeeting
from orgs.departments import departments_for


def _restricted(form_class, field_name, queryset):
    """`form_class` whose `field_name` offers only `queryset` (for an inline's rows, including
    the blank row the page copies when a row is added)."""

    def __init__(self, *args, **kwargs):
        form_class.__init__(self, *args, **kwargs)
        self.fields[field_name].queryset = queryset

    return type(form_class.__name__, (form_class,), {"__init__": __init__})


class MeetingForm(WagtailAdminModelForm):
    """Departments the user acts for; needs (presented and matched) the user sees."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is None:
            return
        self.fields["department"].queryset = departments_for(self.for_user).order_by("name")
        needs = Need.objects.for_user(self.for_user)
        self.fields["needs"].queryset = self.fields["needs"].queryset.filter(
            pk__in=needs.values("pk")
        )
        matches = self.formsets.get("matches")
        if matches is not None:
            matches.form = _restricted(matches.form, "need", needs.order_by("title"))


class InspectRedirectMixin:
    def get_success_url(self):
        return reverse("need_meetings:inspect", args=(quote(self.object.pk),))


class MeetingCreateView(InspectRedirectMixin, generic.CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        meeting = super().save_instance()
        log_event(meeting, user=self.request.user, summary=_("创建项目推荐会"))
        return meeting


class MeetingEditView(ScopedObjectMixin, InspectRedirectMixin, generic.EditView):
    acting = True

    def save_instance(self):
        meeting = super().save_instance()
        changed = sorted(self.form.changed_data)
        if changed:
            log_event(meeting, user=self.request.user, summary=_("修改推荐会记录"), fields=changed)
        return meeting


class MeetingIndexView(
    ScopedIndexMixin, TransitionIndexMixin, BoundedSearchMixin, generic.IndexView
):
    default_ordering = "-held_on"

    @cached_property
    def columns(self):
        return [
            self._get_title_column_class(TitleColumn)(
                "title",
                label=gettext_lazy("推荐会名称"),
                accessor="title",
                get_url=self.get_inspect_url,
                sort_key="title",
            ),
            Column("held_on", label=gettext_lazy("举办日期"), sort_key="held_on"),
            Column("place", label=gettext_lazy("举办地点")),
            Column("state", label=gettext_lazy("状态"), accessor="get_state_display"),
        ]


class MeetingInspectView(
    ScopedObjectMixin, BeijingTimeInspectMixin, TransitionInspectMixin, generic.InspectView
):
    template_name = "needs/admin/meeting_inspect.html"

    def get_fields(self):
        return ["state", "title", "department", "held_on", "place", "description", "result_summary"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.object
        context.update(
            meeting=meeting,
            participants=meeting.participants.all(),
            needs=meeting.needs.all(),
            matches=meeting.matches.select_related("organization", "need"),
            public_url=reverse("needs_public:meeting", args=[meeting.pk]),
            history_rows=history_rows(meeting),
        )
        return context


class MeetingHistoryView(ScopedObjectMixin, generic.HistoryView):
    pass


class MeetingUsageView(ScopedObjectMixin, generic.UsageView):
    pass


class MeetingDeleteView(ScopedObjectMixin, generic.DeleteView):
    acting = True


class MeetingViewSet(TransitionViewSetMixin, ModelViewSet):
    model = RecommendationMeeting
    name = "need_meetings"
    icon = "group"
    menu_label = gettext_lazy("项目推荐会")
    menu_name = "need_meetings"
    index_view_class = MeetingIndexView
    add_view_class = MeetingCreateView
    edit_view_class = MeetingEditView
    inspect_view_class = MeetingInspectView
    history_view_class = MeetingHistoryView
    usage_view_class = MeetingUsageView
    delete_view_class = MeetingDeleteView
    inspect_view_enabled = True
    copy_view_enabled = False
    search_fields = ["title", "place"]
    search_backend_name = None

    @property
    def edit_handler(self):
        return ObjectList(RecommendationMeeting.panels, base_form_class=MeetingForm)
