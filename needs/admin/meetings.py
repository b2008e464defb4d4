"""项目推荐会 in the admin: staff create the event (date, place, participants, needs and projects
presented), record the matches agreed (organization ↔ need ↔ funder) and publish the result, which
then shows on the public site (`needs.views.public.meeting_detail`)."""

from django.contrib.admin.utils import quote
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from core.admin import (
    BeijingTimeInspectMixin,
    BoundedSearchMixin,
    TransitionIndexMixin,
    TransitionInspectMixin,
    TransitionViewSetMixin,
    history_rows,
)
from core.audit import log_event
from needs.models import RecommendationMeeting


class InspectRedirectMixin:
    def get_success_url(self):
        return reverse("need_meetings:inspect", args=(quote(self.object.pk),))


class MeetingCreateView(InspectRedirectMixin, generic.CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        meeting = super().save_instance()
        log_event(meeting, user=self.request.user, summary=_("创建项目推荐会"))
        return meeting


class MeetingEditView(InspectRedirectMixin, generic.EditView):
    def save_instance(self):
        meeting = super().save_instance()
        changed = sorted(self.form.changed_data)
        if changed:
            log_event(meeting, user=self.request.user, summary=_("修改推荐会记录"), fields=changed)
        return meeting


class MeetingIndexView(TransitionIndexMixin, BoundedSearchMixin, generic.IndexView):
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


class MeetingInspectView(BeijingTimeInspectMixin, TransitionInspectMixin, generic.InspectView):
    template_name = "needs/admin/meeting_inspect.html"

    def get_fields(self):
        return ["state", "title", "held_on", "place", "description", "result_summary"]

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
    inspect_view_enabled = True
    copy_view_enabled = False
    search_fields = ["title", "place"]
    search_backend_name = None
