"""Incubation in the portal namespace (/portal/incubation/…)."""

from django.urls import path

from orgs.views import incubation as views
from orgs.views import incubation_manage as manage

urlpatterns = [
    path("incubation/", views.home, name="incubation_home"),
    path("incubation/bases/<int:base_pk>/apply/", views.apply, name="incubation_apply"),
    path("incubation/bases/<int:base_pk>/", manage.base_dashboard, name="incubation_base"),
    path("incubation/<int:pk>/", views.detail, name="incubation_detail"),
    path("incubation/<int:pk>/edit/", views.edit, name="incubation_edit"),
    path(
        "incubation/<int:pk>/transition/<slug:name>/",
        views.transition,
        name="incubation_transition",
    ),
    path(
        "incubation/<int:pk>/documents/upload/",
        views.document_upload,
        name="incubation_document_upload",
    ),
    path(
        "incubation/<int:pk>/documents/<int:document_pk>/",
        views.document_download,
        name="incubation_document",
    ),
    path("incubation/<int:pk>/register/", views.link_registration, name="incubation_link"),
    path("incubation/<int:pk>/admit/", manage.admit, name="incubation_admit"),
    path("incubation/<int:pk>/extend/", manage.extend, name="incubation_extend"),
    path("incubation/<int:pk>/exit/", manage.exit_incubation, name="incubation_exit"),
    path("incubation/<int:pk>/assess/", manage.assess, name="incubation_assess"),
    path("incubation/<int:pk>/support/new/", manage.support_new, name="incubation_support_new"),
]
