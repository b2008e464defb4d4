"""The public sees who buys (issue 21, point 4): every public page about a call, 公示, result,
funded project, evaluation result and purchase announcement names its purchasing department
(购买主体); the public lists filter by department and by the region it serves; the yearly figures
per district add up to the city total and link to the lists they count; filtered pages are kept
by the public page cache per filter."""

import datetime
import html
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from cms.models import CallIndexPage, CallPage, PurchaseAnnouncementPage
from core.public_cache.middleware import HEADER
from projects import figures
from projects.models import FundedProject
from reports.models import Evaluation, EvaluationScheme
from review.models import Publicity
from tests.cms.conftest import add_page, entry, make_catalogue
from tests.factories import (
    CallFactory,
    CommunityFactory,
    GovernmentFactory,
    NeedFactory,
    OrganizationFactory,
    UserFactory,
    default_department,
    make_funded_project,
)

pytestmark = pytest.mark.django_db

CITY, NANSHAN, FUTIAN, STREET = (
    "深圳市民政局",
    "深圳市南山区民政局",
    "深圳市福田区民政局",
    "南头街道办事处",
)
PROJECTS = {"南山长者探访", "福田儿童托管", "南头社区融合", "全市心理援助"}
NEEDS = {"福田已纳入征集的需求", "南头街道未纳入的需求", "福田区未纳入的需求", "北京朝阳的需求"}


def text(response) -> str:
    """The page's visible text without tags or white space (Chinese runs carry none)."""
    page = response.content.decode()
    page = re.sub(r"<(script|style|select)\b.*?</\1>", "", page, flags=re.S)
    return re.sub(r"\s+", "", html.unescape(re.sub(r"<[^>]+>", "", page)))


def shown(response, names) -> set:
    page = text(response)
    return {name for name in names if name in page}


@pytest.fixture
def world(site):
    city = GovernmentFactory(name=CITY, jurisdiction_code="440300")
    nanshan = default_department()
    nanshan.parent_department = city
    nanshan.save(update_fields=["parent_department"])
    futian = GovernmentFactory(name=FUTIAN, jurisdiction_code="440304", parent_department=city)
    street = GovernmentFactory(
        name=STREET, jurisdiction_code="440305001", parent_department=nanshan
    )
    scheme = EvaluationScheme.objects.filter(stage="midterm").first()
    agency = OrganizationFactory(name="深圳市公益评估中心", kind="evaluation_agency")
    staff = UserFactory()
    index = CallIndexPage.objects.get()
    today = timezone.localdate()
    made = {}
    for key, department, name, amount, title in (
        ("nanshan", nanshan, "南山长者探访", "50000.00", "南山区第一批征集"),
        ("futian", futian, "福田儿童托管", "30000.00", "福田区第一批征集"),
        ("street", street, "南头社区融合", "20000.00", "南头街道第一批征集"),
        ("city", city, "全市心理援助", "10000.00", "市本级第一批征集"),
    ):
        call = CallFactory(title=title, department=department)
        project = make_funded_project(call=call, amount=Decimal(amount))
        FundedProject.objects.filter(pk=project.pk).update(
            name=name, state="in_progress", agreement_confirmed_at=timezone.now()
        )
        Evaluation.objects.bulk_create(
            [
                Evaluation(
                    project=project,
                    stage="midterm",
                    scheme=scheme,
                    agency=agency,
                    due_on=today,
                    commissioned_by=staff,
                    state="published",
                    total_score=Decimal("85.00"),
                    grade="良好",
                    passed=True,
                    published_at=timezone.now(),
                )
            ]
        )
        publicity = Publicity.objects.create(
            call=call,
            starts_on=today,
            ends_on=today + datetime.timedelta(days=14),
            objections_until=today + datetime.timedelta(days=14),
            contact="0755-12345678",
            snapshot={
                "title": f"{call.title}拟资助项目公示",
                "call": call.title,
                "department": department.name,
                "starts_on": today.isoformat(),
                "ends_on": (today + datetime.timedelta(days=14)).isoformat(),
                "entries": [],
            },
            result_snapshot={
                "title": f"{call.title}立项结果",
                "decided_on": today.isoformat(),
                "entries": [],
            },
            result_published_at=timezone.now(),
        )
        page = add_page(
            index,
            CallPage(title=call.title, slug=f"call-{call.pk}", call=call, guidelines="<p>指南</p>"),
        )
        project.name = name
        made[key] = SimpleNamespace(
            department=department, call=call, project=project, publicity=publicity, page=page
        )
    item = entry(
        entry(entry(make_catalogue(site), "A", "公共服务"), "A-1", "养老服务"),
        "A-1-1",
        "社区养老服务",
    )
    for slug, title, purchaser in (
        ("ns", "南山区居家养老购买公告", NANSHAN),
        ("ft", "福田区儿童托管购买公告", FUTIAN),
        ("other", "示范市助残服务购买公告", "示范市民政局"),  # no department of the registry
    ):
        site.announcements.add_child(
            instance=PurchaseAnnouncementPage(
                title=title,
                slug=slug,
                date=today,
                purchaser=purchaser,
                service_content="探访服务。",
                budget=Decimal("100000.00"),
                catalogue_entry=item,
                purchase_method="competitive_consultation",
                term_start=today,
                term_end=today + datetime.timedelta(days=365),
            )
        )
    community = CommunityFactory()
    for title, region, call in (
        ("福田已纳入征集的需求", "440305", made["futian"].call),
        ("南头街道未纳入的需求", "440305001", None),
        ("福田区未纳入的需求", "440304", None),
        ("北京朝阳的需求", "110105", None),
    ):
        NeedFactory(
            title=title, organization=community, region_code=region, call=call, state="published"
        )
    return SimpleNamespace(site=site, **made)


