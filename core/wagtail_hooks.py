from wagtail import hooks
from wagtail.log_actions import LogFormatter

from core.audit import ACTIONS, TRANSITION


@hooks.register("register_log_actions")
def register_core_actions(actions):
    for action, (label, message) in ACTIONS.items():
        if action == TRANSITION:
            continue
        actions.register_action(action, label, message)

    @actions.register_action(TRANSITION)
    class TransitionFormatter(LogFormatter):
        label = ACTIONS[TRANSITION][0]

        def format_message(self, log_entry):
            d = log_entry.data or {}
            return f"{d.get('label', '')}：{d.get('from_label', '')} → {d.get('to_label', '')}"

        def format_comment(self, log_entry):
            return (log_entry.data or {}).get("reason", "")
