"""Departments in the grants back office (issue 21): staff see the calls and applications of their
departments and of those below, act only on their own, and another department's record is a 404
on every staff URL (admin and the portal pages staff use)."""

import csv
import io
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import todo
from core.workflow import perform_transition
from grants.models import Application, Call
from orgs.models import Organization, OrgKind
from orgs.roles import Role
from tests.factories import (
    CallFactory,
    GovernmentFactory,
    OrganizationFactory,
    UserFactory,
    default_department,
)
from tests.grants.admin_support import INDEX, handed_in, listed
from tests.grants.test_admin_calls import CALLS, call_form

pytestmark = pytest.mark.django_db

OTHER_DEPARTMENT = "该事项属于其他部门，您无权办理"
# The site's 404 page, and the admin's (Wagtail's, "Go to Wagtail admin" in Chinese).
NOT_FOUND = "页面不存在"
ADMIN_NOT_FOUND = "返回后台首页"
BULK = "/admin/bulk/grants/application/{name}/"


@pytest.fixture
def tree(db):
    """深圳市民政局 above 南山区 (the default department, above 南头街道) and 福田区."""
    city = GovernmentFactory(name="深圳市民政局", jurisdiction_code="440300")
    nanshan = default_department()
    Organization.objects.filter(pk=nanshan.pk).update(parent_department=city)
    street = GovernmentFactory(
        name="南山区南头街道办事处", jurisdiction_code="440305001", parent_department=nanshan
    )
    futian = GovernmentFactory(
        name="深圳市福田区民政局", jurisdiction_code="440304", parent_department=city
    )
    return SimpleNamespace(city=city, nanshan=nanshan, street=street, futian=futian)


def _officer(name, department):
    return UserFactory(real_name=name, roles=[Role.STAFF], departments=[department])


@pytest.fixture
def futian_officer(tree):
    return _officer("福田科员", tree.futian)


@pytest.fixture
def city_officer(tree):
    return _officer("市局处长", tree.city)


@pytest.fixture
def world(tree, call, draft, owner, org_b):
    """南山's call (closing tomorrow) with org A's application submitted (receipt 1), a draft call
    of 南山, and one submitted application in a call of each other department."""
    tomorrow = timezone.now() + timedelta(days=1)
    Call.objects.filter(pk=call.pk).update(closes_at=tomorrow)
    application = perform_transition(draft, "submit", by=owner)
    calls = {
        "street": CallFactory(title="南头街道长者服务采购", department=tree.street),
        "futian": CallFactory(
            title="2025年福田区公益创投",
            department=tree.futian,
            closes_at=tomorrow,
            categories=["扶老", "福田特色服务"],
        ),
        "city": CallFactory(title="2025年深圳市级公益创投", department=tree.city),
    }
    return SimpleNamespace(
        call=Call.objects.get(pk=call.pk),
        application=application,
        attachment=application.attachments.order_by("pk").first(),
        draft_call=CallFactory(title="南山区筹备中的征集", state="draft"),
        calls=calls,
        street=handed_in(calls["street"], org_b, "南头街道长者饭堂"),
        futian=handed_in(calls["futian"], org_b, "福田区困境儿童陪伴"),
        city=handed_in(calls["city"], OrganizationFactory(name="深圳市社工协会"), "市级社工督导"),
    )


