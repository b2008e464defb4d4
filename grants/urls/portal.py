from django.urls import path

from grants.views import autosave, pdf, portal, receipts

urlpatterns = [
    path("calls/", portal.call_list, name="call_list"),
    path("calls/<int:pk>/", portal.call_detail, name="call_detail"),
    path("calls/<int:pk>/apply/", portal.application_start, name="application_start"),
    path("applications/", portal.application_list, name="application_list"),
    path("applications/<int:pk>/", portal.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", portal.application_edit, name="application_edit"),
    path("applications/<int:pk>/pdf/", pdf.application_pdf, name="application_pdf"),
    path(
        "applications/<int:pk>/receipts/<int:sequence>/",
        receipts.receipt_pdf,
        name="application_receipt",
    ),
    path(
        "applications/<int:pk>/autosave/",
        autosave.application_autosave,
        name="application_autosave",
    ),
    path(
        "applications/<int:pk>/transition/<slug:name>/",
        portal.application_transition,
        name="application_transition",
    ),
    path(
        "applications/<int:pk>/attachments/upload/",
        portal.attachment_upload,
        name="application_attachment_upload",
    ),
    path(
        "applications/<int:pk>/attachments/<int:attachment_pk>/",
        portal.attachment_download,
        name="application_attachment",
    ),
    path(
        "applications/<int:pk>/attachments/<int:attachment_pk>/delete/",
        portal.attachment_delete,
        name="application_attachment_delete",
    ),
]
