"""Needs and recommendation meetings belong to a department (issue 21): who sees them in the back
office, who moderates them, where a new need goes, and the migration of existing ones."""

import datetime
import importlib
import re

import pytest
from django.apps import apps as global_apps
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import todo
from core.workflow import available_transitions
from grants.models import Call
from needs import actions, stats
from needs.models import Need, NeedAttachment, RecommendationMeeting
from orgs.roles import Role
from tests.factories import (
    CallFactory,
    GovernmentFactory,
    NeedFactory,
    UserFactory,
    default_department,
)
from tests.hostile_files import make_pdf

pytestmark = pytest.mark.django_db

OTHER = "该事项属于其他部门，您无权办理"
BULK = "/admin/bulk/needs/need/build_call/"


@pytest.fixture
def people(tree, staff):
    city, _nanshan, futian = tree
    return {
        "nanshan": staff,
        "futian": UserFactory(real_name="福田科员", roles=[Role.STAFF], departments=[futian]),
        "city": UserFactory(real_name="市局科员", roles=[Role.STAFF], departments=[city]),
    }


@pytest.fixture
def needs(tree, community):
    _city, nanshan, futian = tree
    return {
        "nanshan": NeedFactory(
            organization=community, title="南山长者助餐", state="submitted", department=nanshan
        ),
        "futian": NeedFactory(
            organization=community,
            title="福田儿童托管",
            state="submitted",
            region_code="440304",
            department=futian,
        ),
    }


def _attachment(need):
    attachment = NeedAttachment(
        need=need,
        title="现场照片",
        original_name="现场照片.pdf",
        content_type="application/pdf",
        size=10,
        sha256="d" * 64,
    )
    attachment.file.save("photo.pdf", ContentFile(make_pdf()), save=False)
    attachment.save()
    return attachment


def _meeting(department, **fields):
    return RecommendationMeeting.objects.create(
        title=fields.pop("title", "南头街道项目推荐会"),
        department=department,
        held_on=datetime.date(2026, 3, 12),
        place="党群服务中心",
        result_summary="达成对接1项",
        **fields,
    )


def _login(client, user):
    client.force_login(user)
    return client


# --- Who sees what -------------------------------------------------------------------------------


def test_another_departments_need_and_meeting_are_404_on_every_staff_url(
    client, tree, people, needs
):
    need = needs["nanshan"]
    attachment = _attachment(need)
    meeting = _meeting(tree[1])
    meeting.needs.set([need])
    urls = [
        f"/admin/needs/inspect/{need.pk}/",
        f"/admin/needs/edit/{need.pk}/",
        f"/admin/needs/history/{need.pk}/",
        f"/admin/needs/usage/{need.pk}/",
        f"/admin/needs/delete/{need.pk}/",
        f"/admin/needs/transition/{need.pk}/publish/",
        f"/admin/needs/attachment/{need.pk}/{attachment.pk}/",
        f"/admin/need_meetings/inspect/{meeting.pk}/",
        f"/admin/need_meetings/edit/{meeting.pk}/",
        f"/admin/need_meetings/history/{meeting.pk}/",
        f"/admin/need_meetings/usage/{meeting.pk}/",
        f"/admin/need_meetings/delete/{meeting.pk}/",
        f"/admin/need_meetings/transition/{meeting.pk}/publish/",
    ]
    _login(client, people["futian"])
    answered = {url: client.get(url).status_code for url in urls}
    assert answered == dict.fromkeys(urls, 404)
    posted = {url: client.post(url, {}).status_code for url in urls[-1:] + urls[5:6]}
    assert posted == dict.fromkeys(posted, 404)
    _login(client, people["nanshan"])
    assert client.get(urls[0]).status_code == 200
    assert client.get(urls[6]).status_code == 200


def test_lists_exports_and_counts_hold_own_and_lower_departments(client, tree, people, needs):
    titles = {"南山长者助餐", "福田儿童托管"}
    for who, seen in (
        ("nanshan", {"南山长者助餐"}),
        ("futian", {"福田儿童托管"}),
        ("city", titles),
    ):
        user = people[who]
        html = _login(client, user).get("/admin/needs/").content.decode()
        assert {t for t in titles if t in html} == seen, who
        export = client.get("/admin/needs/?export=csv")
        text = b"".join(export.streaming_content).decode("utf-8-sig")
        assert {t for t in titles if t in text} == seen, who
        panel = todo.fill(todo.PANELS["needs_to_moderate"], user)
        assert panel.count == len(seen), who
        assert {item.text.split(" · ")[1] for item in panel.items} == seen, who
        assert stats.picture(user=user).totals.submitted == len(seen), who


