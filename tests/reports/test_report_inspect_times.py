"""The admin inspect pages of the reports app show date-times in Beijing time (TIME_ZONE
Asia/Shanghai), as a call's inspect page does."""

import datetime
import re

from reports.models import Evaluation, PerformanceReport
from tests.reports.conftest import commission

# Late in the UTC evening: in Beijing (UTC+8) it is already the next day.
REVIEWED = datetime.datetime(2025, 3, 1, 16, 30, tzinfo=datetime.UTC)
PUBLISHED = datetime.datetime(2025, 3, 2, 1, 5, tzinfo=datetime.UTC)


def _shown(content: str, label: str) -> str:
    match = re.search(rf"<dt>{label}</dt>\s*<dd>\s*(.*?)\s*</dd>", content, re.S)
    assert match, f"{label} is not on the page"
    return match.group(1)


def test_report_inspect_shows_review_and_publication_in_beijing_time(
    client, staff, project, midterm_scheme, agency
):
    report = commission(project, midterm_scheme, agency, staff).report
    PerformanceReport.objects.filter(pk=report.pk).update(
        reviewed_at=REVIEWED, published_at=PUBLISHED
    )
    client.force_login(staff)

    content = client.get(f"/admin/performance_reports/inspect/{report.pk}/").content.decode()

    assert _shown(content, "审核时间") == "2025-03-02 00:30"
    assert _shown(content, "公开时间") == "2025-03-02 09:05"


def test_report_inspect_shows_a_dash_for_times_not_yet_reached(
    client, staff, project, midterm_scheme, agency
):
    report = commission(project, midterm_scheme, agency, staff).report
    client.force_login(staff)

    content = client.get(f"/admin/performance_reports/inspect/{report.pk}/").content.decode()

    assert _shown(content, "审核时间") == "—"
    assert _shown(content, "公开时间") == "—"


def test_evaluation_inspect_shows_publication_in_beijing_time(
    client, staff, project, midterm_scheme, agency
):
    evaluation = commission(project, midterm_scheme, agency, staff)
    Evaluation.objects.filter(pk=evaluation.pk).update(published_at=PUBLISHED)
    client.force_login(staff)

    content = client.get(f"/admin/evaluations/inspect/{evaluation.pk}/").content.decode()

    assert _shown(content, "公开时间") == "2025-03-02 09:05"
