"""Public figures agree with the lists they link to (`projects.figures`): each count is the
length, each amount the sum, of the public directory its link opens — on the home page, the
statistics page and the disclosure — and 年度 is the award year in Beijing time."""

import datetime
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from core.workflow import perform_transition
from projects import figures
from projects.models import FundedProject
from reports.models import CallEvaluationSettings
from review.models import Publicity
from tests.factories import make_funded_project

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")
DIRECTORY_LINK = re.compile(r'href="(/projects/[^"]*)"')
STAT_ROW = re.compile(
    r'<tr><td><a href="(/projects/\?[^"]*)">[^<]*</a></td><td>([\d,.]+)</td><td>(\d+)</td></tr>'
)


def listed(client, url) -> tuple[int, Decimal]:
    """(rows, sum of the amount column) over every page of the public directory at `url`."""
    url = url.replace("&amp;", "&")
    rows, total, page = 0, Decimal(0), 1
    while True:
        sep = "&" if "?" in url else "?"
        html = client.get(f"{url}{sep}page={page}").content.decode()
        amounts = re.findall(r'<td class="amount">([\d,.]+)</td>', html)
        rows += len(amounts)
        total += sum((Decimal(a.replace(",", "")) for a in amounts), Decimal(0))
        if "下一页" not in html:
            return rows, total
        page += 1