def departments(world):
    return {k: getattr(world, k).department for k in ("city", "nanshan", "futian", "street")}


# --- Every page names who buys ----------------------------------------------------------------


def test_every_public_page_kind_names_the_purchasing_department(client, world):
    futian = world.futian
    pages = {
        futian.page.url: f"购买主体：{FUTIAN}",
        "/calls/": f"购买主体：{FUTIAN}·资金总额",
        f"/publicity/{futian.publicity.pk}/": f"购买主体：{FUTIAN}",
        f"/publicity/{futian.publicity.pk}/result/": f"购买主体：{FUTIAN}",
        "/publicity/": f"购买主体：{FUTIAN}·公示期",
        f"/projects/{futian.project.pk}/": f"征集{futian.call.title}购买主体{FUTIAN}",
        "/projects/": f"{futian.call.title}{FUTIAN}30,000.00",
        f"/evaluations/calls/{futian.call.pk}/": f"购买主体：{FUTIAN}",
        "/evaluations/": f"（1个项目）购买主体：{FUTIAN}",
        world.site.announcements.url + "ft/": f"购买主体：{FUTIAN}",
        world.site.announcements.url: f"福田区儿童托管购买公告购买主体：{FUTIAN}",
        "/": f"福田区第一批征集购买主体：{FUTIAN}·申报截止",
    }
    for url, expected in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert expected in text(response), url


def test_home_publicity_names_the_purchasing_department(client, world):
    from grants.models import CallState

    call = world.nanshan.call
    type(call).objects.filter(pk=call.pk).update(state=CallState.PUBLICITY)
    assert f"南山区第一批征集拟资助项目公示购买主体：{NANSHAN}·公示至" in text(client.get("/"))


def test_publicity_frozen_without_department_names_the_call_department(client, world):
    publicity = world.street.publicity
    snapshot = {k: v for k, v in publicity.snapshot.items() if k != "department"}
    Publicity.objects.filter(pk=publicity.pk).update(snapshot=snapshot)
    assert f"购买主体：{STREET}" in text(client.get(f"/publicity/{publicity.pk}/"))


# --- Lists filter by department and region -----------------------------------------------------


def lists(world) -> dict:
    """Each public list, with the names of its rows for the four departments' records."""
    w = world
    calls = {k: getattr(w, k).call.title for k in ("nanshan", "futian", "street", "city")}
    return {
        "/calls/": calls,
        "/publicity/": {k: f"{t}拟资助项目公示" for k, t in calls.items()},
        "/projects/": {k: getattr(w, k).project.name for k in calls},
        "/evaluations/": calls,
    }


