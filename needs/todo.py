"""needs' panel of the staff to-do home (`core.todo`): needs submitted for moderation, of the
departments the user sees (`Need.objects.for_user`, as the listing it links to)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.formats import iso_time
from core.todo import TodoItem, TodoPanel, register
from needs.models import Need, NeedState
from orgs.roles import is_programme_staff


def _to_moderate(user, today):
    return (
        Need.objects.for_user(user)
        .filter(state=NeedState.SUBMITTED)
        .select_related("organization")
        .order_by("submitted_at", "pk")
    )


def _item(need, today):
    return TodoItem(
        # Needs sent in by the public have no organization: their source says who.
        text=f"{need.organization.name if need.organization else need.get_source_display()} · "
        f"{need.title}",
        url=reverse("needs:inspect", args=[need.pk]),
        note=_("提交于 %(when)s") % {"when": iso_time(need.submitted_at)},
    )


def register_panels():
    register(
        TodoPanel(
            key="needs_to_moderate",
            title=gettext_lazy("待审核的需求"),
            empty=gettext_lazy("暂无待审核的需求"),
            shown_to=is_programme_staff,
            queryset=_to_moderate,
            item=_item,
            see_all=lambda: reverse("needs:index") + f"?state={NeedState.SUBMITTED}",
            order=25,
        )
    )
