from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
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


# --- Two-person approvals (core.approvals) ----------------------------------------------------


@hooks.register("register_admin_urls")
def approval_urls():
    from core import approval_views

    return [
        path("approvals/", approval_views.ApprovalListView.as_view(), name="approvals"),
        path("approvals/<int:pk>/", approval_views.ApprovalView.as_view(), name="approval"),
        path(
            "approvals/rules/",
            approval_views.TwoPersonRulesView.as_view(),
            name="two_person_rules",
        ),
    ]


class ApprovalsMenuItem(MenuItem):
    def is_shown(self, request):
        from core.permissions import can_view_approvals

        return can_view_approvals(None, request.user)[0]


@hooks.register("register_admin_menu_item")
def approvals_menu_item():
    return ApprovalsMenuItem(_("待审核"), reverse("approvals"), icon_name="tasks", order=220)


# --- Messages in the platform (站内信, core.inbox) ----------------------------------------------


@hooks.register("register_admin_urls")
def inbox_urls():
    from core import inbox_admin

    return [
        path("messages/", inbox_admin.InboxListView.as_view(), name="inbox"),
        path("messages/read-all/", inbox_admin.InboxReadAllView.as_view(), name="inbox_read_all"),
        path("messages/<int:pk>/", inbox_admin.InboxMessageView.as_view(), name="inbox_message"),
    ]


@hooks.register("register_admin_menu_item")
def inbox_menu_item():
    from core.inbox_admin import TITLE, InboxMenuItem

    return InboxMenuItem(TITLE, reverse("inbox"), name="inbox", icon_name="mail", order=210)


# --- Yearly holiday arrangements (core.workdays) ------------------------------------------------


@hooks.register("register_admin_viewset")
def holiday_arrangements_viewset():
    from core.holiday_admin import HolidayArrangementViewSet

    return HolidayArrangementViewSet()


# --- The to-do home (core.todo) -----------------------------------------------------------------


@hooks.register("construct_homepage_panels")
def todo_home_panels(request, panels):
    from core.todo_home import home_panels

    home_panels(request, panels)
