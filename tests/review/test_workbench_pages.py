"""The 评审工作台 at size: the ranking one page at a time with global ranks, a search, a bounded
page whatever the number of applications, and score sheets sent back from one application's
page (issue 20.3). Speed itself is measured by bench/workbench.py."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.audit import history
from grants.models import Application, ApplicationState
from review.admin.ranking_table import PER_PAGE
from review.draw import draw_panel
from review.models import AssignmentState, Panel, ReviewAssignment
from tests.review.conftest import make_reviewing_call
from tests.review.test_ranking import set_totals

pytestmark = pytest.mark.django_db


def add_scored(call, n, *, start=0):
    """`n` more applications under review, each scored by every panel member: application k
    (counted from `start`) gets 90 − k/10 points from everyone, so it ranks k-th of the added.
    Bulk rows: the transitions before the review are tested elsewhere."""
    first = call.applications.order_by("pk").first()
    members = list(Panel.objects.get(call=call).members.select_related("expert"))
    now = timezone.now()
    added = Application.objects.bulk_create(
        Application(
            call=call,
            organization_id=first.organization_id,
            category_id=first.category_id,
            project_name=f"批量项目{start + k:03d}",
            state=ApplicationState.REVIEWING,
            amount_requested=Decimal("50000.00"),
            first_submitted_at=now - timedelta(days=30),
        )
        for k in range(n)
    )
    sheets = []
    for k, application in enumerate(added):
        halves = 180 - (start + k) // 5  # in half points: 90, 90, …, then a half less
        sheets += [
            ReviewAssignment(
                member=m,
                expert=m.expert,
                application=application,
                state=AssignmentState.SUBMITTED,
                total=Decimal(halves) / 2,
                total_halves=halves,
                submitted_at=now,
            )
            for m in members
        ]
    ReviewAssignment.objects.bulk_create(sheets)
    return added


@pytest.fixture
def big(staff, experts):
    """A call of one scored application (the fixture's) and a panel of five."""
    call, apps = make_reviewing_call(staff, n=1)
    draw_panel(call=call, by=staff, size=5, seed=3)
    set_totals(apps[0], ["99"] * 5)  # first of all
    return call, apps[0]


def ranking_part(html):
    """The rows of the ranking table (its tbody)."""
    return html.split('id="ranking"')[1].split("<tbody>")[1].split("</tbody>")[0]


def test_workbench_queries_constant_and_page_bounded(client, staff, big):
    call, _first = big
    add_scored(call, 9)
    client.force_login(staff)
    url = reverse("review_call", args=[call.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    add_scored(call, 190, start=9)  # 200 applications × 5 experts
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert len(large) == len(small)
    html = response.content.decode()
    assert ranking_part(html).count("<tr>") == PER_PAGE  # one page
    assert 'name="assignment"' not in html  # no list of every submitted sheet
    assert len(response.content) < 100_000, len(response.content)


def test_pages_keep_global_ranks_and_search(client, staff, big):
    call, first = big
    add_scored(call, 119)  # 120 applications: three pages of 50
    client.force_login(staff)
    url = reverse("review_call", args=[call.pk])
    page2 = ranking_part(client.get(url, {"page": 2}).content.decode())
    # Rank 51 is the 50th added (index 49) and rank 100 the 99th (index 98).
    assert "<td>51" in page2 and "<td>100" in page2 and "<td>50<" not in page2
    assert page2.index("批量项目049") < page2.index("批量项目098")
    assert "批量项目048" not in page2 and "批量项目099" not in page2
    assert first.project_name not in page2
    html = client.get(url, {"page": 3}).content.decode()
    assert "第3页，共3页" in html and ranking_part(html).count("<tr>") == 20
    # A search keeps the global rank, and the page links keep the search.
    html = client.get(url, {"q": "批量项目"}).content.decode()
    link = re.search(r'href="(\?q=[^"]*page=2)#ranking"', html).group(1)
    second = ranking_part(client.get(url + link.replace("&amp;", "&")).content.decode())
    assert "<td>52" in second and "批量项目050" in second and first.project_name not in second
    html = client.get(url, {"q": "批量项目07"}).content.decode()
    found = ranking_part(html)
    assert found.count("<tr>") == 10
    # The added k-th ranks k + 2 (the fixture's application is first; equal totals go by number).
    assert "<td>72" in found and "<td>81" in found and "批量项目070" in found
    assert "<td>1<" not in found and "<td>71" not in found
    assert "共10份" in html
    html = client.get(url, {"q": str(first.pk)}).content.decode()
    assert "<td>1" in ranking_part(html) and first.project_name in ranking_part(html)
    # Rubbish page numbers fall back to a page that exists.
    assert client.get(url, {"page": "x²"}).status_code == 200
    assert "第3页" in client.get(url, {"page": "999"}).content.decode()


def test_reopen_from_the_sheets_page(client, staff, big, request):
    call, first = big
    sheet = first.review_assignments.filter(state=AssignmentState.SUBMITTED).first()
    url = reverse("review_sheets", args=[call.pk, first.pk])
    for persona in ("expert", "owner"):
        client.force_login(request.getfixturevalue(persona))
        assert client.get(url).status_code in (302, 403)
    client.force_login(sheet.expert.user)  # an expert of the panel may not send sheets back
    action = reverse("review_call_action", args=[call.pk, "reopen"])
    response = client.post(action, {"assignment": sheet.pk, "reason": "想改"})
    assert response.status_code in (302, 403)
    sheet.refresh_from_db()
    assert sheet.state == AssignmentState.SUBMITTED

    client.force_login(staff)
    workbench = client.get(reverse("review_call", args=[call.pk])).content.decode()
    assert f'href="{url}"' in workbench  # the row links to its score sheets
    html = client.get(url).content.decode()
    assert html.count('name="assignment"') == 5 and str(sheet.expert) in html
    response = client.post(action, {"assignment": sheet.pk, "reason": "分数录入错误"})
    assert response.status_code == 302 and response.url == url  # back to the sheets
    sheet.refresh_from_db()
    assert sheet.state == AssignmentState.SCORING and sheet.total is None
    entry = history(sheet).first()
    assert entry.user == staff and entry.data["reason"] == "分数录入错误"
    assert client.get(url).content.decode().count('name="assignment"') == 4


def test_sheets_page_only_for_an_application_of_the_call(client, staff, big):
    _call, first = big
    other, _apps = make_reviewing_call(staff, n=1)
    client.force_login(staff)
    assert client.get(reverse("review_sheets", args=[other.pk, first.pk])).status_code == 404
