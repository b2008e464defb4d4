"""The review stage's two-person actions (经办/审核, `core.approvals`): the decision to fund
(拟资助决定), publishing the 公示 and the award (立项). Staff propose them on the review workbench;
an approver's approval runs `review.decisions.decide`, `review.publication.publish` or
`review.award.award` with the approver as actor.

The award is proposed only once the 公示 has ended with every objection settled (the same check
as the award itself), so the approval never runs early; while its second person is required the
scheduler leaves the award to the approval (`review.award.award_due`)."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.approvals import Action, approving, register
from grants.models import ApplicationState, CallState
from review import award as awarding
from review import decisions, plan_freeze, publication
from review.models import Publicity
from review.permissions import can_manage_review

DECIDE, PUBLISH, AWARD, REREVIEW = "decide", "publish", "award", "rereview"
A = ApplicationState
CHANGED = gettext_lazy("名单在提交审核后已有变化，请退回后由经办人重新提交")
CHANGED_PLAN = gettext_lazy("新的评审方案在提交审核后已有变化，请退回后由经办人重新提交")


def decision_list(call) -> list[list]:
    """What a decision proposal decides: [application id, selected, amount] per line. Approving
    refuses when the list changed after the proposal, so what is approved is what was proposed."""
    return [
        [line.application_id, line.selected, str(line.amount or "")]
        for line in call.recommendation_lines.order_by("position", "pk")
    ]


def publicity_list(call) -> list[int]:
    return sorted(call.applications.filter(state=A.RECOMMENDED).values_list("pk", flat=True))


def _decide(call, *, by, reason="", lines=None, total=""):
    if lines is not None and lines != decision_list(call):
        raise ValidationError(CHANGED)
    decisions.decide(call, by=by)
    return _("已作出拟资助决定")


def _decide_problems(call, data):
    if call.state != CallState.REVIEWING:
        return [_("该征集不在评审中")]
    problems = decisions.decide_problems(call)
    if (
        not problems
        and not call.recommendation_lines.filter(application__state=A.REVIEWED).exists()
    ):
        problems = [_("已作出资助决定")]
    return problems


def _decide_describe(data):
    return [(_("拟资助金额合计（元）"), data.get("total", ""))]


def _publish(
    call,
    *,
    by,
    reason="",
    start="",
    contact="",
    applications=None,
    seeding_history_at="",
    fallback_confirmed_by=None,
    fallback_confirmed_at="",
):
    if applications is not None and applications != publicity_list(call):
        raise ValidationError(CHANGED)
    first = datetime.date.fromisoformat(start) if start else None
    history = {}
    if seeding_history_at:  # review.demo only (last year's edition); no view proposes it
        history["seeding_history_at"] = datetime.datetime.fromisoformat(seeding_history_at)
    elif first is not None and first < timezone.localdate() and approving():
        # The 公示 runs from the day it is actually published: a proposed start that has passed
        # by the time of the approval becomes the day of the approval.
        first = None
    if fallback_confirmed_by:  # the 经办 confirmed dates counted without the official arrangement
        history["fallback_confirmed_by"] = get_user_model().objects.get(pk=fallback_confirmed_by)
        history["fallback_confirmed_at"] = datetime.datetime.fromisoformat(fallback_confirmed_at)
    publicity = publication.publish(call, by=by, start=first, contact=contact, **history)
    return _("公示已发布：%(start)s至%(end)s") % {
        "start": publicity.starts_on,
        "end": publicity.ends_on,
    }


def _publish_problems(call, data):
    if Publicity.objects.filter(call_id=call.pk).exists():
        return [_("该征集已发布公示")]
    today = timezone.localdate()
    if data.get("start") and not data.get("seeding_history_at") and data["start"] < str(today):
        return [
            _("公示开始日期不能早于发布当天（%(today)s），公示自发布之日起计算")
            % {"today": today.isoformat()}
        ]
    if not call.applications.filter(state=A.RECOMMENDED).exists():
        return [_("没有拟资助项目，无需公示")]
    return []


def _publish_describe(data):
    rows = [
        (_("公示开始日期"), data.get("start") or _("批准当天")),
        (_("联系方式"), data.get("contact", "")),
    ]
    if data.get("fallback_confirmed_by"):
        rows.append(
            (_("节假日安排"), _("该年度安排尚未录入，经办人已确认按推算日期（周一至周五）公示"))
        )
    return rows


def _rereview(call, *, by, reason="", changes=None):
    """The new plan stored with the proposal (`plan_freeze.request_rereview`) is what is
    approved: a plan changed since then is refused."""
    if changes is not None and (call.review_plan.pending_rules or {}) != changes:
        raise ValidationError(CHANGED_PLAN)
    plan_freeze.perform_rereview(call, by=by, reason=reason)
    return _("已重新评审：评审方案已更新为新版本，原拟资助建议名单和决定已作废")


def _rereview_problems(call, data):
    if call.state != CallState.REVIEWING:
        return [_("只有评审中的征集可以重新评审")]
    return plan_freeze.rereview_problems(call)


def _rereview_describe(data):
    return [(str(key), str(value)) for key, value in (data.get("changes") or {}).items()]


def _award(call, *, by, reason="", seeding_history_at=""):
    history = {}
    if seeding_history_at:  # review.demo only: last year's award, recorded on its morning
        now = datetime.datetime.fromisoformat(seeding_history_at)
        history = {"now": now, "today": timezone.localdate(now)}
    awarded = awarding.award(call, by=by, **history)
    return _("已确定立项%(n)d个项目") % {"n": len(awarded)}


def _award_problems(call, data):
    if call.state != CallState.PUBLICITY:
        return [_("该征集不在公示中")]
    publicity = Publicity.objects.filter(call_id=call.pk).first()
    if publicity is None:
        return [_("该征集尚未发布公示")]
    return awarding.award_problems(publicity, timezone.localdate())


def register_actions():
    register(
        Action(
            key=DECIDE,
            label=gettext_lazy("拟资助决定"),
            model="grants.Call",
            perform=_decide,
            can_propose=can_manage_review,
            problems=_decide_problems,
            describe=_decide_describe,
            order=10,
        )
    )
    register(
        Action(
            key=PUBLISH,
            label=gettext_lazy("发布公示"),
            model="grants.Call",
            perform=_publish,
            can_propose=can_manage_review,
            problems=_publish_problems,
            describe=_publish_describe,
            order=20,
        )
    )
    register(
        Action(
            key=AWARD,
            label=gettext_lazy("确定立项"),
            model="grants.Call",
            perform=_award,
            can_propose=can_manage_review,
            problems=_award_problems,
            order=30,
        )
    )
    register(
        Action(
            key=REREVIEW,
            label=gettext_lazy("重新评审"),
            model="grants.Call",
            perform=_rereview,
            can_propose=can_manage_review,
            problems=_rereview_problems,
            describe=_rereview_describe,
            order=5,
        )
    )
