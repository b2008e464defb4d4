from django.urls import path

from projects.views import public

app_name = "projects_public"

urlpatterns = [
    path("", public.directory, name="directory"),
    path("<int:pk>/", public.detail, name="detail"),
    path("photos/<int:pk>/", public.photo, name="photo"),
]
