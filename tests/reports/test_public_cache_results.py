"""Published evaluation results reach the kept public pages at once (core.public_cache)."""

import pytest

from core.public_cache.middleware import HEADER
from core.workflow import perform_transition
from tests.reports.test_report_pdf import accepted, generated  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def kept(client, url) -> str:
    client.get(url)
    answer = client.get(url)
    assert answer[HEADER] == "hit"
    return answer.content.decode()


def test_published_evaluation_reaches_kept_index(client, generated, staff):  # noqa: F811
    report = generated
    evaluation = report.evaluation
    call_page = f"/evaluations/calls/{evaluation.project.call.pk}/"
    assert call_page not in kept(client, "/evaluations/")
    report = perform_transition(report, "review", by=staff)
    report = perform_transition(report, "publish", by=staff)
    assert call_page not in kept(client, "/evaluations/")
    perform_transition(evaluation, "publish", by=staff)
    assert call_page in client.get("/evaluations/").content.decode()
    page = kept(client, call_page)
    assert "长者关爱计划" in page and f"/evaluations/reports/{report.pk}/public.pdf" in page
