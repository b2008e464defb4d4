from django.urls import path

from review.views import public

app_name = "review_public"

urlpatterns = [
    path("", public.publicity_index, name="index"),
    path("<int:pk>/", public.publicity_detail, name="publicity"),
    path("<int:pk>/result/", public.result_detail, name="result"),
    path("<int:pk>/versions/<int:version_pk>.pdf", public.version_pdf, name="version_pdf"),
]
