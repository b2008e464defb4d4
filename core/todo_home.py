"""The to-do home in the Wagtail admin: each `core.todo` panel the user may see, as a dashboard
component, in place of Wagtail's default panels (`core.wagtail_hooks`)."""

from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import TaskState

from core import todo


class TodoPanelComponent(Component):
    template_name = "core/admin/todo_panel.html"

    def __init__(self, panel: todo.TodoPanel, order: int):
        self.panel = panel
        self.order = order

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        return {
            "filled": todo.fill(self.panel, request.user, today=timezone.localdate()),
            "request": request,
        }


def moderates(user) -> bool:
    """Whether page revisions wait for `user` to moderate them (the public site's workflows)."""
    return TaskState.objects.reviewable_by(user).exists()


def home_panels(request, panels: list) -> None:
    """`construct_homepage_panels`: the user's to-do panels, and Wagtail's "awaiting your review"
    only for a moderator; Wagtail's other panels (recent edits, locked pages) go."""
    keep = [p for p in panels if isinstance(p, WorkflowObjectsToModeratePanel)]
    panels[:] = [
        TodoPanelComponent(panel, order=index)
        for index, panel in enumerate(todo.panels_for(request.user))
    ]
    if keep and moderates(request.user):
        panels.extend(keep)
