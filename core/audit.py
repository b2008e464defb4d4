"""The single append-only audit trail: Wagtail's log entries, for pages and domain objects alike.

Staff already read page history in the Wagtail admin; domain objects write to the same store
(`ModelLogEntry`) so one history view serves both.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

TRANSITION = "gongyi.transition"
EVENT = "gongyi.event"
OVERRIDE = "gongyi.override"

ACTIONS = {
    TRANSITION: (_("状态变更"), _("状态变更")),
    EVENT: (_("业务记录"), _("业务记录")),
    OVERRIDE: (_("人工核准"), _("人工核准")),
}


def _label(model, state, field=None):
    if field is None:
        field = next((f for f in model._meta.concrete_fields if f.attname == "state"), None)
    choices = dict(field.flatchoices) if field is not None else {}
    return str(choices.get(state, state))


def log_transition(instance, *, name, label, old, new, user, reason="", data=None, field=None):
    """`field`: the FSM field that moved (default: the one named `state`)."""
    model = type(instance)
    entry = {
        "transition": name,
        "label": str(label),
        "from": old,
        "to": new,
        "from_label": _label(model, old, field),
        "to_label": _label(model, new, field),
        "reason": reason,
        **(data or {}),
    }
    return log(instance, TRANSITION, user=user, data=entry)


def log_event(instance, *, action=EVENT, user, summary, **data):
    """Record a non-transition business event (upload, score submitted, override, …)."""
    return log(instance, action, user=user, data={"summary": str(summary), **data})


def history(instance):
    from wagtail.log_actions import registry

    return registry.get_logs_for_instance(instance).select_related("user").order_by("-timestamp")
