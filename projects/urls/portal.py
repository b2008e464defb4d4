from django.urls import path

from projects.views import portal

urlpatterns = [
    path("projects/", portal.project_list, name="project_list"),
    path("projects/<int:pk>/", portal.project_detail, name="project_detail"),
    path(
        "projects/<int:pk>/budget-adjustment/",
        portal.budget_adjustment,
        name="project_budget_adjustment",
    ),
    path("projects/<int:pk>/agreement.pdf", portal.agreement_pdf, name="project_agreement_pdf"),
    path(
        "projects/<int:pk>/agreement/upload/",
        portal.agreement_upload,
        name="project_agreement_upload",
    ),
    path(
        "projects/<int:pk>/agreement/signed/", portal.agreement_scan, name="project_agreement_scan"
    ),
    path("projects/<int:pk>/reports/<int:report_pk>/", portal.report_detail, name="project_report"),
    path(
        "projects/<int:pk>/reports/<int:report_pk>/submit/",
        portal.report_submit,
        name="project_report_submit",
    ),
    path(
        "projects/<int:pk>/reports/<int:report_pk>/photos/",
        portal.photo_upload,
        name="project_photo_upload",
    ),
    path("projects/<int:pk>/photos/<int:photo_pk>/", portal.photo, name="project_photo"),
    path("projects/<int:pk>/changes/new/", portal.change_new, name="project_change_new"),
    path(
        "projects/<int:pk>/changes/<int:change_pk>/withdraw/",
        portal.change_withdraw,
        name="project_change_withdraw",
    ),
]
