"""Moderation: one person submits a page, another approves it (四眼原则)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask


class FourEyesApprovalTask(AbstractGroupApprovalTask):
    """Approval by a member of the chosen groups other than the person who submitted."""

    @staticmethod
    def _submitted_by(obj, user) -> bool:
        state = obj.current_workflow_state
        return state is not None and state.requested_by_id == user.pk

    def get_actions(self, obj, user):
        if self._submitted_by(obj, user):
            return []
        return super().get_actions(obj, user)

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve" and task_state.workflow_state.requested_by_id == user.pk:
            raise PermissionDenied(_("提交人不能审核通过自己提交的内容。"))
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        return states.exclude(workflow_state__requested_by=user)

    @classmethod
    def get_description(cls):
        return _("所选用户组的成员审核；提交人不能审核自己提交的内容。")

    class Meta:
        verbose_name = _("双人审核任务")
        verbose_name_plural = _("双人审核任务")
