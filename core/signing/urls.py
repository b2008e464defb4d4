from django.urls import path

from core.signing import views

app_name = "verify"

urlpatterns = [path("", views.verify_document, name="document")]