def staff_urls(w):
    """Every grants staff URL of 南山's call and application, with what 南山's own staff get."""
    call, pk, attachment = w.call.pk, w.application.pk, w.attachment.pk
    return [
        (f"{CALLS}edit/{call}/", 200),
        (f"{CALLS}inspect/{call}/", 200),
        (f"{CALLS}history/{call}/", 200),
        (f"{CALLS}history-results/{call}/", 200),
        (f"{CALLS}usage/{call}/", 200),
        (f"{CALLS}delete/{call}/", 302),  # nobody deletes: Wagtail's refusal
        (f"{CALLS}transition/{call}/close/", 200),
        (f"{INDEX}inspect/{pk}/", 200),
        (f"{INDEX}inspect/{pk}/pdf/", 200),
        (f"{INDEX}inspect/{pk}/attachments/{attachment}/", 200),
        (f"{INDEX}transition/{pk}/start_screening/", 200),
        (f"{INDEX}edit/{pk}/", 302),  # staff never edit an application: Wagtail's refusal
        (f"{INDEX}delete/{pk}/", 302),
        (f"{INDEX}history/{pk}/", 302),
        (f"{INDEX}history-results/{pk}/", 302),
        (f"{INDEX}usage/{pk}/", 302),
        (f"/portal/applications/{pk}/", 200),
        (f"/portal/applications/{pk}/pdf/", 200),
        (f"/portal/applications/{pk}/attachments/{attachment}/", 200),
        (f"/portal/applications/{pk}/receipts/1/", 200),
        (f"/portal/calls/{w.draft_call.pk}/", 200),
    ]


def post_urls(w):
    call, pk = w.call.pk, w.application.pk
    return [
        f"{CALLS}edit/{call}/",
        f"{CALLS}delete/{call}/",
        f"{CALLS}transition/{call}/close/",
        f"{INDEX}transition/{pk}/start_screening/",
        f"{INDEX}edit/{pk}/",
        f"{INDEX}delete/{pk}/",
        f"/portal/applications/{pk}/transition/start_screening/",
    ]


def _unchanged(w):
    call = Call.objects.get(pk=w.call.pk)
    assert (call.title, call.state) == ("2025年南山区公益创投", "published")
    assert Application.objects.get(pk=w.application.pk).state == "submitted"


# --- another department: 404 everywhere ---------------------------------------------------------


def test_another_departments_call_and_application_are_404_on_every_staff_url(
    client, world, futian_officer, staff
):
    client.force_login(futian_officer)
    for url, _own in staff_urls(world):
        response = client.get(url)
        assert response.status_code == 404, url
        page = ADMIN_NOT_FOUND if url.startswith("/admin/") else NOT_FOUND
        assert page in response.content.decode(), url
    for url in post_urls(world):
        response = client.post(url, {"title": "越权改名", "reason": "越权操作"})
        assert response.status_code == 404, url
    _unchanged(world)
    # The same URLs for 南山's own staff: the 404 is the department's, not a missing page.
    client.force_login(staff)
    assert [(url, client.get(url).status_code) for url, _own in staff_urls(world)] == staff_urls(
        world
    )


def test_bulk_actions_never_touch_another_departments_applications(client, world, futian_officer):
    client.force_login(futian_officer)
    url = (
        f"{BULK.format(name='start_screening')}?id={world.application.pk}&id={world.futian.pk}"
        f"&next={INDEX}"
    )
    html = client.get(url).content.decode()
    assert "将对以下 1 份申报书逐一执行“开始形式审查”" in html
    assert "福田区困境儿童陪伴" in html
    assert "长者关爱计划" not in html and "将被跳过" not in html
    response = client.post(url, {"reason": ""})
    assert [(r["application"].pk, r["ok"]) for r in response.context["results"]] == [
        (world.futian.pk, True)
    ]
    assert "长者关爱计划" not in response.content.decode()
    _unchanged(world)
    # Only another department's id: nothing to do, nothing done.
    only_theirs = f"{BULK.format(name='start_screening')}?id={world.application.pk}&next={INDEX}"
    assert "未选择可处理的申报书。" in client.get(only_theirs).content.decode()
    assert client.post(only_theirs, {"reason": ""}).context["results"] == []
    # "Select all in listing" is the listing's rows: the officer's own department's only.
    select_all = f"{BULK.format(name='pass_screening')}?id=all&next={INDEX}"
    response = client.post(select_all, {"reason": ""})
    assert [r["application"].pk for r in response.context["results"]] == [world.futian.pk]
    _unchanged(world)


