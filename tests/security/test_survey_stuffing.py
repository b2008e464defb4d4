"""Satisfaction survey stuffing (issue 18, point 13): the evaluated organization answered its own
survey again and again by dropping the cookie, while real respondents behind one proxy were
refused. Now every answer consumes a single-use survey code handed out by the evaluators."""

import pytest
from django.core.cache import cache

from reports.models import SurveyResponse
from reports.scoring import satisfaction_rate
from reports.surveys import FAILURE_LIMIT, generate_codes
from tests.reports.conftest import agency, commission, midterm_scheme, project  # noqa: F401

pytestmark = pytest.mark.django_db

ANSWER = {"q1": "5", "q2": "5", "q3": "5", "q4": "5", "q5": "5", "comment": ""}


@pytest.fixture
def survey(project, midterm_scheme, agency, staff):  # noqa: F811
    cache.clear()
    return commission(project, midterm_scheme, agency, staff).survey


def _url(survey):
    return f"/evaluations/survey/{survey.token}/"


def test_evaluated_organization_member_refused_even_with_a_code(client, survey, staff, member):
    code = generate_codes(survey, count=1, by=staff)[0]
    client.force_login(member)  # any membership of the evaluated organization, not only admins
    page = client.get(_url(survey), {"code": code.code})
    assert page.status_code == 403 and "被评估项目单位的成员" in page.content.decode()
    response = client.post(_url(survey), {**ANSWER, "code": code.code})
    assert response.status_code == 403 and "不能填写本项目的满意度调查" in response.content.decode()
    code.refresh_from_db()
    assert code.used_at is None and not SurveyResponse.objects.exists()


def test_evaluated_organization_cannot_get_codes(client, survey, owner):
    evaluation = survey.evaluation
    client.force_login(owner)
    base = f"/portal/evaluations/{evaluation.pk}/survey/"
    assert client.get(base).status_code == 403
    assert client.get(f"{base}codes/sheet/").status_code == 403
    assert client.get(f"{base}codes/sheet/", {"format": "pdf"}).status_code == 403
    assert client.post(f"{base}codes/", {"count": "50"}).status_code == 403
    assert client.post(f"{base}sms/", {"phones": "13800138000"}).status_code == 403
    assert not survey.codes.exists()


def test_dropping_the_cookie_does_not_help(client, survey, staff):
    code = generate_codes(survey, count=1, by=staff)[0]
    client.post(_url(survey), {**ANSWER, "q1": "3", "code": code.code})
    first = satisfaction_rate(survey.evaluation)
    for _i in range(8):
        client.cookies.clear()
        again = client.post(_url(survey), {**ANSWER, "code": code.code})
        assert "该调查码已经使用过" in again.content.decode()
        without = client.post(_url(survey), ANSWER)
        assert without.status_code == 200 and not SurveyResponse.objects.exclude(code=code)
    assert SurveyResponse.objects.count() == 1
    assert satisfaction_rate(survey.evaluation) == first


def test_respondents_behind_one_proxy_all_accepted(client, survey, staff, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    codes = generate_codes(survey, count=25, by=staff)
    behind_proxy = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    for code in codes:
        client.cookies.clear()
        response = client.post(_url(survey), {**ANSWER, "code": code.code}, **behind_proxy)
        assert response.status_code == 302, response.content.decode()[:500]
    assert SurveyResponse.objects.filter(code__isnull=False).count() == 25


def test_code_guessing_limited_per_client_behind_the_proxy(client, survey, staff, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    code = generate_codes(survey, count=1, by=staff)[0]
    guesser = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    for _i in range(FAILURE_LIMIT):
        client.post(_url(survey), {**ANSWER, "code": "ABCDEFGH"}, **guesser)
    response = client.post(_url(survey), {**ANSWER, "code": code.code}, **guesser)
    assert "调查码错误次数过多" in response.content.decode()
    # Another client behind the same proxy (the proxy's own address is the same) is not blocked;
    # a forged X-Forwarded-For prefix does not give the guesser a fresh allowance either.
    forged = {**guesser, "HTTP_X_FORWARDED_FOR": "192.0.2.1, 198.51.100.7"}
    assert (
        "调查码错误次数过多"
        in client.post(_url(survey), ANSWER | {"code": "X"}, **forged).content.decode()
    )
    other = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.10"}
    assert client.post(_url(survey), {**ANSWER, "code": code.code}, **other).status_code == 302
