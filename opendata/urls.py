"""Public open-data pages: /open-data/ (bulk files and their licence)."""

from django.urls import path

from opendata import views

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/<str:filename>", views.download, name="file"),
]
