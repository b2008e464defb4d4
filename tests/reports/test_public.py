"""Public side: the anonymous survey, published results with the public PDF, open data."""

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from core.workflow import perform_transition
from reports.models import CallEvaluationSettings, SurveyResponse
from reports.scoring import refresh_computed
from reports.surveys import FAILURE_LIMIT, generate_codes
from tests.reports.test_report_pdf import accepted, generated  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

ANSWER = {"q1": "5", "q2": "4", "q3": "5", "q4": "4", "q5": "5", "comment": "很好"}


@pytest.fixture
def survey(project, midterm_scheme, agency, staff):
    from tests.reports.conftest import commission

    return commission(project, midterm_scheme, agency, staff).survey


def test_survey_answer_consumes_its_code(client, survey, staff):
    code = generate_codes(survey, count=1, by=staff)[0]
    url = f"/evaluations/survey/{survey.token}/"
    page = client.get(url, {"code": code.code.lower()}).content.decode()
    assert "本调查匿名" in page and "长者关爱计划" in page and f'value="{code.code}"' in page
    # Typed with a dash and in lower case, as read from the slip.
    typed = f"{code.code[:4]}-{code.code[4:]}".lower()
    response = client.post(url, {**ANSWER, "code": typed}, REMOTE_ADDR="10.0.0.1")
    assert response["Location"] == f"/evaluations/survey/{survey.token}/thanks/"
    answer = SurveyResponse.objects.get()
    assert answer.score == Decimal("92.00") and answer.code == code  # mean 4.6 of 5
    code.refresh_from_db()
    assert code.used_at is not None


def test_survey_requires_every_rating(client, survey, staff):
    code = generate_codes(survey, count=1, by=staff)[0]
    response = client.post(f"/evaluations/survey/{survey.token}/", {"q1": "5", "code": code.code})
    assert response.status_code == 200
    assert response.content.decode().count('class="errors" role="alert"') == 4
    assert not SurveyResponse.objects.exists()
    code.refresh_from_db()
    assert code.used_at is None


def test_unknown_code_says_so_and_guessing_is_limited_per_ip(client, survey, staff):
    code = generate_codes(survey, count=1, by=staff)[0]
    url = f"/evaluations/survey/{survey.token}/"
    response = client.post(url, {**ANSWER, "code": "ABCDEFGH"}, REMOTE_ADDR="10.0.0.7")
    assert "调查码不正确" in response.content.decode()
    for _i in range(FAILURE_LIMIT - 1):
        client.post(url, {**ANSWER, "code": "ABCDEFGH"}, REMOTE_ADDR="10.0.0.7")
    # Even the right code is refused from that address now; another address is not affected.
    response = client.post(url, {**ANSWER, "code": code.code}, REMOTE_ADDR="10.0.0.7")
    assert "调查码错误次数过多" in response.content.decode()
    assert not SurveyResponse.objects.exists()
    client.post(url, {**ANSWER, "code": code.code}, REMOTE_ADDR="10.0.0.8")
    assert SurveyResponse.objects.count() == 1


def test_survey_results_fill_satisfaction_indicator(client, survey, staff):
    url = f"/evaluations/survey/{survey.token}/"
    first, second = generate_codes(survey, count=2, by=staff)
    client.post(url, {**ANSWER, "code": first.code})
    low = {**ANSWER, "q1": "1", "q2": "1", "q3": "1", "q4": "1", "q5": "1", "code": second.code}
    client.post(url, low)
    evaluation = survey.evaluation
    refresh_computed(evaluation)
    satisfaction = evaluation.scores.get(indicator__code="4.2")
    # mean of 92 and 20 = 56% of 10 points
    assert satisfaction.value == Decimal("5.60") and satisfaction.computed


def test_closed_survey_says_so(client, survey):
    survey.is_open = False
    survey.save()
    response = client.get(f"/evaluations/survey/{survey.token}/")
    assert response.status_code == 410 and "调查已结束" in response.content.decode()


def test_public_results_and_pdf_only_once_published(client, generated, staff):  # noqa: F811
    report = generated
    evaluation = report.evaluation
    call = evaluation.project.call
    assert client.get(f"/evaluations/calls/{call.pk}/").status_code == 404
    assert client.get(f"/evaluations/reports/{report.pk}/public.pdf").status_code == 404
    report = perform_transition(report, "review", by=staff)
    report = perform_transition(report, "publish", by=staff)
    perform_transition(evaluation, "publish", by=staff)
    page = client.get(f"/evaluations/calls/{call.pk}/").content.decode()
    assert "长者关爱计划" in page and "合格" in page and "74.50" in page
    assert f"/evaluations/reports/{report.pk}/public.pdf" in page
    pdf = client.get(f"/evaluations/reports/{report.pk}/public.pdf")
    body = b"".join(pdf.streaming_content)
    assert body == report.published_version.public_file.open("rb").read()
    assert body != report.published_version.private_file.open("rb").read()
    sheet = load_workbook(
        BytesIO(client.get(f"/evaluations/calls/{call.pk}/results.xlsx").content)
    ).active
    rows = list(sheet.values)
    assert rows[0][:6] == ("项目", "实施单位", "评估类型", "评估机构", "总分", "等级")
    assert rows[1][0] == "长者关爱计划" and rows[1][5] == "合格"
    assert f"/evaluations/calls/{call.pk}/" in client.get("/evaluations/").content.decode()


def test_lottery_disclosure_and_figures(client, project):
    call = project.call
    CallEvaluationSettings.objects.create(
        call=call,
        lottery_funded=True,
        lead_office="社会组织管理处",
        contact_office="慈善事业促进处",
        contact_phone="0755-12345678",
    )
    year = call.opens_at.year
    page = client.get(f"/evaluations/lottery/{year}/").content.decode()
    assert "长者关爱计划" in page and "社会组织管理处" in page
    assert "100,000.00" in page and "50,000.00" in page  # planned, paid (and left)
    sheet = load_workbook(
        BytesIO(client.get(f"/evaluations/lottery/{year}/?format=xlsx").content)
    ).active
    rows = list(sheet.values)
    assert rows[0][0] == "项目名称" and rows[1][0] == "长者关爱计划"
    assert rows[1][4:7] == (100000.0, 50000.0, 50000.0)
    figures = client.get(f"/evaluations/figures/?year={year}").content.decode()
    assert "<svg" in figures and "资助项目 1 个" in figures and "阳光社工服务中心" not in figures
    book = load_workbook(BytesIO(client.get("/evaluations/figures/?format=xlsx").content))
    assert book.sheetnames[:2] == ["按年度", "按服务领域"]


def test_staff_dashboard(client, staff, owner, project):
    client.force_login(staff)
    response = client.get("/admin/performance_reports/dashboard/")
    assert "资助项目 1 个" in response.content.decode()
    client.force_login(owner)
    assert client.get("/admin/performance_reports/dashboard/").status_code in (302, 403)
