"""The portal (/portal/): one namespace, each app contributing its own patterns."""

from django.urls import include, path

app_name = "portal"

urlpatterns = [
    path("", include("orgs.urls.portal")),
    path("", include("grants.urls.portal")),
    path("", include("review.urls.portal")),
    path("", include("needs.urls.portal")),
    path("", include("projects.urls.portal")),
    path("", include("reports.urls.portal")),
    path("", include("core.inbox_urls")),
]
