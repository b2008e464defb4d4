from django.urls import path

from needs.views import portal

urlpatterns = [
    path("needs/", portal.need_list, name="need_list"),
    path("needs/new/", portal.need_create, name="need_create"),
    path("needs/<int:pk>/", portal.need_detail, name="need_detail"),
    path("needs/<int:pk>/edit/", portal.need_edit, name="need_edit"),
    path("needs/<int:pk>/transition/<slug:name>/", portal.need_transition, name="need_transition"),
    path(
        "needs/<int:pk>/attachments/upload/",
        portal.attachment_upload,
        name="need_attachment_upload",
    ),
    path(
        "needs/<int:pk>/attachments/<int:attachment_pk>/",
        portal.attachment_download,
        name="need_attachment",
    ),
    path(
        "needs/<int:pk>/attachments/<int:attachment_pk>/delete/",
        portal.attachment_delete,
        name="need_attachment_delete",
    ),
    path("needs/<int:pk>/interest/", portal.interest, name="need_interest"),
    path(
        "needs/answers/<int:application_pk>/",
        portal.application_answers,
        name="need_answers",
    ),
]
