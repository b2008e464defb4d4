"""Public incubation pages (/incubation/): bases and outcomes, until cms gives them pages."""

from django.urls import path

from orgs.views import incubation_public as views

app_name = "incubation_public"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.base_detail, name="base"),
]
