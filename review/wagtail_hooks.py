"""专家评审 in the Wagtail admin (专家库, 评审工作台) and the 公示 section of the home page.

Who reaches them: programme staff (`orgs.roles.is_programme_staff`): the expert pool through the
staff permission policy registered first below, the workbench through its own `dispatch` check.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from review.admin.experts import register_review_policies

register_review_policies()

from orgs.roles import is_programme_staff  # noqa: E402
from review.admin import sheets, workbench  # noqa: E402
from review.admin.experts import ExpertViewSet  # noqa: E402
from review.home import publicity_section  # noqa: E402


@hooks.register("register_admin_viewset")
def register_expert_viewset():
    return ExpertViewSet()


@hooks.register("register_admin_urls")
def review_admin_urls():
    return [
        path("review/", workbench.CallListView.as_view(), name="review_calls"),
        path("review/calls/<int:pk>/", workbench.CallReviewView.as_view(), name="review_call"),
        path("review/calls/<int:pk>/plan/", workbench.PlanEditView.as_view(), name="review_plan"),
        path(
            "review/calls/<int:pk>/do/<slug:name>/",
            workbench.call_action,
            name="review_call_action",
        ),
        path(
            "review/calls/<int:pk>/applications/<int:application_pk>/sheets/",
            sheets.ApplicationSheetsView.as_view(),
            name="review_sheets",
        ),
        path(
            "review/calls/<int:pk>/objections/<int:objection_pk>/attachment/",
            workbench.objection_attachment,
            name="review_objection_attachment",
        ),
        path(
            "review/calls/<int:pk>/export/<str:kind>",
            workbench.export,
            name="review_export",
        ),
    ]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return is_programme_staff(request.user)


@hooks.register("register_admin_menu_item")
def review_menu_item():
    return StaffMenuItem(_("评审工作台"), reverse("review_calls"), icon_name="table", order=230)


@hooks.register("cms_home_section")
def publicity_on_home(request):
    return publicity_section(request)
