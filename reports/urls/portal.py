from django.urls import path

from reports.views import portal

urlpatterns = [
    path("evaluations/", portal.evaluation_list, name="evaluation_list"),
    path("evaluations/<int:pk>/", portal.evaluation_detail, name="evaluation_detail"),
    path("evaluations/<int:pk>/assign/", portal.evaluation_assign, name="evaluation_assign"),
    path("evaluations/<int:pk>/scores/", portal.evaluation_scores, name="evaluation_scores"),
    path(
        "evaluations/<int:pk>/narrative/", portal.evaluation_narrative, name="evaluation_narrative"
    ),
    path(
        "evaluations/<int:pk>/evidence/", portal.evidence_upload, name="evaluation_evidence_upload"
    ),
    path(
        "evaluations/<int:pk>/evidence/<int:evidence_pk>/",
        portal.evidence_download,
        name="evaluation_evidence_download",
    ),
    path("evaluations/<int:pk>/activities/", portal.activity_add, name="evaluation_activity_add"),
    path(
        "evaluations/<int:pk>/transition/<slug:name>/",
        portal.evaluation_transition,
        name="evaluation_transition",
    ),
    path("evaluations/<int:pk>/survey/", portal.survey_link, name="evaluation_survey_link"),
    path(
        "evaluations/<int:pk>/survey/codes/",
        portal.survey_codes_generate,
        name="evaluation_survey_codes",
    ),
    path(
        "evaluations/<int:pk>/survey/codes/sheet/",
        portal.survey_sheet,
        name="evaluation_survey_sheet",
    ),
    path("evaluations/<int:pk>/survey/sms/", portal.survey_codes_sms, name="evaluation_survey_sms"),
    path(
        "evaluations/<int:pk>/survey/offline/",
        portal.offline_survey_add,
        name="evaluation_offline_survey_add",
    ),
]
