"""The 未结项目 rule of a call, answered from the funded projects themselves.

`grants.eligibility` asks registered checks which earlier projects bar an organization. Any funded
project of the organization, in any call or programme, that is not closed out (结项) bars it,
whatever the state of the call it came from; a closed one never does.
"""

from django.utils.translation import gettext as _

from projects.models import FundedProject
from projects.models.states import ProjectState


def open_projects(org, call, on) -> list[str]:
    projects = (
        FundedProject.objects.filter(organization=org)
        .exclude(state=ProjectState.CLOSED)
        .select_related("call")
        .order_by("pk")
    )
    return [
        _("资助项目尚未结项：《%(name)s》（%(call)s，当前状态：%(state)s）")
        % {"name": p.name, "call": p.call.title, "state": p.get_state_display()}
        for p in projects
    ]
