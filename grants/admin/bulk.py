"""Batch screening: start / pass / return / fail many applications with one shared reason.

Wagtail bulk actions (checkboxes on the 申报书 listing, `/admin/bulk/grants/application/<name>/`).
Each selected application goes through `core.workflow.perform_transition` on its own, in its own
transaction: one that may not move (wrong state, missing reason, …) is reported with the refusal
and left exactly as it was, while the others move, are audited and notify their organizations.
That is why `form_valid` does not use Wagtail's single wrapping transaction (nor its
`before_bulk_action` / `after_bulk_action` hooks, which nothing in the platform registers).
The outcome is a page listing each application: moved (new state) or not (the refusal).

Departments (`core.scoping`): only applications to calls of the user's own departments are moved.
Those of a department below, which the user only reads, are listed apart and reported as not
done with the reason; another department's ids are dropped like unknown ones (not disclosed).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.bulk_action import BulkAction

from core.admin import TransitionForm, describe_transition, state_label
from core.choices import row_id
from core.scoping import OTHER_DEPARTMENT, department_decision
from core.workflow import TransitionRefused, perform_transition
from grants.admin.filters import ApplicationFilterSet
from grants.models import Application
from orgs.roles import is_programme_staff


def _needs_reason(name) -> bool:
    meta = getattr(Application, name)._django_fsm
    return any((t.custom or {}).get("needs_reason") for t in meta.transitions.values())


class ScreeningBulkAction(BulkAction):
    """One screening transition applied to each selected application."""

    transition = ""
    models = [Application]
    template_name = "grants/admin/bulk_transition.html"
    result_template_name = "grants/admin/bulk_result.html"
    form_class = TransitionForm
    action_priority = 100

    def dispatch(self, request, *args, **kwargs):
        if not is_programme_staff(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def get_queryset(cls, model, object_ids):
        ids = [i for i in map(row_id, object_ids) if i]
        return (
            Application.objects.exclude(state="draft")
            .filter(pk__in=ids)
            .select_related("call", "organization")
            .order_by("pk")
        )

    def get_actionable_objects(self):
        """(applications the user acts on, {"items_with_no_access": those only seen})."""
        object_ids = self.request.GET.getlist("id")
        if "all" in object_ids:
            object_ids = self.get_all_objects_in_listing_query(self.request.GET.get("childOf"))
        user = self.request.user
        acting, read_only = [], []
        for application in self.get_queryset(self.model, object_ids).for_user(user):
            allowed, _reason = department_decision(application, user)
            (acting if allowed else read_only).append(application)
        return acting, {"items_with_no_access": read_only}

    def get_all_objects_in_listing_query(self, parent_id):
        """ "Select all in listing": the listing's own filters and search, not every row."""
        queryset = ApplicationFilterSet(
            self.request.GET,
            queryset=Application.objects.for_user(self.request.user).exclude(state="draft"),
            request=self.request,
        ).qs
        query = self.request.GET.get("q", "").strip()
        if query:
            queryset = queryset.filter(
                Q(project_name__icontains=query) | Q(organization__name__icontains=query)
            )
        return queryset.values_list("pk", flat=True)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "needs_reason": _needs_reason(self.transition)}

    def object_context(self, application):
        info = describe_transition(application, self.transition)
        return {
            "item": application,
            "state": application.get_state_display(),
            "applies": info is not None,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            label=self.display_name,
            needs_reason=_needs_reason(self.transition),
            header_icon="resubmit",
            read_only_reason=OTHER_DEPARTMENT,
        )
        return context

    def form_valid(self, form):
        objects, without_access = self.get_actionable_objects()
        reason = form.cleaned_data.get("reason", "")
        results = [self.move(application, reason) for application in objects]
        results += [
            {
                "application": application,
                "ok": False,
                "before": application.get_state_display(),
                "message": str(OTHER_DEPARTMENT),
            }
            for application in without_access["items_with_no_access"]
        ]
        context = {
            "label": self.display_name,
            "results": results,
            "moved": sum(1 for r in results if r["ok"]),
            "refused": sum(1 for r in results if not r["ok"]),
            "next": self.next_url,
            "header_icon": "resubmit",
        }
        return TemplateResponse(self.request, self.result_template_name, context)

    def move(self, application, reason) -> dict:
        before = application.get_state_display()
        try:
            moved = perform_transition(
                application, self.transition, by=self.request.user, reason=reason
            )
        except PermissionDenied as refused:
            return {
                "application": application,
                "ok": False,
                "before": before,
                "message": str(refused),
            }
        except TransitionRefused as refused:
            message = "；".join(str(r) for r in refused.reasons)
            if describe_transition(application, self.transition) is None:
                message = _("当前状态（%(state)s）下不能执行“%(label)s”") % {
                    "state": before,
                    "label": self.display_name,
                }
            return {"application": application, "ok": False, "before": before, "message": message}
        return {
            "application": moved,
            "ok": True,
            "before": before,
            "message": state_label(Application, moved.state),
        }


class StartScreeningBulkAction(ScreeningBulkAction):
    transition = action_type = "start_screening"
    display_name = gettext_lazy("开始形式审查")
    aria_label = gettext_lazy("对所选申报书开始形式审查")
    action_priority = 10


class PassScreeningBulkAction(ScreeningBulkAction):
    transition = action_type = "pass_screening"
    display_name = gettext_lazy("审查通过")
    aria_label = gettext_lazy("所选申报书审查通过")
    action_priority = 20


class ReturnBulkAction(ScreeningBulkAction):
    transition = action_type = "return_for_completion"
    display_name = gettext_lazy("退回补正")
    aria_label = gettext_lazy("退回所选申报书补正")
    action_priority = 30


class FailScreeningBulkAction(ScreeningBulkAction):
    transition = action_type = "fail_screening"
    display_name = gettext_lazy("审查不通过")
    aria_label = gettext_lazy("所选申报书审查不通过")
    action_priority = 40
    classes = {"serious"}


BULK_ACTIONS = [
    StartScreeningBulkAction,
    PassScreeningBulkAction,
    ReturnBulkAction,
    FailScreeningBulkAction,
]
