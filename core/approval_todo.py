"""The approver's panel of the to-do home: proposals waiting for a second person (经办/审核), of
the departments the approver acts for and those no department owns (issue 21)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.approvals import action_label
from core.formats import iso_time
from core.models import Approval, ApprovalState
from core.permissions import can_decide_approval
from core.todo import TodoItem, TodoPanel, register


def _waiting(user, today):
    # A department above sees its districts' proposals in the list but does not decide them.
    decidable = Approval.objects.for_user(user, acting=True) | Approval.objects.filter(
        department_ref__isnull=True
    )
    # Not the user's own proposals: the approver must be a second person.
    return (
        decidable.filter(state=ApprovalState.PENDING)
        .exclude(proposed_by=user)
        .select_related("proposed_by")
        .order_by("proposed_at", "pk")
    )


def _item(approval, today):
    return TodoItem(
        text=f"{action_label(approval.action)}：{approval.target_label}",
        url=reverse("approval", args=[approval.pk]),
        note=_("%(who)s 提交于 %(when)s")
        % {"who": approval.proposed_by, "when": iso_time(approval.proposed_at)},
    )


def register_panels():
    register(
        TodoPanel(
            key="approvals",
            title=gettext_lazy("待我审核的事项"),
            empty=gettext_lazy("暂无待审核的事项"),
            shown_to=lambda user: can_decide_approval.check(None, user)[0],
            queryset=_waiting,
            item=_item,
            see_all=lambda: reverse("approvals"),
            order=10,
        )
    )
