"""The read-only JSON API at /api/v1/, described by its OpenAPI document (/api/v1/openapi.json);
/api/v1/ itself is the document rendered for people."""

from django.urls import path

from opendata.api import views
from opendata.api.api import api

app_name = "opendata_api"

# django-ninja's patterns flat in this namespace ("opendata_api:calls" …); its own root page is
# replaced by ours, under the name its OpenAPI view reverses to find the API's prefix.
urlpatterns = [
    *(p for p in api.urls[0] if p.name != "api-root"),
    path("", views.docs, name="api-root"),
]
