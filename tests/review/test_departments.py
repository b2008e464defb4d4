"""Departments in the expert review (issue 21, points 2 and 3): every staff page of the review
loads its records through `for_user` (another department's id answers 404), a department above
the purchaser reads without buttons (403 with the reason on POST), lists and to-do counts hold
own and subordinate rows only, and the expert pool is city-wide plus each department's own
experts, drawn only by calls of that department and those below it."""

import datetime
import io
import random
from decimal import Decimal
from types import SimpleNamespace
from unittest.mock import patch

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from core import approvals, todo
from core.workflow import available_transitions, perform_transition
from grants.models import Call, CallState
from orgs.roles import Role
from review import approvals as review_approvals
from review.admin.workbench import ACTIONS
from review.decisions import decide, finish_review, propose
from review.draw import draw_panel, eligible_pool
from review.models import ExpertProfile, Objection, ObjectionState, Publicity
from review.publication import publish
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    ExpertProfileFactory,
    GovernmentFactory,
    UserFactory,
    default_department,
)
from tests.review.conftest import make_reviewing_call
from tests.review.test_ranking import set_totals

pytestmark = pytest.mark.django_db

D = datetime.date
OTHER = "该事项属于其他部门，您无权办理"


@pytest.fixture
def tree(db):
    """The city bureau above two districts; 南头街道 under 南山区 (the suite's default department,
    where the `staff` persona works)."""
    city = GovernmentFactory(name="深圳市民政局", jurisdiction_code="440300")
    nanshan = default_department()
    nanshan.parent_department = city
    nanshan.save(update_fields=["parent_department"])
    futian = GovernmentFactory(
        name="深圳市福田区民政局", jurisdiction_code="440304", parent_department=city
    )
    street = GovernmentFactory(
        name="南山区南头街道办事处", jurisdiction_code="440305001", parent_department=nanshan
    )
    return SimpleNamespace(
        city=city,
        nanshan=nanshan,
        futian=futian,
        street=street,
        city_staff=UserFactory(real_name="市局科员", roles=[Role.STAFF], departments=[city]),
        futian_staff=UserFactory(real_name="福田科员", roles=[Role.STAFF], departments=[futian]),
        street_staff=UserFactory(real_name="街道科员", roles=[Role.STAFF], departments=[street]),
    )


@pytest.fixture
def published(tree, staff, experts):
    """南山区's call in its 公示 (published 26 September 2025) with one objection carrying an
    attachment."""
    call, apps = make_reviewing_call(
        staff,
        n=4,
        amounts=[Decimal("40000.00")] * 4,
        min_scores=3,
        total_budget=Decimal("80000.00"),
    )
    draw_panel(call=call, by=staff, size=3, seed=8)
    for application, score in zip(apps, ["90", "85", "80", "50"], strict=True):
        set_totals(application, [score] * 3)
    finish_review(call, by=staff)
    propose(call, by=staff)
    decide(call, by=staff)
    moment = datetime.datetime(2025, 9, 26, 1, tzinfo=datetime.UTC)
    with patch("django.utils.timezone.now", return_value=moment):
        publicity = publish(call, by=staff, start=D(2025, 9, 26), contact="0755-12345678")
    objection = Objection.objects.create(
        publicity=publicity,
        application=apps[0],
        name="赵六",
        contact="13800000002",
        content="申报材料与实际不符",
        attachment_name="证明.pdf",
        attachment_type="application/pdf",
    )
    objection.attachment.save("proof.pdf", ContentFile(b"%PDF-1.4 proof"), save=True)
    own_expert = ExpertProfileFactory(user__real_name="南山自有专家", department=tree.nanshan)
    call.refresh_from_db()
    return SimpleNamespace(
        call=call, apps=apps, publicity=publicity, objection=objection, expert=own_expert
    )


def staff_get_urls(p) -> list[str]:
    """Every staff page of the review that shows the record of `published`."""
    call, expert = p.call, p.expert
    return [
        reverse("review_call", args=[call.pk]),
        reverse("review_plan", args=[call.pk]),
        reverse("review_sheets", args=[call.pk, p.apps[0].pk]),
        reverse("review_export", args=[call.pk, "scores.xlsx"]),
        reverse("review_export", args=[call.pk, "ranking.xlsx"]),
        reverse("review_export", args=[call.pk, "ranking.pdf"]),
        reverse("review_objection_attachment", args=[call.pk, p.objection.pk]),
        reverse("experts:inspect", args=[expert.pk]),
        reverse("experts:edit", args=[expert.pk]),
        reverse("experts:history", args=[expert.pk]),
        reverse("experts:history_results", args=[expert.pk]),
        reverse("experts:usage", args=[expert.pk]),
        reverse("experts:delete", args=[expert.pk]),
    ]