def expect(rows: dict, *keys) -> set:
    return {rows[k] for k in keys}


@pytest.mark.parametrize(
    ("query", "keys"),
    [
        ("", ("nanshan", "futian", "street", "city")),
        ("department={futian}", ("futian",)),
        ("department={nanshan}", ("nanshan",)),
        ("area=440305", ("nanshan", "street")),
        ("area=440305001", ("street",)),
        ("area=440304", ("futian",)),
        ("area=440300", ("nanshan", "futian", "street", "city")),
        ("area=110000", ()),
        ("department={nanshan}&area=440304", ()),
        ("department={city}&area=440300", ("city",)),
    ],
)
def test_lists_filter_by_department_and_region(client, world, query, keys):
    ids = {k: d.pk for k, d in departments(world).items()}
    for url, rows in lists(world).items():
        response = client.get(f"{url}?{query.format(**ids)}")
        assert response.status_code == 200, url
        assert shown(response, rows.values()) == expect(rows, *keys), (url, query)


def test_chosen_filter_is_shown_with_a_link_clearing_it(client, world):
    futian = world.futian.department
    for url in ("/calls/", "/publicity/", "/projects/", "/evaluations/", "/needs/"):
        response = client.get(f"{url}?department={futian.pk}&area=440300")
        page = text(response)
        assert f"当前筛选：购买主体：{FUTIAN}；购买主体所在地区：广东省深圳市" in page, url
        assert 'href="?">清除购买主体和地区筛选</a>' in response.content.decode(), url
        selects = response.content.decode()
        assert f'<option value="{futian.pk}" selected>{FUTIAN}</option>' in selects, url
        assert '<option value="440300" selected>广东省深圳市</option>' in selects, url
    # Other parameters stay when the department filter is cleared.
    response = client.get(f"/projects/?year=2026&department={futian.pk}")
    assert 'href="?year=2026">清除购买主体和地区筛选</a>' in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("department=abc", "没有找到所选的购买主体，已显示全部购买主体的记录。"),
        ("department=999999", "没有找到所选的购买主体，已显示全部购买主体的记录。"),
        ("department=" + "9" * 40, "没有找到所选的购买主体，已显示全部购买主体的记录。"),
        ("department=²", "没有找到所选的购买主体，已显示全部购买主体的记录。"),
        ("area=999999", "“999999”不是有效的地区，已显示全部地区的记录。"),
        ("area=南山区", "“南山区”不是有效的地区，已显示全部地区的记录。"),
        ("area=%3Cb%3E", "“<b>”不是有效的地区，已显示全部地区的记录。"),
    ],
)
def test_bad_filter_value_is_ignored_with_a_chinese_message(client, world, query, message):
    for url, rows in lists(world).items():
        response = client.get(f"{url}?{query}")
        assert response.status_code == 200, url
        assert message in text(response), url
        assert "<b>" not in response.content.decode().split("</header>")[-1], url
        assert shown(response, rows.values()) == set(rows.values()), url


def test_nul_and_blank_values_are_no_filter(client, world):
    for url, rows in lists(world).items():
        response = client.get(f"{url}?department=%00&area=%20")
        assert response.status_code == 200, url
        assert "已显示全部" not in text(response)
        assert shown(response, rows.values()) == set(rows.values()), url


def test_announcements_filter_by_purchaser(client, world):
    index = world.site.announcements.url
    titles = {"南山区居家养老购买公告", "福田区儿童托管购买公告", "示范市助残服务购买公告"}
    ids = {k: d.pk for k, d in departments(world).items()}
    cases = {
        "": titles,
        f"department={ids['futian']}": {"福田区儿童托管购买公告"},
        "area=440305": {"南山区居家养老购买公告"},
        "area=440300": {"南山区居家养老购买公告", "福田区儿童托管购买公告"},
        f"kind=purchase&department={ids['nanshan']}": {"南山区居家养老购买公告"},
        f"department={ids['city']}": set(),
        "department=abc": titles,
    }
    for query, expected in cases.items():
        response = client.get(f"{index}?{query}")
        assert response.status_code == 200, query
        assert shown(response, titles) == expected, query
    assert "没有找到所选的购买主体" in text(client.get(f"{index}?department=abc"))


