"""The read-only JSON API at /api/v1/, described by its OpenAPI document."""

app_name = "opendata_api"

urlpatterns: list = []
