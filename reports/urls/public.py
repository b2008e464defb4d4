from django.urls import path

from reports.views import public

app_name = "evaluations_public"

urlpatterns = [
    path("", public.index, name="index"),
    path("calls/<int:pk>/", public.call_results_page, name="call"),
    path("calls/<int:pk>/results.xlsx", public.call_results_xlsx, name="call_xlsx"),
    path("reports/<int:pk>/public.pdf", public.report_pdf, name="report_pdf"),
    path("lottery/<int:year>/", public.lottery, name="lottery"),
    path("figures/", public.figures_page, name="figures"),
    path("survey/<str:token>/", public.survey, name="survey"),
    path("survey/<str:token>/thanks/", public.survey_thanks, name="survey_thanks"),
]
