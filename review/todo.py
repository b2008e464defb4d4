"""review's panels of the staff to-do home (`core.todo`): objections to settle, 公示 ending.
Each holds only the records of the departments the user sees (`core.scoping`)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.formats import iso_day, iso_time
from core.todo import TodoItem, TodoPanel, register, soon
from grants.models import CallState
from orgs.roles import is_programme_staff
from review.models import Objection, ObjectionState, Publicity


def _publicity_url(call_id) -> str:
    # Objections are settled, and the 公示 followed, in the 公示与异议 section of the call's page.
    return reverse("review_call", args=[call_id]) + "#publicity"


def _objections(user, today):
    return (
        Objection.objects.for_user(user)
        .filter(state=ObjectionState.RECEIVED)
        .select_related("application", "publicity")
        .order_by("received_at", "pk")
    )


def _objection_item(objection, today):
    return TodoItem(
        text=_("%(project)s · 异议人：%(name)s")
        % {"project": objection.application, "name": objection.name},
        url=_publicity_url(objection.publicity.call_id),
        note=_("受理于 %(when)s") % {"when": iso_time(objection.received_at)},
    )


def _publicity_ending(user, today):
    return (
        Publicity.objects.for_user(user)
        .filter(call__state=CallState.PUBLICITY, ends_on__gte=today, ends_on__lte=soon(today))
        .select_related("call")
        .order_by("ends_on", "pk")
    )


def _publicity_item(publicity, today):
    return TodoItem(
        text=publicity.call.title,
        url=_publicity_url(publicity.call_id),
        note=_("公示期至 %(end)s，异议受理至 %(until)s")
        % {"end": iso_day(publicity.ends_on), "until": iso_day(publicity.objections_until)},
    )


def register_panels():
    register(
        TodoPanel(
            key="objections",
            title=gettext_lazy("待处理的异议"),
            empty=gettext_lazy("暂无待处理的异议"),
            shown_to=is_programme_staff,
            queryset=_objections,
            item=_objection_item,
            see_all=lambda: reverse("review_calls"),
            order=30,
        )
    )
    register(
        TodoPanel(
            key="publicity_ending",
            title=gettext_lazy("5个工作日内结束的公示"),
            empty=gettext_lazy("近期没有结束的公示"),
            shown_to=is_programme_staff,
            queryset=_publicity_ending,
            item=_publicity_item,
            see_all=lambda: reverse("review_calls"),
            order=90,
        )
    )
