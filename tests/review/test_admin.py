"""The staff workbench in the Wagtail admin: access, plan and rubric, the actions, exports."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from grants.models import ApplicationState
from review.draw import draw_panel
from review.models import AssignmentState, Criterion, Panel
from tests.review.conftest import make_reviewing_call
from tests.review.test_ranking import set_totals

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(staff, experts):
    call, apps = make_reviewing_call(staff, n=3, min_scores=3)
    draw_panel(call=call, by=staff, size=3, seed=8)
    for application, score in zip(apps, ["90", "85", "70.5"], strict=True):
        set_totals(application, [score] * 3)
    return call, apps


@pytest.mark.parametrize("persona", ["expert", "owner", "evaluator"])
def test_workbench_staff_only(client, scored, persona, request):
    call, _apps = scored
    client.force_login(request.getfixturevalue(persona))
    for url in [
        reverse("review_calls"),
        reverse("review_call", args=[call.pk]),
        reverse("review_plan", args=[call.pk]),
        reverse("review_export", args=[call.pk, "ranking.xlsx"]),
    ]:
        assert client.get(url).status_code in (302, 403)
    response = client.post(reverse("review_call_action", args=[call.pk, "propose"]))
    assert response.status_code in (302, 403)
    assert not call.recommendation_lines.exists()


def test_workbench_shows_ranking_and_progress(client, staff, scored):
    call, _apps = scored
    client.force_login(staff)
    html = client.get(reverse("review_call", args=[call.pk])).content.decode()
    assert "评审排名与拟资助建议" in html
    assert "已评分9份" in html
    html = html.split('id="ranking"')[1]
    assert html.index("测试项目1") < html.index("测试项目2") < html.index("测试项目3")
    assert "90.00" in html and "70.50" in html


def test_workbench_flow_propose_change_decide(client, staff, scored):
    call, apps = scored
    client.force_login(staff)
    client.post(reverse("review_call_action", args=[call.pk, "finish_review"]))
    client.post(reverse("review_call_action", args=[call.pk, "propose"]))
    line = call.recommendation_lines.get(application=apps[2])
    assert line.proposed is True  # 70.5 ≥ 60
    response = client.post(
        reverse("review_call_action", args=[call.pk, "line"]),
        {"line": line.pk, "selected": "", "amount": "", "reason": ""},
        follow=True,
    )
    assert "调整拟资助名单须填写理由" in response.content.decode()
    client.post(
        reverse("review_call_action", args=[call.pk, "line"]),
        {"line": line.pk, "selected": "", "amount": "", "reason": "重复资助"},
    )
    decide = reverse("review_call_action", args=[call.pk, "decide"])
    # A decision is one-way: the button's POST asks to confirm and changes nothing.
    html = client.post(decide).content.decode()
    assert "将会发生：" in html and "拟资助名单将确定" in html
    assert '<input type="hidden" name="confirmed" value="1">' in html
    apps[0].refresh_from_db()
    assert apps[0].state == ApplicationState.REVIEWED
    client.post(decide, {"confirmed": "1"})
    apps[2].refresh_from_db()
    apps[0].refresh_from_db()
    assert apps[2].state == ApplicationState.NOT_SELECTED
    assert apps[0].state == ApplicationState.RECOMMENDED


def test_rubric_frozen_once_review_started(client, staff, scored):
    call, _apps = scored
    client.force_login(staff)
    plan = call.review_plan
    criteria = list(plan.criteria.all())
    data = {
        "blind": "on",
        "scoring_rule": "trimmed",
        "trim_threshold": 5,
        "allow_halves": "on",
        "comment_below_share": "0.60",
        "min_score_to_fund": "60",
        "disagreement_spread": "20",
        "panel_size": 5,
        "min_scores": 3,
        "criteria-TOTAL_FORMS": len(criteria),
        "criteria-INITIAL_FORMS": len(criteria),
        "criteria-MIN_NUM_FORMS": 0,
        "criteria-MAX_NUM_FORMS": 1000,
    }
    for i, c in enumerate(criteria):
        data.update(
            {
                f"criteria-{i}-id": c.pk,
                f"criteria-{i}-position": c.position,
                f"criteria-{i}-dimension": c.dimension,
                f"criteria-{i}-name": c.name,
                f"criteria-{i}-guidance": c.guidance,
                f"criteria-{i}-max_points": "30" if i == 0 else str(c.max_points),
            }
        )
    response = client.post(reverse("review_plan", args=[call.pk]), data)
    assert "评分标准已锁定，不能修改" in response.content.decode()
    assert Criterion.objects.get(pk=criteria[0].pk).max_points == Decimal("20.0")


def test_draw_from_admin_and_reopen(client, staff, experts):
    call, apps = make_reviewing_call(staff, n=1)
    client.force_login(staff)
    client.post(
        reverse("review_call_action", args=[call.pk, "draw"]),
        {"category": "", "size": 3, "match_expertise": ""},
    )
    assert Panel.objects.get(call=call).members.count() == 3
    set_totals(apps[0], ["80"])
    assignment = apps[0].review_assignments.get(state=AssignmentState.SUBMITTED)
    client.post(
        reverse("review_call_action", args=[call.pk, "reopen"]),
        {"assignment": assignment.pk, "reason": "分数录入错误"},
    )
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.SCORING


def test_exports(client, staff, scored):
    call, apps = scored
    from review.models import ReviewAssignment, Score

    first = ReviewAssignment.objects.filter(application=apps[0]).first()
    Score.objects.create(assignment=first, criterion=call.review_plan.criteria.first(), points=18)
    client.force_login(staff)
    response = client.get(reverse("review_export", args=[call.pk, "ranking.xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == call.review_plan.statement()  # the plan it was computed with
    rows = rows[1:]
    assert rows[0][:2] == ("排名", "项目名称")
    assert [r[1] for r in rows[1:]] == ["测试项目1", "测试项目2", "测试项目3"]
    assert rows[1][5] == 90.0
    response = client.get(reverse("review_export", args=[call.pk, "scores.xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))[1:]
    assert rows[0][4] == "需求分析与目标（20）"
    assert len(rows) == 10
    assert 18.0 in [r[4] for r in rows[1:]]
    response = client.get(reverse("review_export", args=[call.pk, "ranking.pdf"]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = text.replace("\n", "")  # table cells wrap
    assert "评审排名" in text
    assert text.index("测试项目1") < text.index("测试项目2") < text.index("测试项目3")
    assert "90.00" in text


def test_reminders_sent_to_outstanding_experts(
    client, staff, experts, mailoutbox, django_capture_on_commit_callbacks
):
    call, _apps = make_reviewing_call(staff, n=2)
    draw_panel(call=call, by=staff, size=3, seed=2)
    mailoutbox.clear()
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("review_call_action", args=[call.pk, "remind"]))
    assert len(mailoutbox) == 3
    assert "尚有2份待完成" in mailoutbox[0].subject


def test_dashboard_query_count_constant(client, staff, experts, django_assert_max_num_queries):
    call, _apps = make_reviewing_call(staff, n=2)
    draw_panel(call=call, by=staff, size=3, seed=2)
    client.force_login(staff)
    url = reverse("review_call", args=[call.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    from tests.factories import ApplicationFactory
    from tests.review.conftest import force_state

    for i in range(6):
        a = ApplicationFactory(call=call, project_name=f"追加{i}", complete=True)
        force_state(a, "reviewing")
    for panel in call.review_panels.all():
        for member in panel.members.all():
            for a in call.applications.filter(project_name__startswith="追加"):
                member.assignments.create(expert=member.expert, application=a)
    with django_assert_max_num_queries(len(small)):
        client.get(url)


def test_expert_dashboard_query_count_constant(
    client, staff, experts, django_assert_max_num_queries
):
    call, _apps = make_reviewing_call(staff, n=2)
    panel = draw_panel(call=call, by=staff, size=3, seed=2)
    user = panel.members.first().expert.user
    client.force_login(user)
    url = reverse("portal:review_assignments")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        html = client.get(url).content.decode()
    assert "测试项目1" in html
    few = len(small)  # counted now: the next request empties the query log it reads
    call2, _ = make_reviewing_call(staff, n=5)
    draw_panel(call=call2, by=staff, size=7, seed=3)
    client.get(url)  # the first page after a write reads the footer's site identity again
    with django_assert_max_num_queries(few):
        html = client.get(url).content.decode()
    assert html.count("待声明回避") == 7


@pytest.mark.parametrize("name", ["line", "settle", "reopen"])
@pytest.mark.parametrize("value", ["abc", "²", "1" + "0" * 30, ""])
def test_an_action_on_a_row_that_is_no_id_is_404(client, staff, scored, name, value):
    """The row an action works on comes from a hidden field: anything but an id finds nothing."""
    call, _apps = scored
    client.force_login(staff)
    field = {"line": "line", "settle": "objection", "reopen": "assignment"}[name]
    response = client.post(
        reverse("review_call_action", args=[call.pk, name]), {field: value, "reason": "x"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize("days", [-366, 366, None])
def test_publish_form_refuses_a_start_beyond_a_year(days):
    """A start in 9999 overflowed the working-day calendar (a 500 found by the admin fuzz)."""
    from django.utils import timezone

    from review.forms import PublishForm

    today = timezone.localdate()
    start = "9999-12-31" if days is None else (today + timedelta(days=days)).isoformat()
    form = PublishForm({"start": start, "contact": "0755-12345678"})
    assert not form.is_valid()
    earliest, latest = today, today + timedelta(days=365)  # never before the day it is published
    assert form.errors["start"] == [
        f"公示开始日期须在{earliest}至{latest}之间（不能早于发布当天）。"
    ]
    assert PublishForm({"start": today.isoformat(), "contact": "0755-1"}).is_valid()