# --- Another department: 404 everywhere ----------------------------------------------------------


def test_another_departments_staff_get_404_on_every_review_url(client, tree, published):
    client.force_login(tree.futian_staff)
    for url in staff_get_urls(published):
        response = client.get(url)
        assert (url, response.status_code) == (url, 404)
        assert published.call.title not in response.content.decode()
    for name in sorted(ACTIONS):
        url = reverse("review_call_action", args=[published.call.pk, name])
        assert (name, client.post(url, {"confirmed": "1"}).status_code) == (name, 404)
    edit = reverse("experts:edit", args=[published.expert.pk])
    assert client.post(edit, {"title": "教授"}).status_code == 404
    published.expert.refresh_from_db()
    assert published.expert.title == "副教授"
    objection = Objection.objects.get(pk=published.objection.pk)
    assert objection.state == ObjectionState.RECEIVED


def test_the_purchasers_staff_reach_the_same_urls(client, staff, published):
    client.force_login(staff)
    delete = reverse("experts:delete", args=[published.expert.pk])
    reached = {url: client.get(url).status_code for url in staff_get_urls(published)}
    # Nobody deletes experts in the admin: the staff permission policy sends them home.
    assert reached.pop(delete) == 302
    assert client.get(delete).url == reverse("wagtailadmin_home")
    assert set(reached.values()) == {200}


# --- A department above: reads, never acts --------------------------------------------------------


def test_city_bureau_reads_the_workbench_without_buttons(client, tree, staff, published):
    call = published.call
    actions = f"/admin/review/calls/{call.pk}/do/"
    client.force_login(staff)
    own = client.get(reverse("review_call", args=[call.pk])).content.decode()
    assert actions in own and 'name="objection"' in own
    client.force_login(tree.city_staff)
    html = client.get(reverse("review_call", args=[call.pk])).content.decode()
    assert "该征集由深圳市南山区民政局办理，您所在的部门只能查看。" in html
    assert "测试项目1" in html and "赵六" in html
    assert actions not in html
    assert reverse("review_plan", args=[call.pk]) not in html
    sheets = client.get(reverse("review_sheets", args=[call.pk, published.apps[0].pk]))
    assert sheets.status_code == 200
    assert actions not in sheets.content.decode()


def test_city_bureau_posts_are_refused_with_the_reason(client, tree, published):
    call, objection = published.call, published.objection
    client.force_login(tree.city_staff)
    for name in ("remind", "settle", "correct", "award"):
        response = client.post(
            reverse("review_call_action", args=[call.pk, name]),
            {"objection": objection.pk, "decision": "reject", "reason": "不成立", "confirmed": "1"},
        )
        assert (name, response.status_code) == (name, 403)
        assert OTHER in response.content.decode()
    plan = client.get(reverse("review_plan", args=[call.pk]))
    assert plan.status_code == 403 and OTHER in plan.content.decode()
    assert client.post(reverse("review_plan", args=[call.pk]), {}).status_code == 403
    assert Objection.objects.get(pk=objection.pk).state == ObjectionState.RECEIVED
    assert Call.objects.get(pk=call.pk).state == CallState.PUBLICITY


