"""The site search over every public kind: projects, 公示 and results, needs, organizations; only
public records and public fields; traditional characters and pinyin initials; filters, paging and
query counts (cms.search_kinds)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from cms import search_kinds
from core.chinese_text import index_text, initials_query, initials_tokens, normalize
from core.workflow import perform_transition
from needs.models import Need
from orgs.models import Organization
from projects.models import FundedProject
from review.archive import add_version
from review.models import Publicity, PublishedVersion, VersionKind
from tests.factories import CallFactory, NeedFactory, OrganizationFactory, make_funded_project

pytestmark = pytest.mark.django_db


def found(query, kind="", year=None):
    return [(h.kind, h.title) for h in search_kinds.search(query, kind, year)]


def running(project):
    """Put `project` in a public state the way a signed agreement would, and save it."""
    FundedProject.objects.filter(pk=project.pk).update(state="in_progress")
    project = FundedProject.objects.get(pk=project.pk)
    project.save()
    return project


def index_entries(obj) -> int:
    return obj.index_entries.count()


@pytest.fixture
def provider():
    return OrganizationFactory(
        name="深圳市南山区晨曦社会工作服务中心",
        short_name="晨曦社工",
        contact_phone="13912345678",
        bank_account_number="6222020200112233445",
        legal_representative="欧阳锋",
        address="南山区桃园路八号",
    )


@pytest.fixture
def project(provider):
    project = make_funded_project(organization=provider, amount=Decimal("80000.00"))
    FundedProject.objects.filter(pk=project.pk).update(
        name="社区养老互助网络建设", public_summary="为高龄独居长者建立邻里互助网络。"
    )
    return running(FundedProject.objects.get(pk=project.pk))


def test_traditional_characters_are_normalised_to_simplified():
    assert normalize("社區養老服務") == "社区养老服务"
    assert index_text("養老") == index_text("养老")
    assert normalize("A-4-1") == "a-4-1"


def test_pinyin_initials_only_for_letters_and_at_least_two():
    tokens = initials_tokens("社区养老服务中心运营服务").split()
    assert {"py0sq", "py0sqyl", "py0yl", "py0ylfw"} <= set(tokens)
    assert "py0s" not in tokens
    assert initials_query("SQYL") == "py0sqyl"
    assert initials_query("A01") is None
    assert initials_query("a-4-1") is None
    assert initials_query("s") is None


def test_a_project_shown_publicly_is_found_by_name_traditional_and_initials(project):
    assert ("projects", "社区养老互助网络建设") in found("养老互助")
    assert ("projects", "社区养老互助网络建设") in found("社區養老")
    assert ("projects", "社区养老互助网络建设") in found("sqyl")
    assert ("projects", "社区养老互助网络建设") in found("SQYLHZ")
    # Its organization is public through it, by name, short name and initials.
    assert ("organizations", "深圳市南山区晨曦社会工作服务中心") in found("晨曦社工")
    assert ("organizations", "深圳市南山区晨曦社会工作服务中心") in found("cxsg")


def test_private_fields_are_not_findable(project, provider):
    need = NeedFactory(title="长者助浴需求", state="published", contact_phone="0755-26998877")
    assert found("长者助浴") == [("needs", "长者助浴需求")]
    for private in (
        "13912345678",  # organization's contact phone
        "6222020200112233445",  # bank account number
        provider.uscc,
        "欧阳锋",  # legal representative
        "桃园路",  # address
        "0755-26998877",  # need's contact phone
        need.contact_email,
        "黄主任",  # need's contact person
        "50000",  # the project's budget
    ):
        assert found(private) == [], private


def test_a_record_that_is_not_public_is_not_found(provider):
    pending = make_funded_project(organization=provider)
    FundedProject.objects.filter(pk=pending.pk).update(name="尚未签约的康复项目")
    FundedProject.objects.get(pk=pending.pk).save()
    assert found("康复项目") == []
    assert found("晨曦社会工作") == []  # no public project, no incubation: not shown publicly
    draft = NeedFactory(title="尚未公开的助餐需求", state="submitted")
    assert found("助餐需求") == []
    assert index_entries(draft) == 0


def test_a_record_that_stops_being_public_leaves_the_search(project, provider):
    assert index_entries(project) == 1
    # Changed behind the index's back: the query-time filter already hides it.
    FundedProject.objects.filter(pk=project.pk).update(state="terminated")
    assert found("养老互助") == []
    assert found("晨曦社工") == []
    # Saved: the entries of the project and of its organization are removed as well.
    FundedProject.objects.get(pk=project.pk).save()
    assert index_entries(project) == 0
    assert index_entries(Organization.objects.get(pk=provider.pk)) == 0


def test_publishing_a_need_makes_it_findable_without_update_index(staff):
    need = NeedFactory(title="困境儿童课后托管服务", state="submitted", published_at=None)
    assert found("课后托管") == []
    perform_transition(need, "publish", by=staff)
    assert found("课后托管") == [("needs", "困境儿童课后托管服务")]
    assert found("課後託管") == [("needs", "困境儿童课后托管服务")]


def _publicity(call, *, title, projects):
    now = timezone.now()
    today = timezone.localdate()
    entries = [
        {"application": i, "position": i, "project": p, "organization": "某机构", "amount": "1"}
        for i, p in enumerate(projects, 1)
    ]
    return Publicity.objects.create(
        call=call,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=14),
        objections_until=today + datetime.timedelta(days=14),
        contact="0755-88889999",
        snapshot={
            "title": title,
            "call": call.title,
            "department": "示范市民政局",
            "entries": entries,
        },
        published_at=now,
    )


def test_publicity_and_result_are_found_once_published(staff):
    call = CallFactory(title="2026年示范市公益创投")
    publicity = _publicity(call, title="2026年示范市公益创投拟资助项目公示", projects=["长者食堂"])
    add_version(publicity, VersionKind.PUBLICITY, by=staff)
    assert found("长者食堂") == [("publicity", "2026年示范市公益创投拟资助项目公示")]
    assert found("0755-88889999") == []  # the objection contact is not indexed
    assert found("长者食堂", "results") == []  # no result published yet
    publicity.result_snapshot = {
        "title": "2026年示范市公益创投立项结果",
        "entries": [{"project": "长者食堂", "organization": "某机构"}],
    }
    publicity.result_published_at = timezone.now()
    publicity.save()
    add_version(publicity, VersionKind.RESULT, by=staff)
    assert set(found("长者食堂")) == {
        ("publicity", "2026年示范市公益创投拟资助项目公示"),
        ("results", "2026年示范市公益创投立项结果"),
    }
    # A correction is a new version: only the latest is listed.
    add_version(publicity, VersionKind.PUBLICITY, by=staff, reason="更正联系方式")
    assert PublishedVersion.objects.filter(kind=VersionKind.PUBLICITY).count() == 2
    assert [k for k, _t in found("长者食堂")].count("publicity") == 1


def test_filters_by_kind_and_year(project, staff):
    need = NeedFactory(title="社区养老助餐点需求", state="published")
    this_year = timezone.localdate().year
    assert set(found("养老")) == {
        ("projects", "社区养老互助网络建设"),
        ("needs", "社区养老助餐点需求"),
    }
    assert found("养老", "needs") == [("needs", "社区养老助餐点需求")]
    assert found("养老", "projects", this_year) == [("projects", "社区养老互助网络建设")]
    assert found("养老", "", this_year - 1) == []
    Need.objects.filter(pk=need.pk).update(
        published_at=datetime.datetime(this_year - 1, 12, 31, 20, tzinfo=datetime.UTC)
    )  # 2 January 04:00 Beijing time of this year
    assert found("养老", "needs", this_year) == [("needs", "社区养老助餐点需求")]
    # Organizations have no year: left out when a year is chosen.
    assert ("organizations", "深圳市南山区晨曦社会工作服务中心") in found("晨曦")
    assert found("晨曦", "", this_year) == [("projects", "社区养老互助网络建设")]


def test_results_page_mixes_kinds_with_labels_and_links(client, project, staff):
    NeedFactory(title="社区养老助餐点需求", state="published")
    html = client.get("/search/", {"q": "养老"}).content.decode()
    assert "找到 2 条与“养老”相关的结果。" in html
    assert f'<a href="/projects/{project.pk}/">社区<mark>养老</mark>互助网络建设</a>' in html
    assert '<span class="badge">项目</span>' in html
    assert '<span class="badge">需求</span>' in html
    assert "项目按立项年度" in html
    only_needs = client.get("/search/", {"q": "养老", "kind": "needs"}).content.decode()
    assert "找到 1 条与“养老”相关的结果。" in only_needs
    assert '<span class="badge">项目</span>' not in only_needs


@pytest.mark.parametrize("kind", ["projects", "needs"])
def test_results_page_queries_do_not_grow_with_results(client, provider, kind):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call = CallFactory(title="2026年示范市公益创投")

    def add(n):
        for _i in range(n):
            p = make_funded_project(organization=provider, call=call)
            FundedProject.objects.filter(pk=p.pk).update(name=f"长者关爱项目{p.pk}")
            running(FundedProject.objects.get(pk=p.pk))
            NeedFactory(title=f"长者关爱需求{p.pk}", state="published")

    def count():
        client.get("/search/", {"q": "长者关爱", "kind": kind})  # warm caches (content types)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/search/", {"q": "长者关爱", "kind": kind})
        return len(ctx.captured_queries), response.content.decode()

    add(2)
    few, html = count()
    assert "找到 2 条" in html
    add(10)
    many, html = count()
    assert "找到 12 条" in html
    assert html.count('<span class="badge">') == 10
    assert many == few


def test_update_index_rebuilds_the_entries(project):
    from django.core.management import call_command
    from wagtail.search.models import IndexEntry

    IndexEntry.objects.all().delete()
    assert found("养老互助") == []
    call_command("update_index", verbosity=0, stdout=__import__("io").StringIO())
    assert ("projects", "社区养老互助网络建设") in found("养老互助")


def test_project_year_is_the_award_year_of_the_public_figures(project, staff):
    """A project recorded this year whose 立项结果 was published last year counts in last year,
    as on the statistics pages and the directory (`projects.figures`)."""
    from core.formats import BEIJING
    from review.models import Publicity

    this_year = timezone.localdate().year
    awarded = datetime.datetime(this_year - 1, 12, 31, 23, 30, tzinfo=BEIJING)
    Publicity.objects.bulk_create(  # only the times matter here, not Publicity.save's checks
        [
            Publicity(
                call=project.call,
                starts_on=datetime.date(this_year - 1, 12, 1),
                ends_on=datetime.date(this_year - 1, 12, 10),
                objections_until=datetime.date(this_year - 1, 12, 10),
                published_at=awarded - datetime.timedelta(days=30),
                result_snapshot={"title": "立项结果", "entries": []},
                result_published_at=awarded,
            )
        ]
    )
    assert found("养老", "projects", this_year - 1) == [("projects", "社区养老互助网络建设")]
    assert found("养老", "projects", this_year) == []