def amount(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def beijing(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=BEIJING)


def result_published(project, moment):
    """The call's 立项结果 published at `moment` (the 公示 rows are review's; only the times
    matter here, so the period check of `Publicity.save` is not the subject)."""
    Publicity.objects.bulk_create(
        [
            Publicity(
                call=project.call,
                starts_on=(moment - datetime.timedelta(days=20)).date(),
                ends_on=(moment - datetime.timedelta(days=10)).date(),
                objections_until=(moment - datetime.timedelta(days=10)).date(),
                published_at=moment - datetime.timedelta(days=20),
                result_snapshot={"title": "立项结果", "entries": []},
                result_published_at=moment,
            )
        ]
    )


def created(project, moment):
    """A project born without a 公示 result: its 立项时间 is its record's creation."""
    FundedProject.objects.filter(pk=project.pk).update(created_at=moment)


@pytest.fixture
def awards(staff):
    """Edge cases around the year and the money, one call each."""
    # 23:30 on New Year's Eve in Beijing is 15:30 UTC: 2026 either way.
    late = make_funded_project(amount=Decimal("100000.00"))
    result_published(late, beijing(2026, 12, 31, 23, 30))
    # 00:30 on 1 January in Beijing is still 2026 in UTC: the award year is 2027.
    new_year = make_funded_project(amount=Decimal("60000.00"))
    created(new_year, beijing(2027, 1, 1, 0, 30))
    # 00:10 on 1 January 2026 in Beijing (2025 in UTC) belongs to 2026.
    early = make_funded_project(amount=Decimal("30000.00"))
    result_published(early, beijing(2026, 1, 1, 0, 10))
    # A reduced award counts what was awarded, not what was asked for.
    reduced = make_funded_project(budget=Decimal("100000.00"), amount=Decimal("80000.00"))
    created(reduced, beijing(2026, 6, 1, 10, 0))
    # A terminated project was awarded and published in its 立项结果: it still counts.
    stopped = make_funded_project(amount=Decimal("50000.00"))
    created(stopped, beijing(2026, 3, 1, 10, 0))
    perform_transition(stopped, "terminate", by=staff, reason="承接单位注销")
    CallEvaluationSettings.objects.create(call=late.call, lottery_funded=True)
    return {
        "late": late,
        "new_year": new_year,
        "early": early,
        "reduced": reduced,
        "stopped": stopped,
    }


def test_award_year_is_the_beijing_year_of_the_award(awards):
    assert figures.award_years() == [2027, 2026]
    assert set(figures.counted(2026).values_list("pk", flat=True)) == {
        awards[k].pk for k in ("late", "early", "reduced", "stopped")
    }
    assert list(figures.counted(2027).values_list("pk", flat=True)) == [awards["new_year"].pk]
    assert figures.project_count(2026).value == 4
    # The reduced award counts 80,000, the terminated one its award.
    assert figures.award_total(2026).value == Decimal("260000.00")
    assert figures.award_total(2025).value == Decimal("0.00")


def test_each_figure_equals_the_list_its_link_opens(client, awards):
    for year in (None, 2025, 2026, 2027):
        count, total = figures.project_count(year), figures.award_total(year)
        assert count.url == total.url
        assert listed(client, count.url) == (count.value, total.value)
    for field in ("category", "kind", "region"):
        for row in figures.breakdown(field, 2026):
            if not row["key"]:  # no category or region: nothing to filter by
                continue
            assert listed(client, row["url"]) == (row["n"], row["total"])
    # The terminated project is listed (it was awarded) but has no page of its own.
    html = client.get(figures.list_url(2026)).content.decode()
    assert f"<td>{awards['stopped'].name}</td>" in html
    assert "共 4 个项目，资助金额合计 260,000.00 元。" in html
    assert "年度按立项年份（立项结果发布时间，北京时间）计。" in html


def test_a_streets_projects_count_in_their_districts_row(client, awards):
    """The row of 南山区 counts the projects placed in its 街道 too, as the list it links to."""
    from grants.models import Application

    street = make_funded_project(amount=Decimal("20000.00"))
    Application.objects.filter(pk=street.application_id).update(region_code="440305001")
    created(street, beijing(2026, 5, 1, 10, 0))
    rows = {row["key"]: row for row in figures.breakdown("region", 2026)}
    assert set(rows) == {"440305"}
    assert rows["440305"]["n"] == 5
    assert listed(client, rows["440305"]["url"]) == (5, rows["440305"]["total"])


def test_statistics_page_figures_link_to_their_lists(client, awards):
    html = client.get("/evaluations/figures/?year=2026").content.decode()
    assert "年度按立项年份（立项结果发布时间，北京时间）计。" in html
    head = re.search(
        r'<a href="(/projects/[^"]*)">资助项目 (\d+) 个，资助组织 \d+ 家，资助金额 ([\d,.]+) 元',
        html,
    )
    assert head is not None
    assert listed(client, head[1]) == (int(head[2]), amount(head[3])) == (4, Decimal(260000))
    rows = STAT_ROW.findall(html)
    # by year (2026, 2027), by category, by region and by kind: every row links to its list.
    assert len(rows) >= 5
    for url, total, n in rows:
        assert listed(client, url) == (int(n), amount(total)), url


def test_home_page_figures_link_to_their_lists(client, awards, settings):
    from django.utils import timezone

    html = client.get("/").content.decode()
    year = timezone.localdate().year
    values = re.findall(
        r'<a href="(/projects/\?year=\d+)" class="figure__value">([\d,.]+)</a>', html
    )
    assert [url for url, _v in values] == [f"/projects/?year={year}"] * 2
    (url, count), (_url, total) = values
    assert listed(client, url) == (int(count), amount(total))
    assert "年度按立项年份（立项结果发布时间，北京时间）计。" in html


def test_home_page_figures_follow_a_new_award_at_once(client, awards, settings):
    """The figures are kept between writes (cms.public_pages.kept); an award is a write."""
    from django.utils import timezone

    settings.PUBLIC_CACHE = False
    figure = re.compile(r'<a href="/projects/\?year=\d+" class="figure__value">([\d,.]+)</a>')
    before = figure.findall(client.get("/").content.decode())
    late = make_funded_project(amount=Decimal("12345.00"))
    created(late, timezone.now())
    after = figure.findall(client.get("/").content.decode())
    assert int(after[0]) == int(before[0]) + 1
    assert amount(after[1]) == amount(before[1]) + Decimal("12345.00")


def test_disclosure_totals_are_the_sums_of_its_rows(client, awards):
    html = client.get("/evaluations/lottery/2026/").content.decode()
    assert awards["late"].name in html and awards["early"].name not in html
    assert "合计 1 个项目" in html
    assert '<td>100,000.00</td><td>0.00</td><td>100,000.00</td><td colspan="4">' in html
    assert "年度按立项年份（立项结果发布时间，北京时间）计。" in html
