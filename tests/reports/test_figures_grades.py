"""The grade figures of the statistics page count published evaluations only: an accepted result
not yet made public counts nowhere, and once published the distribution equals the rows of the
public results page it links to."""

import re

import pytest
from django.utils import timezone

from core.workflow import perform_transition
from reports import figures
from tests.reports.test_report_pdf import accepted  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

GRADE_ROW = re.compile(r"<tr><td>([^<]+)</td><td>(\d+)</td></tr>")


def test_unpublished_result_counts_nowhere_until_published(client, accepted, staff):  # noqa: F811
    evaluation = accepted
    year = timezone.localdate().year  # the project was awarded today (立项时间)
    assert figures.figures(year, public=True)["grades"] == []
    assert figures.figures(year, public=False)["grades"] == [("合格", 1)]
    stats = client.get(f"/evaluations/figures/?year={year}").content.decode()
    assert 'href="/evaluations/"' in stats

    perform_transition(evaluation, "publish", by=staff)
    grades = figures.figures(year, public=True)["grades"]
    assert grades == [("合格", 1)]
    # The public results page lists exactly the evaluations the distribution counts.
    call = evaluation.project.call
    results = client.get(f"/evaluations/calls/{call.pk}/").content.decode()
    listed = re.findall(r"<tr><td>([^<]+)</td><td>[^<]*</td><td>[^<]*</td><td>[^<]*</td>", results)
    assert len(listed) == sum(n for _g, n in grades)
    stats = client.get(f"/evaluations/figures/?year={year}").content.decode()
    section = stats[stats.index('id="fig-grade"') : stats.index('id="fig-inc"')]
    assert GRADE_ROW.findall(section) == [("合格", "1")]
    assert figures.figures(year - 1, public=True)["grades"] == []
