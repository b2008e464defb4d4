from wagtail import hooks
from wagtail.log_actions import LogFormatter

from core.audit import ACTIONS, EVENT, OVERRIDE, TRANSITION


class TransitionFormatter(LogFormatter):
    label = ACTIONS[TRANSITION][0]

    def format_message(self, log_entry):
        d = log_entry.data or {}
        return f"{d.get('label', '')}：{d.get('from_label', '')} → {d.get('to_label', '')}"

    def format_comment(self, log_entry):
        return (log_entry.data or {}).get("reason", "")


class EventFormatter(LogFormatter):
    """Business events show their own summary (e.g. "上传材料：章程") in Wagtail's history views."""

    def format_message(self, log_entry):
        return (log_entry.data or {}).get("summary") or str(self.label)

    def format_comment(self, log_entry):
        return (log_entry.data or {}).get("reason", "")


@hooks.register("register_log_actions")
def register_core_actions(actions):
    actions.register_action(TRANSITION)(TransitionFormatter)
    for action in (EVENT, OVERRIDE):
        formatter = type(f"{action}Formatter", (EventFormatter,), {"label": ACTIONS[action][0]})
        actions.register_action(action)(formatter)