def test_needs_board_filters_by_purchaser(client, world):
    ids = {k: d.pk for k, d in departments(world).items()}
    cases = {
        "": NEEDS,
        # In a call of the department, or in none yet and placed in its 辖区.
        f"department={ids['futian']}": {"福田已纳入征集的需求", "福田区未纳入的需求"},
        f"department={ids['nanshan']}": {"南头街道未纳入的需求"},
        f"department={ids['street']}": {"南头街道未纳入的需求"},
        "area=440305": {"南头街道未纳入的需求"},
        "area=440300": NEEDS - {"北京朝阳的需求"},
        "department=abc": NEEDS,
    }
    for query, expected in cases.items():
        response = client.get(f"/needs/?{query}")
        assert response.status_code == 200, query
        assert shown(response, NEEDS) == expected, query


# --- Figures per district and for the whole city ---------------------------------------------


def test_figures_per_district_sum_to_the_city_total_and_link_to_their_lists(client, world):
    year = timezone.localdate().year
    (table,) = figures.by_district(year)
    rows = [(r["label"], r["n"], r["total"]) for r in table["rows"]]
    assert rows == [
        ("福田区", 1, Decimal("30000.00")),
        ("南山区", 2, Decimal("70000.00")),
        (CITY, 1, Decimal("10000.00")),
    ]
    assert (table["n"], table["total"]) == (4, Decimal("110000.00"))
    assert table["n"] == sum(r["n"] for r in table["rows"]) == figures.project_count(year).value
    assert table["total"] == sum(r["total"] for r in table["rows"])
    assert table["total"] == figures.award_total(year).value
    listed = {
        "福田区": {"福田儿童托管"},
        "南山区": {"南山长者探访", "南头社区融合"},
        CITY: {"全市心理援助"},
    }
    for row in table["rows"]:
        response = client.get(row["url"])
        assert shown(response, PROJECTS) == listed[row["label"]], row["url"]
        amount = f"{row['total']:,.2f}"
        assert f"共{row['n']}个项目，资助金额合计{amount}元。" in text(response), row["url"]
    assert shown(client.get(table["url"]), PROJECTS) == PROJECTS


def test_figures_page_and_home_show_the_district_table(client, world):
    year = timezone.localdate().year
    for url in (f"/evaluations/figures/?year={year}", "/"):
        page = text(client.get(url))
        assert f"{year}年度各区立项情况" in page, url
        assert "福田区130,000.00南山区270,000.00" in page, url
        assert f"{CITY}110,000.00全市合计4110,000.00" in page, url
    # Every year's table when no year is chosen.
    assert f"{year}年度各区立项情况" in text(client.get("/evaluations/figures/"))


def test_district_rows_group_street_offices_under_their_county():
    assert figures.district_of("440305001") == "440305"
    assert figures.district_of("440305") == "440305"
    assert figures.district_of("440300") == ""
    assert figures.district_of("") == ""


# --- The public page cache keeps one page per filter ------------------------------------------


def kept(client, url):
    client.get(url)
    answer = client.get(url)
    assert answer[HEADER] == "hit", url
    return answer


def test_filtered_pages_are_cached_per_filter_and_stay_fresh(client, world):
    futian = f"/projects/?department={world.futian.department.pk}"
    nanshan = "/projects/?area=440305"
    assert shown(kept(client, futian), PROJECTS) == {"福田儿童托管"}
    assert shown(kept(client, nanshan), PROJECTS) == {"南山长者探访", "南头社区融合"}
    assert shown(kept(client, "/projects/"), PROJECTS) == PROJECTS
    FundedProject.objects.filter(pk=world.futian.project.pk).update(name="福田儿童托管（调整后）")
    assert "福田儿童托管（调整后）" in text(client.get(futian))
    assert "福田儿童托管（调整后）" not in text(client.get(nanshan))
    assert shown(kept(client, nanshan), PROJECTS) == {"南山长者探访", "南头社区融合"}
