"""Two-person approvals (经办/审核): the officer who prepares a decision about money or publication
is not the one who approves it (`docs/domain.md` §11).

An app registers each such action once (`register(Action(...))` in its `AppConfig.ready()`): a
key, a label, the model it acts on, who may propose it, what must hold before it is proposed and
the function that performs it. The transitions that function makes are declared
`custom={"two_person": "<key>"}`, and the door (`core.workflow.perform_transition`) refuses them
unless they run inside an approved proposal (`carrying_out`), or the action's second person has
been switched off (`TwoPersonRule`, with a recorded reason).

* `submit(key, obj, by=, data=, reason=)`: what a staff button calls. A proposal (待审核) when a
  second person is required, else the action is performed at once and the history says it ran
  without a second person and why.
* `approve(approval, by=)`: an approver who is not the proposer (`core.permissions`) approves; the
  action runs in the same transaction with the approver as actor. The audit entries of its
  transitions carry both names and times. If the action is refused now, nothing is approved.
* `reject(approval, by=, reason=)`, `withdraw(approval, by=)`.

A proposal records its target's department (`department_ref`, from the target's
`DEPARTMENT_PATH`, issue 21): approvers list and open only their departments' proposals, and the
door refuses a decision on another department's (`core.scoping`); a proposal about something no
department owns is shared.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event
from core.formats import beijing_time
from core.models import Approval, ApprovalState, TwoPersonRule
from core.permissions import can_set_two_person_rules
from core.rules import ALLOWED
from core.scoping import department_decision, department_id_of
from core.workflow import carrying_out, perform_transition, without_nul


@dataclass(frozen=True)
class Action:
    key: str
    label: object
    model: str  # "app_label.ModelName" of the object it acts on
    # perform(obj, *, by, reason, **data) -> a message saying what was done
    perform: Callable[..., str]
    # can_propose(obj, user) -> (allowed, reason)
    can_propose: Callable = lambda obj, user: ALLOWED
    # problems(obj, data) -> list of reasons the action cannot be proposed now
    problems: Callable = lambda obj, data: []
    # describe(data) -> [(label, value)] shown with the proposal
    describe: Callable = lambda data: []
    # The transition whose generic admin button proposes this action ("" when it is proposed
    # from its own page, e.g. a payment with its date and voucher).
    transition: str = ""
    order: int = field(default=100)


ACTIONS: dict[str, Action] = {}


def register(action: Action) -> None:
    ACTIONS[action.key] = action


def actions() -> list[Action]:
    return sorted(ACTIONS.values(), key=lambda a: (a.order, a.key))


def action_label(key: str) -> str:
    action = ACTIONS.get(key)
    return str(action.label) if action else key


def _decision(check, obj, user):
    """(allowed, reason) from a `core.rules.Rule` or a plain `(obj, user)` permission function."""
    return check.check(obj, user) if hasattr(check, "check") else check(obj, user)


def _check_department(obj, user) -> None:
    """Only the target's own department proposes (a department above only reads it)."""
    allowed, why = department_decision(obj, user)
    if not allowed:
        raise PermissionDenied(why)


def approving() -> bool:
    """True while an approved proposal is being carried out (not a single-person action)."""
    from core.workflow import _approved

    return any("approval" in audit for _action, audit in _approved.get())


def person(user) -> str:
    return str(user) if user is not None else _("系统")


# --- The setting ---------------------------------------------------------------------------------


def rule_for(key: str) -> TwoPersonRule:
    """The stored setting of `key`, or the default (a second person required), unsaved."""
    return TwoPersonRule.objects.filter(action=key).first() or TwoPersonRule(action=key)


def required(key: str) -> bool:
    return rule_for(key).required


@transaction.atomic
def set_required(key: str, *, required: bool, by, reason: str = "") -> TwoPersonRule:
    """Switch the second person of `key` on or off (system administrators; off needs a reason)."""
    allowed, why = can_set_two_person_rules(None, by)
    if not allowed:
        raise PermissionDenied(why)
    if key not in ACTIONS:
        raise ValidationError(_("未知事项"))
    reason = without_nul(reason).strip()
    if not required and not reason:
        raise ValidationError(_("关闭双人审核须填写原因"))
    setting, _created = TwoPersonRule.objects.select_for_update().get_or_create(action=key)
    before = setting.required
    setting.required = required
    setting.reason = "" if required else reason
    setting.changed_by = by
    setting.changed_at = timezone.now()
    setting.save()
    log_event(
        setting,
        user=by,
        summary=_("开启双人审核：%(action)s") % {"action": action_label(key)}
        if required
        else _("关闭双人审核：%(action)s") % {"action": action_label(key)},
        before=before,
        after=required,
        reason=reason,
    )
    return setting


# --- Proposals ----------------------------------------------------------------------------------


def proposable_here(instance, key: str, name: str) -> bool:
    """Whether transition `name` of `instance` has a button proposing action `key`."""
    action = ACTIONS.get(key)
    return action is not None and action.model == instance._meta.label and action.transition == name


def for_object(obj):
    """Every proposal about `obj`, newest first."""
    return Approval.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
    ).select_related("proposed_by", "decided_by")


