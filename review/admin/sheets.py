"""The score sheets of one application (评分表), opened from its row of the 评审工作台 ranking.

Each submitted sheet carries its own small form to send it back to the expert (退回重新评分),
posted to the workbench's `reopen` action, which goes through the one transition door (permission,
audit entry); a department above the call's only reads the sheets. Listing the sheets of one
application on demand keeps the workbench small: it used to carry every submitted sheet of the
call in one select (1.68 MB at 2,000 × 5)."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from grants.models import Application, ApplicationState, CallState
from review.admin.workbench import StaffMixin
from review.models import AssignmentState, ReviewAssignment


class ApplicationSheetsView(StaffMixin, TemplateView):
    template_name = "review/admin/application_sheets.html"

    @property
    def application(self):
        if not hasattr(self, "_application"):
            self._application = get_object_or_404(
                Application.objects.select_related("organization"),
                pk=self.kwargs["application_pk"],
                call=self.call,
            )
        return self._application

    def get_page_title(self):
        return _("评分表：%(project)s") % {"project": self.application.project_name}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("review_calls"), "label": _("评审工作台")},
            {"url": reverse("review_call", args=[self.call.pk]), "label": str(self.call)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            call=self.call,
            application=self.application,
            sheets=ReviewAssignment.objects.filter(application=self.application)
            .select_related("expert__user")
            .order_by("pk"),
            submitted=AssignmentState.SUBMITTED,
            # `review_open`, the condition of the reopen transition: the door checks it again.
            reopens=context["acts"]
            and self.application.state == ApplicationState.REVIEWING
            and self.call.state == CallState.REVIEWING,
        )
        return context
