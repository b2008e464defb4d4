"""The award (立项): when the 公示 has ended with every objection settled.

`award_due(now)` is one of the scheduler's jobs (`grants.schedule.EXTRA_JOBS`, run by
`manage.py run_schedule`): idempotent, since it only acts on calls still 公示中 and each move goes
through the one door, which locks the row and refuses a move already made. Staff can also end a
公示 by hand from the admin with the same function (the same checks apply).

Inside the awarding transaction each application 公示中 → 已立项 and
`grants.signals.application_awarded(application=, amount=, by=)` is sent, so the projects app
creates the funded project record in the same transaction (if it fails, nothing is awarded).
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event
from core.workflow import TransitionRefused, perform_transition
from grants.models import ApplicationState, Call, CallState
from grants.signals import application_awarded
from review.archive import add_version
from review.draw import plan_for
from review.models import ObjectionState, Publicity, VersionKind

logger = logging.getLogger(__name__)
A = ApplicationState


def award_problems(publicity, today) -> list[str]:
    """docs/domain.md §5: the later of the 公示's end and the objection window has passed, every
    objection is settled and no score sheet of the call is open."""
    from review.decisions import open_sheet_problems

    problems = []
    if today <= publicity.ends_on:
        problems.append(_("公示期至%(end)s，尚未结束") % {"end": publicity.ends_on.isoformat()})
    elif today <= publicity.objections_until:
        problems.append(
            _("异议受理期至%(end)s，尚未结束") % {"end": publicity.objections_until.isoformat()}
        )
    if publicity.objections.filter(state=ObjectionState.RECEIVED).exists():
        problems.append(_("尚有异议未处理完毕"))
    problems.extend(open_sheet_problems(publicity.call))
    return problems


@transaction.atomic
def award(call, *, by, today=None, now=None) -> list:
    """Applications 公示中 → 已立项 (signal sent for each), call → 已确定, result frozen and
    published at `now` (archived as its first version, PDF after commit)."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.state != CallState.PUBLICITY:
        raise ValidationError(_("该征集不在公示中"))
    publicity = Publicity.objects.select_for_update().get(call=call)
    problems = award_problems(publicity, today)
    if problems:
        raise ValidationError(problems)
    awarded = []
    for application in (
        call.applications.filter(state=A.PUBLICITY)
        .select_related("recommendation", "organization", "category")
        .order_by("recommendation__position")
    ):
        amount = application.recommendation.amount
        application = perform_transition(application, "award", by=by)
        application_awarded.send(
            sender=type(application), application=application, amount=amount, by=by
        )
        awarded.append(application)
    perform_transition(call, "conclude_publicity", by=by)
    publicity.result_snapshot = {
        "title": _("%(title)s立项结果") % {"title": call.title},
        "decided_on": today.isoformat(),
        "published_at": now.isoformat(),
        "publicity_published_at": publicity.published_at.isoformat(),
        "publicity_period": [publicity.starts_on.isoformat(), publicity.ends_on.isoformat()],
        "objections_until": publicity.objections_until.isoformat(),
        "plan": plan_for(call).statement(),
        "entries": [
            {
                "position": a.recommendation.position,
                "project": a.project_name,
                "organization": a.organization.name,
                "category": a.category.name if a.category_id else "",
                "amount": str(a.recommendation.amount),
            }
            for a in awarded
        ],
        "total": str(sum(a.recommendation.amount for a in awarded)),
    }
    publicity.result_published_at = now
    publicity.save(update_fields=["result_snapshot", "result_published_at"])
    log_event(
        call,
        user=by,
        summary=_("公示期满，确定立项"),
        awarded=[a.pk for a in awarded],
        published_at=now.isoformat(),
    )
    add_version(publicity, VersionKind.RESULT, by=by, at=now)
    return awarded


def award_due(now) -> list:
    """Scheduler job: award every call whose 公示 has ended with objections settled.

    While the award needs a second person (`core.approvals`, the default), the scheduler awards
    nothing: staff propose 确定立项 once the window has passed and an approver's approval awards.
    """
    from core.approvals import required

    if required("award"):
        return []
    today = timezone.localtime(now).date()
    done = []
    for publicity in Publicity.objects.filter(
        call__state=CallState.PUBLICITY, ends_on__lt=today, objections_until__lt=today
    ).select_related("call"):
        if award_problems(publicity, today):
            continue
        try:
            award(publicity.call, by=None, today=today, now=now)
        except (ValidationError, TransitionRefused) as refused:
            logger.warning("Call %s: award not performed: %s", publicity.call_id, refused)
            continue
        done.append((publicity.call, "conclude_publicity"))
    return done
