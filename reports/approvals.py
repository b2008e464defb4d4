"""Accepting an evaluation result and publishing a performance report are two-person actions
(经办/审核, `core.approvals`): the admin button of each transition proposes it, an approver's
approval performs the transition."""

from django.utils.translation import gettext_lazy as _

from core.approvals import register, transition_action


def register_actions():
    register(
        transition_action(
            "accept_evaluation", _("审定评估结果"), "reports.Evaluation", "accept", order=50
        )
    )
    register(
        transition_action(
            "publish_report",
            _("公开绩效评价报告"),
            "reports.PerformanceReport",
            "publish",
            order=60,
        )
    )
