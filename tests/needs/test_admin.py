"""The back office: moderation listing and inspect page, building a call from ticked needs, the
staff picture with its spreadsheet, recommendation meetings."""

import io
from datetime import date, timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from grants.models import Call
from needs import stats
from needs.models import Need, NeedInterest, RecommendationMeeting
from tests.factories import NeedFactory, default_department

pytestmark = pytest.mark.django_db

INDEX = "/admin/needs/"
BULK = "/admin/bulk/needs/need/{name}/"


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_listing_shows_handed_in_needs_not_drafts(staff_client, draft_need, submitted_need):
    html = staff_client.get(INDEX).content.decode()
    assert "困境儿童课后托管" in html
    assert "独居长者上门探访" not in html
    assert BULK.format(name="build_call") in html


def test_non_staff_is_kept_out(client, clerk, submitted_need):
    client.force_login(clerk)
    assert client.get(INDEX).status_code in (302, 403)
    assert client.get("/admin/need_picture/").status_code in (302, 403)


def test_inspect_shows_contact_and_offers(staff_client, published_need, verified_a):
    NeedInterest.objects.create(
        need=published_need, organization=verified_a, approach="助餐点运营", capacity="社工4名"
    )
    html = staff_client.get(f"{INDEX}inspect/{published_need.pk}/").content.decode()
    assert "0755-26000001" in html
    assert "阳光社工服务中心" in html and "助餐点运营" in html
    assert f"{INDEX}transition/{published_need.pk}/close/" in html


def test_staff_publish_through_the_transition_page(staff_client, submitted_need):
    url = f"{INDEX}transition/{submitted_need.pk}/publish/"
    response = staff_client.post(url, {"reason": ""})
    assert response.status_code == 302
    assert Need.objects.get(pk=submitted_need.pk).state == "published"


def test_bulk_build_call(staff_client, community):
    department = default_department()  # staff buy for their own department only
    needs = [NeedFactory(organization=community, state="published") for _ in range(2)]
    url = BULK.format(name="build_call") + "?" + "&".join(f"id={n.pk}" for n in needs)
    page = staff_client.get(url).content.decode()
    assert needs[0].title in page
    assert 'value="160000.00"' in page  # suggested total from the two ranges
    response = staff_client.post(
        url,
        {
            "title": "2026年社区需求回应项目",
            "kind": "venture",
            "department": department.pk,
            "total_budget": "160000.00",
            "per_project_cap": "80000.00",
            "project_period_months": "10",
        },
    )
    call = Call.objects.get(title="2026年社区需求回应项目")
    assert response.url == f"/admin/calls/edit/{call.pk}/"
    assert set(call.needs.values_list("pk", flat=True)) == {n.pk for n in needs}
    assert set(Need.objects.values_list("state", flat=True)) == {"in_call"}


def test_bulk_build_call_refuses_unpublished_and_changes_nothing(staff_client, submitted_need):
    department = default_department()
    url = BULK.format(name="build_call") + f"?id={submitted_need.pk}"
    response = staff_client.post(
        url,
        {
            "title": "不应生成",
            "kind": "venture",
            "department": department.pk,
            "total_budget": "100000",
            "per_project_cap": "50000",
            "project_period_months": "10",
        },
    )
    assert response.status_code == 200
    assert "只有已审核公开的需求可以纳入征集" in response.content.decode()
    assert not Call.objects.filter(title="不应生成").exists()
    assert Need.objects.get(pk=submitted_need.pk).state == "submitted"


def test_bulk_link_to_existing_call(staff_client, published_need):
    from tests.factories import CallFactory

    call = CallFactory()
    url = BULK.format(name="link_call") + f"?id={published_need.pk}&next={INDEX}"
    response = staff_client.post(url, {"call": call.pk})
    assert response.status_code == 302
    need = Need.objects.get(pk=published_need.pk)
    assert (need.state, need.call) == ("in_call", call)


@pytest.mark.parametrize("value", ["²³", "abc", "0", "3651", "1" + "0" * 30])
def test_picture_falls_back_to_the_default_age_for_a_wrong_one(staff_client, value):
    """Superscripts ("²³") pass str.isdigit() but not int(): they were a 500 (found by the admin
    fuzz)."""
    response = staff_client.get(f"/admin/need_picture/?days={value}")
    assert response.status_code == 200
    assert response.context["pic"].stale_days == stats.DEFAULT_STALE_DAYS


def test_bulk_build_call_skips_ids_no_row_can_have(staff_client, published_need):
    ids = "&".join(f"id={v}" for v in ("²", "abc", "1" + "0" * 30, published_need.pk))
    response = staff_client.get(BULK.format(name="build_call") + f"?{ids}")
    assert response.status_code == 200
    assert [item["item"] for item in response.context["items"]] == [published_need]


def test_picture_counts_and_exports(staff_client, community):
    old = timezone.now() - timedelta(days=200)
    NeedFactory(organization=community, state="published", published_at=old)  # stale
    NeedFactory(organization=community, state="published")
    NeedFactory(organization=community, state="satisfied", category="children")
    NeedFactory(organization=community, state="submitted", region_code="440304")
    NeedFactory(organization=community, state="draft")  # not counted
    html = staff_client.get("/admin/need_picture/?days=90").content.decode()
    assert "扶老" in html and "救孤" in html and "广东省深圳市福田区" in html
    response = staff_client.get("/admin/need_picture/?days=90&export=xlsx")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["按服务领域"]
    header = [c.value for c in sheet[1]]
    assert header[:7] == [
        "服务领域",
        "需求总数",
        "待审核",
        "公开待满足",
        "超期未满足",
        "已纳入征集",
        "已满足",
    ]
    rows = {r[0]: r[1:] for r in sheet.iter_rows(min_row=2, values_only=True) if r and r[0]}
    assert rows["扶老"][:4] == (3, 1, 2, 1)
    assert rows["救孤"][5] == 1
    assert rows["合计"][0] == 4
    regions = {
        r[0]: r[1] for r in book["按地区"].iter_rows(min_row=2, values_only=True) if r and r[0]
    }
    assert regions["广东省深圳市福田区"] == 1


def test_meeting_inspect_and_publish(staff_client, published_need):
    meeting = RecommendationMeeting.objects.create(
        title="南头街道项目推荐会",
        department=default_department(),
        held_on=date(2026, 3, 12),
        place="党群服务中心",
        result_summary="达成对接2项",
    )
    html = staff_client.get(f"/admin/need_meetings/inspect/{meeting.pk}/").content.decode()
    assert "南头街道项目推荐会" in html
    response = staff_client.post(f"/admin/need_meetings/transition/{meeting.pk}/publish/", {})
    assert response.status_code == 302
    assert RecommendationMeeting.objects.get(pk=meeting.pk).state == "published"


def test_admin_forms_render(staff_client, published_need):
    html = staff_client.get(f"{INDEX}edit/{published_need.pk}/").content.decode()
    assert "承接的立项项目" in html
    html = staff_client.get("/admin/need_meetings/new/").content.decode()
    assert "达成的对接" in html and "参加的社区和组织" in html


def test_listing_exports_spreadsheet_with_labels(staff_client, published_need):
    response = staff_client.get(f"{INDEX}?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "社区长者助餐服务"
    assert "扶老" in rows[1] and "已审核公开" in rows[1] and "较急" in rows[1]
    assert "0755-26000001" not in rows[1]  # contacts stay out of the export
