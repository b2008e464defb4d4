"""One-way moves ask before they happen.

A transition that cannot be undone (withdrawing an application, paying a tranche, publishing a
report, closing a project …) declares what will happen in `custom={"confirm": _("…")}`; a test
requires it of every transition whose target state is final (`tests/core/test_confirm.py`).

* Back office: `core.admin.TransitionView` is itself the confirmation page (GET shows the change,
  "将会发生：…" and the reason field; its POST performs).
* Portal: transition buttons post to views that call `confirm_first` before the one door. The
  first POST (the button) answers with the confirmation page (`core/confirm_transition.html`:
  what will happen, the reason field, "确认…" and "取消") and changes nothing; only a POST carrying
  `confirmed=1` goes on to `perform_transition`. No JavaScript is needed.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from core.workflow import fsm_field, permission_decision

CONFIRMED = "confirmed"
# Fields of the first POST that the confirmation page does not carry over.
_NOT_CARRIED = {"csrfmiddlewaretoken", CONFIRMED, "reason"}


def _transition(instance, name):
    meta = getattr(getattr(type(instance), name, None), "_django_fsm", None)
    if meta is None:
        return None
    return meta.get_transition(getattr(instance, meta.field.attname))


def confirm_text(instance, name) -> str:
    """What transition `name` of `instance` will do, as declared in `custom["confirm"]` for the
    current state ("" when it needs no confirmation or does not apply now)."""
    transition = _transition(instance, name)
    if transition is None:
        return ""
    return str((transition.custom or {}).get("confirm") or "")


def confirm_first(request, instance, name, *, cancel_url, action_url=None):
    """None when the move may go ahead now; else the confirmation page to answer with.

    Raises PermissionDenied (with the rule's reason) when the user may not perform the move, so
    no one is asked to confirm what they cannot do. A move without a confirmation text, or a POST
    carrying `confirmed=1`, goes ahead (the door still checks everything)."""
    text = confirm_text(instance, name)
    if not text or (request.method == "POST" and request.POST.get(CONFIRMED) == "1"):
        return None
    allowed, why = permission_decision(instance, name, request.user)
    if not allowed:
        raise PermissionDenied(why)
    transition = _transition(instance, name)
    custom = transition.custom or {}
    states = dict(fsm_field(type(instance)).flatchoices)
    target = transition.target
    carried = [
        (key, value)
        for key in request.POST
        if key not in _NOT_CARRIED
        for value in request.POST.getlist(key)
    ]
    context = {
        "object": instance,
        "label": str(custom.get("label", name)),
        "confirm": text,
        "needs_reason": bool(custom.get("needs_reason")),
        "reason": request.POST.get("reason", ""),
        "source_label": str(states.get(getattr(instance, fsm_field(type(instance)).attname), "")),
        "target_label": str(states.get(target, "")) if isinstance(target, str) else "",
        "carried": carried,
        "action_url": action_url or request.path,
        "cancel_url": cancel_url,
    }
    return render(request, "core/confirm_transition.html", context)
