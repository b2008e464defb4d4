"""Who reaches the reports viewsets: programme staff only.

Schemes are created and edited by staff until an evaluation uses them (then frozen: copy
instead). Evaluations and reports are written by the agencies in the portal; staff view them in
the admin and move them through transitions, whose own rules are checked again by the door.
"""

from wagtail.permission_policies import BasePermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

from orgs.admin.policies import ProgrammeStaffPolicy, programme_staff_users
from orgs.roles import is_programme_staff


class SchemePolicy(ProgrammeStaffPolicy):
    """Staff add, view and change schemes; a frozen scheme cannot be changed, nor one issued by
    another department (`can_change_scheme`)."""

    def user_has_permission_for_instance(self, user, action, instance):
        from reports.permissions import can_change_scheme

        if action == "change" and (instance.is_frozen or not can_change_scheme(instance, user)[0]):
            return False
        return self.user_has_permission(user, action)


class StaffViewPolicy(BasePermissionPolicy):
    """View only (and so transitions); nobody adds, edits or deletes in the admin."""

    actions = frozenset({"view"})

    def user_has_permission(self, user, action):
        return action in self.actions and is_programme_staff(user)

    def user_has_any_permission(self, user, actions):
        return bool(self.actions.intersection(actions)) and is_programme_staff(user)

    def users_with_any_permission(self, actions):
        if not self.actions.intersection(actions):
            return programme_staff_users().none()
        return programme_staff_users().distinct()


def register_reports_policies():
    from reports.models import (
        CallEvaluationSettings,
        Evaluation,
        EvaluationScheme,
        PerformanceReport,
    )

    for model, policy in (
        (EvaluationScheme, SchemePolicy),
        (Evaluation, StaffViewPolicy),
        (PerformanceReport, StaffViewPolicy),
        (CallEvaluationSettings, ProgrammeStaffPolicy),
    ):
        if policy_registry.get_by_type(model, fallback=False) is None:
            register_permission_policy(model, policy(model))
