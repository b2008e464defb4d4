"""The evaluator portal: access, scores with basis, narrative, evidence, field work, submit."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reports.actions import assign_evaluators
from reports.models import EvaluationState
from tests.hostile_files import make_image
from tests.reports.conftest import commission

pytestmark = pytest.mark.django_db

PNG = make_image("PNG")


@pytest.fixture
def started(project, midterm_scheme, agency, staff, agency_admin, agency_evaluator):
    from core.workflow import perform_transition

    evaluation = commission(project, midterm_scheme, agency, staff)
    assign_evaluators(evaluation, [agency_evaluator], by=agency_admin)
    return perform_transition(evaluation, "start", by=agency_evaluator)


def test_list_shows_only_own_assignments(
    client, started, agency_evaluator, evaluator, expert, django_assert_max_num_queries
):
    client.force_login(agency_evaluator)
    with django_assert_max_num_queries(15):
        response = client.get("/portal/evaluations/")
    assert "长者关爱计划" in response.content.decode()
    client.force_login(expert)
    assert "长者关爱计划" not in client.get("/portal/evaluations/").content.decode()


@pytest.mark.parametrize("persona", ["owner", "outsider", "expert"])
def test_others_cannot_open_evaluation(request, client, started, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(f"/portal/evaluations/{started.pk}/")
    assert response.status_code == 403
    assert "您不是该评估任务的评估人员" in response.content.decode()


def test_agency_admin_assigns_evaluators(
    client, project, midterm_scheme, agency, staff, agency_admin, agency_evaluator
):
    evaluation = commission(project, midterm_scheme, agency, staff)
    client.force_login(agency_admin)
    response = client.post(
        f"/portal/evaluations/{evaluation.pk}/assign/", {"evaluators": [agency_evaluator.pk]}
    )
    assert response.status_code == 302
    assert list(evaluation.evaluators.all()) == [agency_evaluator]
    client.force_login(agency_evaluator)
    response = client.post(
        f"/portal/evaluations/{evaluation.pk}/assign/", {"evaluators": [agency_evaluator.pk]}
    )
    assert response.status_code == 403


def test_scores_saved_with_basis_and_computed_not_typed(client, started, agency_evaluator):
    indicators = {i.code: i for i in started.scheme.indicators.all()}
    client.force_login(agency_evaluator)
    page = client.get(f"/portal/evaluations/{started.pk}/scores/").content.decode()
    assert "资金到位率为50.00%" in page  # computed from the paid tranche
    first = indicators["1.1"]
    response = client.post(
        f"/portal/evaluations/{started.pk}/scores/",
        {f"value_{first.pk}": "20", f"basis_{first.pk}": "", f"value_{indicators['3.1'].pk}": "5"},
    )
    assert "请填写评分依据" in response.content.decode()
    response = client.post(
        f"/portal/evaluations/{started.pk}/scores/",
        {f"value_{first.pk}": "26", f"basis_{first.pk}": "超出"},
    )
    assert response.status_code == 200 and not started.scores.filter(indicator=first).exists()
    response = client.post(
        f"/portal/evaluations/{started.pk}/scores/",
        {
            f"value_{first.pk}": "20",
            f"basis_{first.pk}": "活动记录齐全",
            f"value_{indicators['3.1'].pk}": "5",
        },
    )
    assert response.status_code == 302
    assert started.scores.get(indicator=first).value == Decimal("20.00")
    # The computed indicator kept its computed value, not the typed 5.
    assert started.scores.get(indicator=indicators["3.1"]).value == Decimal("2.50")
    started.refresh_from_db()
    assert started.total_score == Decimal("22.50")


def test_evidence_upload_private_and_download_checked(client, started, agency_evaluator, outsider):
    client.force_login(agency_evaluator)
    response = client.post(
        f"/portal/evaluations/{started.pk}/evidence/",
        {
            "title": "活动照片",
            "file": SimpleUploadedFile("photo.png", PNG, content_type="image/png"),
        },
    )
    assert response.status_code == 302
    evidence = started.evidence.get()
    assert evidence.title == "活动照片"
    response = client.get(f"/portal/evaluations/{started.pk}/evidence/{evidence.pk}/")
    assert (
        response.status_code == 200
        and b"".join(response.streaming_content) == evidence.file.open("rb").read()
    )
    bad = client.post(
        f"/portal/evaluations/{started.pk}/evidence/",
        {
            "title": "脚本",
            "file": SimpleUploadedFile("x.svg", b"<svg/>", content_type="image/svg+xml"),
        },
        follow=True,
    )
    assert started.evidence.count() == 1
    assert "SVG" in bad.content.decode()
    client.force_login(outsider)
    assert (
        client.get(f"/portal/evaluations/{started.pk}/evidence/{evidence.pk}/").status_code == 403
    )


def test_narrative_and_field_visit_then_submit_is_refused_until_scored(
    client, started, agency_evaluator
):
    client.force_login(agency_evaluator)
    response = client.post(
        f"/portal/evaluations/{started.pk}/activities/",
        {
            "kind": "site_visit",
            "held_on": "2026-11-20",
            "place": "社区活动室",
            "participants": "",
            "summary": "查看活动现场",
        },
    )
    assert started.activities.get().summary == "查看活动现场"
    response = client.post(f"/portal/evaluations/{started.pk}/narrative/", {"overview": "项目概况"})
    assert response.status_code == 302
    started.refresh_from_db()
    assert started.overview == "项目概况"
    response = client.post(f"/portal/evaluations/{started.pk}/transition/submit/", follow=True)
    content = response.content.decode()
    assert "还有指标未评分或未填写评分依据" in content
    started.refresh_from_db()
    assert started.state == EvaluationState.IN_PROGRESS


def test_survey_codes_page_for_evaluators_not_the_evaluated_organization(
    client, started, agency_evaluator, owner, outsider
):
    client.force_login(agency_evaluator)
    response = client.get(f"/portal/evaluations/{started.pk}/survey/")
    assert f"/evaluations/survey/{started.survey.token}/" in response.content.decode()
    detail = client.get(f"/portal/evaluations/{started.pk}/").content.decode()
    assert f"/portal/evaluations/{started.pk}/survey/" in detail
    for persona in (owner, outsider):
        client.force_login(persona)
        assert client.get(f"/portal/evaluations/{started.pk}/survey/").status_code == 403


def test_offline_survey_results_join_the_online_answers(client, started, agency_evaluator, owner):
    from core.audit import history
    from reports.models import SurveyResponse
    from reports.scoring import satisfaction_rate
    from reports.surveys import generate_codes

    code = generate_codes(started.survey, count=1, by=agency_evaluator)[0]
    SurveyResponse.objects.create(survey=started.survey, code=code, answers={}, score=Decimal("60"))
    url = f"/portal/evaluations/{started.pk}/survey/offline/"
    paper = {"method": "paper", "held_on": "2026-11-20", "respondents": "3", "mean_score": "80"}
    client.force_login(owner)  # the evaluated organization may not type its own satisfaction
    assert client.post(url, paper).status_code == 403
    client.force_login(agency_evaluator)
    client.post(url, {**paper, "mean_score": "120"})  # refused: above 100
    assert not started.offline_surveys.exists()
    client.post(url, paper)
    # one online answer of 60 and three paper answers averaging 80: (60 + 240) / 4
    assert satisfaction_rate(started) == Decimal("75.00")
    page = client.get(f"/portal/evaluations/{started.pk}/").content.decode()
    assert "纸质问卷" in page and "75.00" in page
    assert history(started).first().data["respondents"] == 3
