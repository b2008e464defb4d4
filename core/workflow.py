"""The one door for every state change of every life cycle in the platform.

Views, admin buttons, batch actions and scheduled jobs all call `perform_transition`; nothing else
assigns a state. It locks the row, checks the data conditions and the actor's permission, runs the
django-fsm transition, saves, writes the audit entry and queues notifications after commit.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django_fsm import FSMFieldMixin, can_proceed, get_available_FIELD_transitions

from core.audit import log_transition
from core.public_cache import registry as public_cache_registry
from core.scoping import department_decision

# How many `perform_transition` calls are running in this thread/context. While it is above zero
# a row lock is held, so slow work (rendering a PDF, building a spreadsheet) must wait until after
# commit; `core.pdf` refuses to render then (see `refuse_inside_transition`).
_transitions_running: ContextVar[int] = ContextVar("transitions_running", default=0)


class SlowWorkInsideTransition(RuntimeError):
    """Slow work was started while `perform_transition` holds a row lock."""


def inside_transition() -> bool:
    """True while `perform_transition` (and so its row lock and hooks) is running."""
    return _transitions_running.get() > 0


def refuse_inside_transition(what: str) -> None:
    """Raise when called inside `perform_transition`: `what` belongs after commit or in a task."""
    if inside_transition():
        raise SlowWorkInsideTransition(
            f"{what} while perform_transition holds a row lock: "
            "run it with transaction.on_commit or in a task"
        )


@contextmanager
def _transition_running():
    token = _transitions_running.set(_transitions_running.get() + 1)
    try:
        yield
    finally:
        _transitions_running.reset(token)


# Two-person actions (经办/审核, `core.approvals`): the approvals being carried out in this context.
# A transition declared `custom={"two_person": "<action>"}` runs only inside one for its action
# (or when that action's second person is switched off), so no button or job can bypass it.
_approved: ContextVar[tuple] = ContextVar("approved_actions", default=())


@contextmanager
def carrying_out(action: str, audit: dict):
    """Inside, transitions of two-person `action` may run; `audit` (proposer, approver, times)
    joins their audit entries. Used by `core.approvals` only."""
    token = _approved.set((*_approved.get(), (action, audit)))
    try:
        yield
    finally:
        _approved.reset(token)


def two_person_action(instance, name) -> str:
    """The two-person action key of transition `name` of `instance` ("" if it needs none)."""
    meta = getattr(getattr(type(instance), name, None), "_django_fsm", None)
    for t in meta.transitions.values() if meta else []:
        return (t.custom or {}).get("two_person", "")
    return ""


def _two_person_audit(custom) -> dict | None:
    """Audit data for a two-person transition allowed now, or None when it must be refused."""
    key = custom.get("two_person")
    if not key:
        return {}
    for action, audit in reversed(_approved.get()):
        if action == key:
            return audit
    from core.approvals import rule_for

    setting = rule_for(key)
    if setting.required:
        return None
    return {"two_person": "off", "two_person_off_reason": setting.reason}


class TransitionRefused(Exception):
    """The data does not allow this move now (deadline passed, documents missing, …)."""

    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        super().__init__("；".join(reasons))


@dataclass(frozen=True)
class TransitionInfo:
    name: str
    label: str
    source: str
    target: str
    needs_reason: bool
    # The two-person action this move belongs to when it needs an approver now: the button then
    # proposes it (`core.approvals`) instead of performing it.
    proposal_of: str = ""


class UnknownTransition(Http404, ValueError):
    """`name` is no transition of the model: a URL naming one answers 404, not a server error."""


def _fsm_transition(instance, name):
    method = getattr(type(instance), name, None)
    meta = getattr(method, "_django_fsm", None)
    if meta is None:
        raise UnknownTransition(f"{type(instance).__name__}.{name} is not a transition")
    state = getattr(instance, meta.field.attname)
    return getattr(instance, name), meta.get_transition(state), meta


def permission_decision(instance, name, user) -> tuple[bool, str]:
    """(allowed, reason) for `user` performing transition `name` on `instance` now."""
    _bound, fsm_transition, _meta = _fsm_transition(instance, name)
    if fsm_transition is None:
        return (False, _("当前状态下不能执行此操作"))
    # A department's records are acted on by that department's people only (core.scoping).
    in_department, why = department_decision(instance, user)
    if not in_department:
        return (False, why)
    permission = fsm_transition.permission
    if permission is None:
        return (True, "")
    if hasattr(permission, "check"):
        return permission.check(instance, user)
    if callable(permission):
        return (bool(permission(instance, user)), _("您没有执行此操作的权限"))
    allowed = user.has_perm(permission)
    return (allowed, "" if allowed else _("您没有执行此操作的权限"))


def unmet_conditions(instance, name) -> list[str]:
    _bound, fsm_transition, _meta = _fsm_transition(instance, name)
    if fsm_transition is None:
        return [_("当前状态下不能执行此操作")]
    return [
        str(getattr(cond, "refusal", _("条件未满足")))
        for cond in fsm_transition.conditions
        if not cond(instance)
    ]


def fsm_field(model) -> FSMFieldMixin:
    """The model's life cycle: its FSM field named `state`, else its first FSM field. A second
    machine on the same model (a report's generation job) is driven by its own code, not by the
    generic buttons and admin pages."""
    fields = [f for f in model._meta.concrete_fields if isinstance(f, FSMFieldMixin)]
    return next((f for f in fields if f.name == "state"), fields[0])


def available_transitions(instance, user) -> list[TransitionInfo]:
    """Transitions `user` may perform on `instance` now (conditions met), for buttons and menus."""
    result = []
    for t in get_available_FIELD_transitions(instance, fsm_field(type(instance))):
        if permission_decision(instance, t.name, user)[0]:
            proposal_of = ""
            if _two_person_audit(t.custom) is None:
                from core.approvals import proposable_here

                # A move that is part of a larger action (an application's 拟资助 within the
                # call's decision) is proposed where that action is, not from this button.
                if not proposable_here(instance, t.custom["two_person"], t.name):
                    continue
                proposal_of = t.custom["two_person"]
            result.append(
                TransitionInfo(
                    name=t.name,
                    label=str(t.custom.get("label", t.name)),
                    source=t.source,
                    target=t.target,
                    needs_reason=bool(t.custom.get("needs_reason", False)),
                    proposal_of=proposal_of,
                )
            )
    return result


def without_nul(text) -> str:
    """Free text read from a request without a form: NUL cannot be typed, and PostgreSQL stores
    it neither in text nor in JSON (a server error), so it is dropped."""
    return (text or "").replace("\x00", "")


def perform_transition(instance, name: str, *, by, reason: str = "", data: dict | None = None):
    """Move `instance` through transition `name` on behalf of `by`.

    Side effects: row lock; state saved; audit entry (who, when, from, to, reason); the model's
    `after_transition(name, by=, reason=)` hook runs inside the transaction (it may queue mail with
    `transaction.on_commit`); the URLs showing the record are purged from a proxy in front after
    commit (`core.public_cache.registry`). Nothing slow runs here: rendering a PDF raises
    SlowWorkInsideTransition; hooks queue such work with `transaction.on_commit` or a task.
    Raises PermissionDenied or TransitionRefused; nothing is written then.
    Returns the fresh, locked-and-saved instance.
    """
    model = type(instance)
    with transaction.atomic(), _transition_running():
        locked = model._default_manager.select_for_update().get(pk=instance.pk)
        bound, fsm_transition, meta = _fsm_transition(locked, name)
        if fsm_transition is None:
            raise TransitionRefused([_("当前状态下不能执行此操作")])
        allowed, why = permission_decision(locked, name, by)
        if not allowed:
            raise PermissionDenied(why or _("您没有执行此操作的权限"))
        custom = fsm_transition.custom or {}
        approval_audit = _two_person_audit(custom)
        if approval_audit is None:
            raise PermissionDenied(_("此操作须经审核人批准"))
        reason = without_nul(reason).strip()
        if custom.get("needs_reason") and not reason:
            raise TransitionRefused([_("请填写原因")])
        problems = unmet_conditions(locked, name)
        if problems or not can_proceed(bound):
            raise TransitionRefused(problems or [_("条件未满足")])
        field = meta.field
        old = getattr(locked, field.attname)
        bound(by=by, reason=reason)
        locked.save()
        new = getattr(locked, field.attname)
        log_transition(
            locked,
            field=field,
            name=name,
            label=custom.get("label", name),
            old=old,
            new=new,
            user=by,
            reason=reason,
            data={**approval_audit, **(data or {})},
        )
        hook = getattr(locked, "after_transition", None)
        if hook:
            hook(name, by=by, reason=reason)
        # A proxy in front keeps pages by URL: purge the ones showing this record, after commit.
        public_cache_registry.record_changed(locked)
    return locked
