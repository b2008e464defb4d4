"""incubation's panel of the to-do home (`core.todo`): a base manager's applications to answer."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.formats import iso_day
from core.todo import TodoItem, TodoPanel, register
from orgs.models import Incubation
from orgs.models.incubation.states import AWAITING_ANSWER, IncubationState
from orgs.roles import Role, has_role


def _manages_a_base(user) -> bool:
    return has_role(user, Role.INCUBATOR_MANAGER)


def _to_answer(user, today):
    # The user's own bases only (`managed_by`): another base's applications are not their work.
    return (
        Incubation.objects.managed_by(user)
        .filter(state__in=AWAITING_ANSWER)
        .select_related("organization", "base")
        .order_by("answer_due_on", "pk")
    )


def _item(incubation, today):
    return TodoItem(
        text=f"{incubation.display_name} · {incubation.base.name}",
        url=reverse("incubations:inspect", args=[incubation.pk]),
        note=_("%(state)s，答复期限 %(due)s")
        % {"state": incubation.get_state_display(), "due": iso_day(incubation.answer_due_on)},
    )


def register_panels():
    register(
        TodoPanel(
            key="incubations_to_answer",
            title=gettext_lazy("待答复的入驻申请"),
            empty=gettext_lazy("暂无待答复的入驻申请"),
            shown_to=_manages_a_base,
            queryset=_to_answer,
            item=_item,
            see_all=lambda: reverse("incubations:index") + f"?state={IncubationState.APPLIED}",
            order=15,
        )
    )
