"""Public incubation addresses (/incubation/): redirect to the cms pages, or show the facts."""

from django.urls import path

from orgs.views import incubation_public as views

app_name = "incubation_public"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.base_detail, name="base"),
]
