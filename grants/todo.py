"""grants' panels of the staff to-do home (`core.todo`): applications to screen, calls closing.

Both count only the records of the user's departments and those below (`core.scoping`), as the
listings they link to do."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.formats import iso_time
from core.todo import TodoItem, TodoPanel, end_of_day, register, soon
from grants.models import Application, Call, CallState
from grants.models.states import SCREENABLE_STATES, ApplicationState
from orgs.roles import is_programme_staff


def _to_screen(user, today):
    return (
        Application.objects.for_user(user)
        .filter(state__in=SCREENABLE_STATES)
        .select_related("organization", "call")
        .order_by("submitted_at", "pk")
    )


def _screen_item(application, today):
    return TodoItem(
        text=f"{application.organization.name} · {application}",
        url=reverse("applications:inspect", args=[application.pk]),
        note=_("%(call)s · 提交于 %(when)s")
        % {"call": application.call.title, "when": iso_time(application.submitted_at)},
    )


def _closing(user, today):
    return (
        Call.objects.for_user(user)
        .filter(
            state=CallState.PUBLISHED,
            closes_at__gt=timezone.now(),
            closes_at__lt=end_of_day(soon(today)),
        )
        .order_by("closes_at", "pk")
    )


def _closing_item(call, today):
    return TodoItem(
        text=call.title,
        url=reverse("calls:inspect", args=[call.pk]),
        note=_("申报截止 %(when)s") % {"when": iso_time(call.closes_at)},
    )


def register_panels():
    register(
        TodoPanel(
            key="applications_to_screen",
            title=gettext_lazy("待形式审查的申报"),
            empty=gettext_lazy("暂无待筛选的申报"),
            shown_to=is_programme_staff,
            queryset=_to_screen,
            item=_screen_item,
            see_all=lambda: reverse("applications:index") + f"?state={ApplicationState.SUBMITTED}",
            order=20,
        )
    )
    register(
        TodoPanel(
            key="calls_closing",
            title=gettext_lazy("5个工作日内截止的征集"),
            empty=gettext_lazy("近期没有截止的征集"),
            shown_to=is_programme_staff,
            queryset=_closing,
            item=_closing_item,
            see_all=lambda: reverse("calls:index") + f"?state={CallState.PUBLISHED}",
            order=80,
        )
    )