def pending_for(obj, key: str | None = None):
    qs = for_object(obj).filter(state=ApprovalState.PENDING)
    return qs.filter(action=key) if key else qs


def describe(approval) -> list[tuple[str, str]]:
    action = ACTIONS.get(approval.action)
    return action.describe(approval.data or {}) if action else []


@transaction.atomic
def propose(key: str, obj, *, by, data: dict | None = None, reason: str = "") -> Approval:
    """经办: record the proposal; nothing else changes until an approver approves it."""
    action = ACTIONS[key]
    data = data or {}
    _check_department(obj, by)
    allowed, why = _decision(action.can_propose, obj, by)
    if not allowed:
        raise PermissionDenied(why)
    problems = action.problems(obj, data)
    if problems:
        raise ValidationError(problems)
    if pending_for(obj, key).exists():
        raise ValidationError(_("该事项已提交审核，请等待审核人处理"))
    department_id = department_id_of(obj)
    try:
        with transaction.atomic():
            approval = Approval.objects.create(
                action=key,
                content_type=ContentType.objects.get_for_model(type(obj)),
                object_id=str(obj.pk),
                target_label=str(obj)[:300],
                data=data,
                proposed_by=by,
                proposal_reason=without_nul(reason).strip(),
                department_ref=department_id,
            )
    except IntegrityError:  # a second click racing the first
        raise ValidationError(_("该事项已提交审核，请等待审核人处理")) from None
    log_event(
        obj,
        user=by,
        summary=_("提交审核：%(action)s") % {"action": action.label},
        approval=approval.pk,
        reason=approval.proposal_reason,
    )
    return approval


def submit(key: str, obj, *, by, data: dict | None = None, reason: str = ""):
    """What a staff button calls: `(approval, None)` when a second person is required, else the
    action is performed now and `(None, message)` returned."""
    if required(key):
        return propose(key, obj, by=by, data=data, reason=reason), None
    action = ACTIONS[key]
    _check_department(obj, by)
    allowed, why = _decision(action.can_propose, obj, by)
    if not allowed:
        raise PermissionDenied(why)
    with transaction.atomic():
        setting = rule_for(key)
        audit = {"two_person": "off", "two_person_off_reason": setting.reason}
        with carrying_out(key, audit):
            message = action.perform(obj, by=by, reason=reason, **(data or {}))
        log_event(
            obj,
            user=by,
            summary=_("未经审核人批准：%(action)s（双人审核已关闭）") % {"action": action.label},
            reason=setting.reason,
        )
    return None, message


@transaction.atomic
def approve(approval, *, by, reason: str = "") -> Approval:
    """审核: approve and carry out the action now, as `by`. Refused (nothing written) when `by`
    is not an approver, is the proposer, or the action cannot be performed any more."""
    approval = perform_transition(approval, "approve", by=by, reason=reason)
    action = ACTIONS[approval.action]
    obj = approval.target
    audit = {
        "approval": approval.pk,
        "proposed_by": person(approval.proposed_by),
        "proposed_at": beijing_time(approval.proposed_at),
        "approved_by": person(by),
        "approved_at": beijing_time(approval.decided_at),
    }
    with carrying_out(approval.action, audit):
        message = action.perform(
            obj, by=by, reason=approval.proposal_reason, **(approval.data or {})
        )
    Approval.objects.filter(pk=approval.pk).update(result=str(message or ""))
    approval.result = str(message or "")
    log_event(
        obj,
        user=by,
        summary=_("审核批准：%(action)s（经办人%(proposer)s）")
        % {"action": action.label, "proposer": person(approval.proposed_by)},
        **audit,
        reason=approval.decision_reason,
    )
    return approval


@transaction.atomic
def reject(approval, *, by, reason: str) -> Approval:
    approval = perform_transition(approval, "reject", by=by, reason=reason)
    log_event(
        approval.target,
        user=by,
        summary=_("审核退回：%(action)s（经办人%(proposer)s）")
        % {"action": approval.action_label, "proposer": person(approval.proposed_by)},
        approval=approval.pk,
        reason=approval.decision_reason,
    )
    return approval


@transaction.atomic
def withdraw(approval, *, by, reason: str = "") -> Approval:
    approval = perform_transition(approval, "withdraw", by=by, reason=reason)
    log_event(
        approval.target,
        user=by,
        summary=_("撤回审核申请：%(action)s") % {"action": approval.action_label},
        approval=approval.pk,
        reason=approval.decision_reason,
    )
    return approval


def transition_action(
    key: str, label, model: str, transition: str, *, describe=None, order=100
) -> Action:
    """An action that is one transition of its object, proposed from its admin button (accepting
    an evaluation, publishing a report): who may propose it is who may perform that transition."""
    from core.workflow import permission_decision, unmet_conditions

    def perform(obj, *, by, reason="", **data):
        perform_transition(obj, transition, by=by, reason=reason)
        return _("已%(label)s") % {"label": label}

    def problems(obj, data):
        return unmet_conditions(obj, transition)

    return Action(
        key=key,
        label=label,
        model=model,
        perform=perform,
        can_propose=lambda obj, user: permission_decision(obj, transition, user),
        problems=problems,
        describe=describe or (lambda data: []),
        transition=transition,
        order=order,
    )
