"""Public open-data pages: /open-data/ (bulk files and their licence)."""

app_name = "opendata"

urlpatterns: list = []