# --- a department above: read-only ---------------------------------------------------------------


def test_the_city_bureau_reads_a_districts_call_but_cannot_edit_or_move_it(
    client, world, city_officer
):
    client.force_login(city_officer)
    call = world.call
    html = client.get(f"{CALLS}inspect/{call.pk}/").content.decode()
    assert "2025年南山区公益创投" in html
    assert f"{CALLS}edit/{call.pk}/" not in html
    assert f"{CALLS}transition/{call.pk}/" not in html
    listing = client.get(CALLS).content.decode()
    assert f"{CALLS}edit/{world.calls['city'].pk}/" in listing  # its own call
    assert f"{CALLS}edit/{call.pk}/" not in listing
    for response in (
        client.get(f"{CALLS}edit/{call.pk}/"),
        client.post(f"{CALLS}edit/{call.pk}/", call_form(world.calls["city"].department)),
        client.post(f"{CALLS}transition/{call.pk}/close/", {"reason": "市局代为截止"}),
    ):
        assert response.status_code == 403
        assert OTHER_DEPARTMENT in response.content.decode()
    _unchanged(world)


def test_the_city_bureau_reads_a_districts_application_but_cannot_screen_it(
    client, world, city_officer
):
    client.force_login(city_officer)
    pk = world.application.pk
    html = client.get(f"{INDEX}inspect/{pk}/").content.decode()
    assert "长者关爱计划" in html and "形式审查清单" in html
    assert f"{INDEX}transition/{pk}/" not in html
    portal = client.get(f"/portal/applications/{pk}/").content.decode()
    assert "长者关爱计划" in portal
    assert f"/portal/applications/{pk}/transition/" not in portal
    response = client.post(f"{INDEX}transition/{pk}/start_screening/", {"reason": ""})
    assert response.status_code == 403
    assert OTHER_DEPARTMENT in response.content.decode()
    # Bulk: the district's application is listed apart and reported as not done.
    url = f"{BULK.format(name='start_screening')}?id={pk}&id={world.city.pk}&next={INDEX}"
    html = client.get(url).content.decode()
    assert "将对以下 1 份申报书逐一执行“开始形式审查”" in html
    assert f"以下 1 份申报书将被跳过（{OTHER_DEPARTMENT}）：" in html
    assert f'<li data-application="{pk}">长者关爱计划（' in html
    response = client.post(url, {"reason": ""})
    assert [(r["application"].pk, r["ok"], r["message"]) for r in response.context["results"]] == [
        (world.city.pk, True, "形式审查中"),
        (pk, False, OTHER_DEPARTMENT),
    ]
    assert "已处理 1 份，未执行 1 份。" in response.content.decode()
    _unchanged(world)


# --- the call form -------------------------------------------------------------------------------


def test_call_form_offers_only_the_users_own_departments(client, tree, staff, admin_user):
    client.force_login(staff)
    response = client.get(f"{CALLS}new/")
    assert list(response.context["form"].fields["department"].queryset) == [tree.nanshan]
    html = response.content.decode()
    assert tree.nanshan.name in html
    for other in (tree.city, tree.street, tree.futian):
        assert other.name not in html
    client.force_login(admin_user)
    response = client.get(f"{CALLS}new/")
    assert set(response.context["form"].fields["department"].queryset) == set(
        Organization.objects.filter(kind=OrgKind.GOVERNMENT)
    )