def test_meetings_listing_keeps_to_the_organizing_departments(client, tree, people):
    _city, nanshan, futian = tree
    _meeting(nanshan, title="南山推荐会")
    _meeting(futian, title="福田推荐会")
    html = _login(client, people["futian"]).get("/admin/need_meetings/").content.decode()
    assert "福田推荐会" in html and "南山推荐会" not in html
    html = _login(client, people["city"]).get("/admin/need_meetings/").content.decode()
    assert "福田推荐会" in html and "南山推荐会" in html


def test_city_bureau_reads_a_district_need_without_acting_on_it(client, tree, people, needs):
    need = needs["nanshan"]
    city_staff = people["city"]
    assert available_transitions(need, city_staff) == []
    html = _login(client, city_staff).get(f"/admin/needs/inspect/{need.pk}/").content.decode()
    assert "南山长者助餐" in html and "深圳市南山区民政局" in html
    assert f"/admin/needs/transition/{need.pk}/publish/" not in html
    response = client.post(f"/admin/needs/transition/{need.pk}/publish/", {"reason": ""})
    assert response.status_code == 403
    assert OTHER in response.content.decode()
    # Wagtail answers a refusal inside the admin by going back to the dashboard.
    response = client.get(f"/admin/needs/edit/{need.pk}/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert Need.objects.get(pk=need.pk).state == "submitted"
    meeting = _meeting(tree[1])
    response = client.get(f"/admin/need_meetings/edit/{meeting.pk}/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    html = client.get(f"/admin/need_meetings/inspect/{meeting.pk}/").content.decode()
    assert "南头街道项目推荐会" in html
    assert f"/admin/need_meetings/transition/{meeting.pk}/publish/" not in html


def test_portal_page_of_a_need_shows_no_contact_to_another_departments_staff(client, people, needs):
    need = needs["nanshan"]
    response = _login(client, people["futian"]).get(f"/portal/needs/{need.pk}/")
    assert response.status_code == 403
    assert "0755-26000001" not in response.content.decode()


def test_listing_queries_stay_the_same_with_50_departments(client, tree, people, needs):
    city_client = _login(client, people["city"])
    city_client.get("/admin/needs/")  # warm Wagtail's caches
    with CaptureQueriesContext(connection) as few:
        assert city_client.get("/admin/needs/").status_code == 200
    for n in range(47):
        district = GovernmentFactory(name=f"第{n}区民政局", parent_department=tree[0])
        NeedFactory(title=f"第{n}区需求", state="submitted", department=district)
    with CaptureQueriesContext(connection) as many:
        html = city_client.get("/admin/needs/").content.decode()
    assert re.search(r"第\d+区需求", html)
    assert len(many) == len(few)


# --- Where a need goes --------------------------------------------------------------------------


def test_a_new_need_goes_to_the_department_serving_its_region(client, tree, clerk, community):
    _city, nanshan, futian = tree
    assert actions.department_for(Need(region_code="440304001")) == futian
    assert actions.department_for(Need(region_code="440305")) == nanshan
    assert actions.department_for(Need(region_code="110101")) is None
    call = CallFactory(department=futian)
    assert actions.department_for(Need(region_code="440305", call=call)) == futian
    _login(client, clerk).post(
        "/portal/needs/new/",
        {
            "organization": community.pk,
            "title": "福田社区心理疏导",
            "description": "居民心理压力大。",
            "region_code": "440304",
            "category": "health",
            "urgency": "normal",
            "contact_name": "黄主任",
            "contact_phone": "0755-26000001",
        },
    )
    assert Need.objects.get(title="福田社区心理疏导").department == futian


def test_a_need_taken_into_a_call_belongs_to_the_calls_department(tree, needs):
    _city, nanshan, futian = tree
    officer = UserFactory(roles=[Role.STAFF], departments=[nanshan, futian])
    need = needs["futian"]
    Need.objects.filter(pk=need.pk).update(state="published")
    need.refresh_from_db()
    call = CallFactory(department=nanshan)
    actions.link_needs(needs=[need], by=officer, call=call)
    need.refresh_from_db()
    assert (need.state, need.call, need.department) == ("in_call", call, nanshan)


def test_needs_go_only_into_calls_of_the_users_departments(client, tree, people, needs):
    _city, nanshan, futian = tree
    need = needs["nanshan"]
    Need.objects.filter(pk=need.pk).update(state="published")
    need.refresh_from_db()
    with pytest.raises(PermissionDenied, match=OTHER):
        actions.link_needs(needs=[need], by=people["nanshan"], call=CallFactory(department=futian))
    with pytest.raises(PermissionDenied, match=OTHER):
        actions.link_needs(needs=[need], by=people["futian"], call=CallFactory(department=futian))
    assert Need.objects.get(pk=need.pk).state == "published"

    url = f"{BULK}?id={need.pk}"
    _login(client, people["nanshan"])
    form = {
        "title": "福田征集",
        "kind": "venture",
        "department": futian.pk,
        "total_budget": "100000.00",
        "per_project_cap": "50000.00",
        "project_period_months": "10",
    }
    response = client.post(url, form)
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not Call.objects.filter(title="福田征集").exists()
    page = client.get(url).content.decode()
    assert f'<option value="{nanshan.pk}" selected>' in page
    assert f'<option value="{futian.pk}"' not in page

    # Another department's need posted by id is left out, as if never ticked.
    page = _login(client, people["futian"]).get(url).content.decode()
    assert "南山长者助餐" not in page and "未选择需求" in page


def test_meeting_form_offers_own_departments_and_visible_needs(client, tree, people, needs):
    _city, _nanshan, futian = tree
    Need.objects.update(state="published")
    page = _login(client, people["nanshan"]).get("/admin/need_meetings/new/").content.decode()
    assert "南山长者助餐" in page and "福田儿童托管" not in page
    response = client.post(
        "/admin/need_meetings/new/",
        {
            "title": "福田推荐会",
            "department": futian.pk,
            "held_on": "2026-03-12",
            "place": "党群服务中心",
            "needs": [needs["futian"].pk],
            "matches-TOTAL_FORMS": "0",
            "matches-INITIAL_FORMS": "0",
            "matches-MIN_NUM_FORMS": "0",
            "matches-MAX_NUM_FORMS": "100",
        },
    )
    assert response.status_code == 200
    assert not RecommendationMeeting.objects.filter(title="福田推荐会").exists()


# --- The migration ------------------------------------------------------------------------------


def test_migration_gives_existing_needs_and_meetings_a_department(tree, community):
    migration = importlib.import_module("needs.migrations.0005_departments")
    _city, _nanshan, futian = tree
    in_call = NeedFactory(call=CallFactory(department=futian), state="in_call")
    by_region = NeedFactory(region_code="440304001", state="published")
    nowhere = NeedFactory(region_code="110101", state="published")
    meeting = _meeting(None)
    meeting.needs.set([in_call, by_region])
    meeting.save()  # a cluster's relations are written when it is saved
    Need.objects.update(department=None)
    migration.forwards(global_apps, connection.schema_editor())
    found = dict(Need.objects.values_list("pk", "department"))
    assert found == {in_call.pk: futian.pk, by_region.pk: futian.pk, nowhere.pk: None}
    assert RecommendationMeeting.objects.get(pk=meeting.pk).department == futian


def test_migration_on_a_single_department_platform(community):
    migration = importlib.import_module("needs.migrations.0005_departments")
    only = default_department()
    anywhere = NeedFactory(region_code="110101", state="published", department=None)
    migration.forwards(global_apps, connection.schema_editor())
    assert Need.objects.get(pk=anywhere.pk).department == only


def test_an_applications_answered_needs_page_keeps_to_the_departments(client, tree, people):
    """`portal:need_answers`: another department's staff get a 404, the city bureau reads a
    district's application and its POST is refused with the reason."""
    from django.urls import reverse

    from tests.factories import ApplicationFactory

    application = ApplicationFactory(state="draft")  # a call of 南山区, the default department
    url = reverse("portal:need_answers", args=[application.pk])
    client.force_login(people["futian"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"needs": []}).status_code == 404
    client.force_login(people["city"])
    assert client.get(url).status_code == 200
    refused = client.post(url, {"needs": []})
    assert refused.status_code == 403 and OTHER in refused.content.decode()
    client.force_login(people["nanshan"])
    assert client.get(url).status_code == 200
