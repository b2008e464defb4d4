from django.urls import path

from core.regions import views

app_name = "regions"
urlpatterns = [
    path("children/", views.children, name="root"),
    path("<str:code>/children/", views.children, name="children"),
]