def test_a_posted_department_or_previous_call_outside_the_users_is_a_chinese_error(
    client, tree, staff
):
    client.force_login(staff)
    response = client.post(f"{CALLS}new/", call_form(tree.futian))
    assert response.status_code == 200
    assert response.context["form"].errors["department"] == ["只能选择您所在的部门作为购买主体"]
    theirs = CallFactory(title="福田区上一届公益创投", department=tree.futian)
    response = client.post(f"{CALLS}new/", call_form(tree.nanshan, previous_call=theirs.pk))
    assert response.context["form"].errors["previous_call"] == ["只能选择本部门的征集"]
    assert "只能选择本部门的征集" in response.content.decode()
    assert list(Call.objects.values_list("title", flat=True)) == ["福田区上一届公益创投"]
    response = client.post(f"{CALLS}new/", call_form(tree.nanshan))
    assert response.status_code == 302
    assert Call.objects.get(title="2026年南山区第四届公益创投").department == tree.nanshan


# --- lists, exports, filters and the to-do home --------------------------------------------------


def _csv_names(response) -> set[str]:
    body = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    return {row[1] for row in rows[1:]}


def test_lists_exports_filters_and_todo_hold_own_and_lower_departments_only(
    client, world, staff, futian_officer, city_officer
):
    everyone = {"长者关爱计划", "南头街道长者饭堂", "福田区困境儿童陪伴", "市级社工督导"}
    expected = [
        (
            staff,
            {"长者关爱计划", "南头街道长者饭堂"},
            {"2025年南山区公益创投", "南山区筹备中的征集", "南头街道长者服务采购"},
            {"2025年南山区公益创投"},
        ),
        (
            futian_officer,
            {"福田区困境儿童陪伴"},
            {"2025年福田区公益创投"},
            {"2025年福田区公益创投"},
        ),
        (
            city_officer,
            everyone,
            set(Call.objects.values_list("title", flat=True)),
            {"2025年南山区公益创投", "2025年福田区公益创投"},
        ),
    ]
    for user, applications, calls, closing in expected:
        client.force_login(user)
        response = client.get(INDEX)
        assert listed(response) == applications, user
        assert _csv_names(client.get(INDEX, {"export": "csv"})) == applications, user
        titles = {c.title for c in client.get(CALLS).context["object_list"]}
        assert titles == calls, user
        # The call filter offers the calls of the listing's departments only.
        html = response.content.decode()
        futian_call = world.calls["futian"]
        option = f'<option value="{futian_call.pk}">2025年福田区公益创投</option>'
        assert (option in html) == (user != staff), user
        assert ("福田特色服务" in html) == (user != staff), user
        assert ("2025年南山区公益创投" in html) == (user != futian_officer), user
        panels = {p.key: p for p in todo.panels_for(user)}
        screening = todo.fill(panels["applications_to_screen"], user)
        assert screening.count == len(applications), user
        assert {item.text.split(" · ")[1] for item in screening.items} == applications
        closing_panel = todo.fill(panels["calls_closing"], user)
        assert {item.text for item in closing_panel.items} == closing, user


def test_application_listing_queries_are_the_same_with_2_and_50_departments(client, staff):
    nanshan = default_department()
    futian = GovernmentFactory(name="深圳市福田区民政局", jurisdiction_code="440304")
    handed_in(CallFactory(), OrganizationFactory(), "南山的项目")
    handed_in(CallFactory(department=futian), OrganizationFactory(), "福田的项目")
    client.force_login(staff)
    client.get(INDEX)  # caches warmed: site, locales, permissions

    def measured():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(INDEX)
        assert response.status_code == 200
        return len(queries), listed(response)

    few, names = measured()
    assert names == {"南山的项目"}
    for n in range(48):
        # A quarter under 南山 (seen), the others under 福田 (not seen).
        parent = nanshan if n % 4 == 0 else futian
        department = GovernmentFactory(name=f"第{n}街道办事处", parent_department=parent)
        handed_in(CallFactory(department=department), OrganizationFactory(), f"街道项目{n}")
    assert Organization.objects.filter(kind=OrgKind.GOVERNMENT).count() == 50
    many, names = measured()
    assert names == {"南山的项目", *(f"街道项目{n}" for n in range(0, 48, 4))}
    assert many == few