def test_city_bureau_reads_the_exports(client, tree, published):
    client.force_login(tree.city_staff)
    response = client.get(reverse("review_export", args=[published.call.pk, "ranking.xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    ranked = [row[:2] for row in sheet.iter_rows(values_only=True) if isinstance(row[0], int)]
    assert ranked == [(1, "测试项目1"), (2, "测试项目2"), (3, "测试项目3"), (4, "测试项目4")]


def test_the_door_refuses_the_city_bureau_on_review_records(tree, staff, published):
    objection = published.objection
    assert available_transitions(objection, tree.city_staff) == []
    assert {t.name for t in available_transitions(objection, staff)} == {"uphold", "reject"}
    with pytest.raises(PermissionDenied, match=OTHER):
        perform_transition(objection, "reject", by=tree.city_staff, reason="不成立")
    with pytest.raises(PermissionDenied, match=OTHER):
        approvals.submit(review_approvals.AWARD, published.call, by=tree.city_staff)


# --- Lists and to-do counts ---------------------------------------------------------------------


def _call_titles(html) -> list[str]:
    rows = html.split("<tbody>")[1].split("</tbody>")[0]
    return [part.split("</a>")[0].split(">")[-1] for part in rows.split("<tr>")[1:]]


def test_workbench_list_holds_own_and_below_calls(client, tree, staff):
    calls = {
        name: CallFactory(title=f"{name}的征集", department=getattr(tree, name), state="closed")
        for name in ("city", "nanshan", "street", "futian")
    }
    expected = {
        staff: {"nanshan", "street"},
        tree.futian_staff: {"futian"},
        tree.street_staff: {"street"},
        tree.city_staff: {"city", "nanshan", "street", "futian"},
    }
    for person, names in expected.items():
        client.force_login(person)
        html = client.get(reverse("review_calls")).content.decode()
        assert sorted(_call_titles(html)) == sorted(calls[n].title for n in names)


def _bare_publicity(call):
    """A 公示 row ending 20 October 2025 with one objection waiting (no review behind it)."""
    Call.objects.filter(pk=call.pk).update(state=CallState.PUBLICITY)
    publicity = Publicity.objects.create(
        call=call,
        starts_on=D(2025, 9, 26),
        ends_on=D(2025, 10, 20),
        objections_until=D(2025, 10, 20),
        published_at=datetime.datetime(2025, 9, 26, 1, tzinfo=datetime.UTC),
    )
    application = ApplicationFactory(call=call, project_name=f"{call.department.name}项目")
    Objection.objects.create(
        publicity=publicity, application=application, name="异议人", contact="1", content="异议"
    )
    return publicity


def test_todo_panels_count_own_and_below_only(tree, staff):
    for name in ("nanshan", "street", "futian"):
        _bare_publicity(CallFactory(title=f"{name}的征集", department=getattr(tree, name)))
    today = D(2025, 10, 16)
    expected = {
        staff: ["深圳市南山区民政局项目", "南山区南头街道办事处项目"],
        tree.futian_staff: ["深圳市福田区民政局项目"],
        tree.city_staff: [
            "深圳市南山区民政局项目",
            "南山区南头街道办事处项目",
            "深圳市福田区民政局项目",
        ],
    }
    for person, projects in expected.items():
        filled = todo.fill(todo.PANELS["objections"], person, today=today)
        assert filled.count == len(projects)
        assert sorted(item.text.split(" · ")[0] for item in filled.items) == sorted(projects)
        ending = todo.fill(todo.PANELS["publicity_ending"], person, today=today)
        assert ending.count == len(projects)


def _listing_queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_listing_queries_do_not_grow_with_departments(client, tree):
    """2 → 50 departments under the city bureau, each with a call under review and an expert."""
    client.force_login(tree.city_staff)
    CallFactory(department=tree.nanshan, state="closed")
    ExpertProfileFactory(department=tree.nanshan)
    urls = [reverse("review_calls"), reverse("experts:index")]
    few = [_listing_queries(client, url) for url in urls]
    for n in range(46):
        department = GovernmentFactory(name=f"第{n}街道办事处", parent_department=tree.city)
        CallFactory(department=department, state="closed")
        ExpertProfileFactory(department=department)
    many = [_listing_queries(client, url) for url in urls]
    assert many == few
    html = client.get(reverse("review_calls")).content.decode()
    assert len(_call_titles(html)) == 47


# --- The expert pool ---------------------------------------------------------------------------


@pytest.fixture
def pool(tree):
    """Three city-wide experts and the own experts of each department."""
    city_wide = [ExpertProfileFactory(user__real_name=f"全市专家{i}") for i in range(3)]
    own = {
        name: [
            ExpertProfileFactory(user__real_name=f"{name}专家{i}", department=getattr(tree, name))
            for i in range(2)
        ]
        for name in ("city", "nanshan", "street", "futian")
    }
    return SimpleNamespace(city_wide=city_wide, **own)


def _ids(*groups) -> list[int]:
    return sorted(e.pk for group in groups for e in group)


def test_draw_uses_city_wide_and_own_or_above_experts(tree, staff, pool):
    call, _apps = make_reviewing_call(staff)
    assert eligible_pool(call) == _ids(pool.city_wide, pool.city, pool.nanshan)
    Call.objects.filter(pk=call.pk).update(department=tree.street)
    call.refresh_from_db()
    assert eligible_pool(call) == _ids(pool.city_wide, pool.city, pool.nanshan, pool.street)
    never = {e.pk for e in pool.futian}
    for seed in range(30):
        call.review_panels.all().delete()
        panel = draw_panel(call=call, by=staff, size=7, seed=seed)
        assert never.isdisjoint(panel.members.values_list("expert", flat=True))
        assert panel.pool == eligible_pool(call)
        assert list(panel.members.order_by("position").values_list("expert", flat=True)) == (
            random.Random(seed).sample(panel.pool, 7)
        )


def test_another_departments_own_expert_is_never_drawn(tree, staff, pool):
    call, _apps = make_reviewing_call(staff)
    Call.objects.filter(pk=call.pk).update(department=tree.futian)
    call.refresh_from_db()
    assert eligible_pool(call) == _ids(pool.city_wide, pool.city, pool.futian)
    panel = draw_panel(call=call, by=tree.futian_staff, size=7, seed=1)
    drawn = set(panel.members.values_list("expert", flat=True))
    assert drawn == set(_ids(pool.city_wide, pool.city, pool.futian))


def test_expert_list_holds_city_wide_and_own_and_below(client, tree, staff, pool):
    names = {e.pk: str(e) for e in ExpertProfile.objects.all()}
    expected = {
        staff: _ids(pool.city_wide, pool.nanshan, pool.street),
        tree.futian_staff: _ids(pool.city_wide, pool.futian),
        tree.city_staff: _ids(pool.city_wide, pool.city, pool.nanshan, pool.street, pool.futian),
    }
    for person, ids in expected.items():
        client.force_login(person)
        html = client.get(reverse("experts:index")).content.decode()
        shown = sorted(pk for pk, name in names.items() if name in html)
        assert shown == ids
    assert "全市专家库" in html and "深圳市福田区民政局" in html


def test_another_departments_expert_page_answers_404(client, tree, staff, pool):
    client.force_login(staff)
    futian_expert = pool.futian[0]
    for view in ("inspect", "edit", "history"):
        response = client.get(reverse(f"experts:{view}", args=[futian_expert.pk]))
        assert (view, response.status_code) == (view, 404)
        assert "futian专家0" not in response.content.decode()
    inspect = client.get(reverse("experts:inspect", args=[pool.city_wide[0].pk]))
    assert "全市专家0" in inspect.content.decode()


def test_own_experts_are_edited_by_their_department_only(client, tree, staff, pool):
    nanshan_expert = pool.nanshan[0]
    edit = reverse("experts:edit", args=[nanshan_expert.pk])
    client.force_login(tree.city_staff)
    html = client.get(reverse("experts:inspect", args=[nanshan_expert.pk])).content.decode()
    assert "nanshan专家0" in html and edit not in html
    refused = client.get(edit)
    assert refused.status_code == 403 and OTHER in refused.content.decode()
    client.force_login(staff)
    assert client.get(edit).status_code == 200
    # The city-wide pool is kept by the city bureau (no parent) and system administrators.
    city_wide = reverse("experts:edit", args=[pool.city_wide[0].pk])
    refused = client.get(city_wide)
    assert refused.status_code == 403
    assert "全市专家库的专家只能由市级部门的工作人员或系统管理员维护" in refused.content.decode()
    client.force_login(tree.city_staff)
    assert client.get(city_wide).status_code == 200


def _expert_data(user, **extra):
    return {
        "user": user.pk,
        "department": "",
        "title": "教授",
        "employer_name": "某大学",
        "expertise": "扶老",
        "phone": "",
        "active": "on",
        **extra,
    }


def test_new_expert_department_is_one_the_user_acts_for(client, tree, staff):
    person = UserFactory(real_name="新专家", roles=[Role.EXPERT])
    client.force_login(staff)
    add = reverse("experts:add")
    html = client.post(add, _expert_data(person)).content.decode()
    assert "请选择所属部门：全市专家库的专家只能由市级部门的工作人员或系统管理员维护" in html
    html = client.post(add, _expert_data(person, department=tree.futian.pk)).content.decode()
    assert "只能选择您所在的部门" in html
    assert not ExpertProfile.objects.filter(user=person).exists()
    client.post(add, _expert_data(person, department=tree.nanshan.pk))
    assert ExpertProfile.objects.get(user=person).department == tree.nanshan
    client.force_login(tree.city_staff)
    other = UserFactory(real_name="全市新专家", roles=[Role.EXPERT])
    client.post(add, _expert_data(other))
    assert ExpertProfile.objects.get(user=other).department is None


def test_expert_progress_shows_only_calls_the_user_sees(client, tree, staff, experts):
    nanshan_call, _apps = make_reviewing_call(staff, n=1)
    draw_panel(call=nanshan_call, by=staff, size=7, seed=1)
    futian_call, _apps = make_reviewing_call(staff, n=1)
    draw_panel(call=futian_call, by=staff, size=7, seed=1)
    Call.objects.filter(pk=futian_call.pk).update(department=tree.futian, title="福田区的征集")
    expert = experts[0]
    client.force_login(staff)
    html = client.get(reverse("experts:inspect", args=[expert.pk])).content.decode()
    assert nanshan_call.title in html and "福田区的征集" not in html
    client.force_login(tree.city_staff)
    html = client.get(reverse("experts:inspect", args=[expert.pk])).content.decode()
    assert nanshan_call.title in html and "福田区的征集" in html
