"""Time-driven moves: a call opens and closes at its stored times.

`run_due_transitions()` asks each candidate call whether a timed transition is due and performs it
through the one door with the scheduler as actor (`by=None`, see `grants.permissions`). It is
idempotent: a second run, or two runs racing, find nothing left to do (the row lock in
`perform_transition` makes the loser see the new state and refuse quietly).
"""

import logging

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.workflow import TransitionRefused, perform_transition
from grants.models import Call, CallState
from grants.permissions import SYSTEM

logger = logging.getLogger(__name__)

REASON = _("已到设定时间，由系统自动执行")

# Timed moves of higher apps (review: a 公示 ending), appended from their AppConfig.ready().
# Each is `job(now) -> list[(call, transition name)]` and must be idempotent like the above.
EXTRA_JOBS = []


def run_due_transitions() -> list[tuple[Call, str]]:
    """Perform every timed call transition due now. Returns (call, transition name) done."""
    now = timezone.now()
    candidates = Call.objects.filter(
        Q(state=CallState.DRAFT, publish_automatically=True, opens_at__lte=now)
        | Q(state=CallState.PUBLISHED, closes_at__lte=now)
    ).order_by("pk")
    done = []
    for call in candidates:
        # A call whose opening and closing both passed (e.g. the job did not run) takes both
        # steps now; each step is asked again of the fresh row.
        for _step in range(len(CallState.values)):
            name = call.due_transition(now)
            if name is None:
                break
            try:
                call = perform_transition(call, name, by=SYSTEM, reason=str(REASON))
            except TransitionRefused as refused:
                # Another run got there first, or the call is not ready (e.g. no category yet).
                logger.warning("Call %s: %s not performed: %s", call.pk, name, refused)
                break
            done.append((call, name))
    for job in EXTRA_JOBS:
        done.extend(job(now))
    return done
