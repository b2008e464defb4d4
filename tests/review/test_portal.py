"""The expert portal through HTTP: declare, save, submit, recuse, decline; the expert pool admin."""

import pytest
from django.urls import reverse

from orgs.roles import Role
from review.draw import draw_panel
from review.models import AssignmentState, ExpertProfile, ReviewAssignment
from tests.factories import UserFactory
from tests.review.conftest import make_reviewing_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignment(staff, experts):
    call, _apps = make_reviewing_call(staff, n=1, min_scores=1)
    draw_panel(call=call, by=staff, size=3, seed=5)
    return ReviewAssignment.objects.select_related("expert__user").first()


def test_declare_save_submit_through_portal(client, assignment):
    client.force_login(assignment.expert.user)
    url = reverse("portal:review_assignment", args=[assignment.pk])
    client.post(
        reverse("portal:review_assignment_declare", args=[assignment.pk]), {"declaration": "none"}
    )
    criteria = list(assignment.plan.criteria.all())
    data = {f"points_{c.pk}": str(c.max_points) for c in criteria}
    data[f"points_{criteria[0].pk}"] = "5"
    data["opinion"] = ""
    response = client.post(
        reverse("portal:review_sheet_save", args=[assignment.pk]),
        {**data, "submit": "1"},
        follow=True,
    )
    html = response.content.decode()
    assert "“需求分析与目标”得分低于满分的60%，请填写评语" in html
    assert "请填写总体评审意见" in html
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.SCORING
    data[f"comment_{criteria[0].pk}"] = "目标不清晰"
    data["opinion"] = "建议修改后资助"
    client.post(reverse("portal:review_sheet_save", args=[assignment.pk]), {**data, "submit": "1"})
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.SUBMITTED
    assert assignment.total == 85
    html = client.get(url).content.decode()
    assert "目标不清晰" in html and "<input" not in html.split("评分表")[1].split("</section>")[0]


def test_bad_points_leave_sheet_untouched(client, assignment):
    client.force_login(assignment.expert.user)
    client.post(
        reverse("portal:review_assignment_declare", args=[assignment.pk]), {"declaration": "none"}
    )
    criteria = list(assignment.plan.criteria.all())
    response = client.post(
        reverse("portal:review_sheet_save", args=[assignment.pk]),
        {f"points_{criteria[0].pk}": "abc", f"points_{criteria[1].pk}": "10"},
        follow=True,
    )
    assert "“需求分析与目标”的得分须为数字" in response.content.decode()
    assert not assignment.scores.exists()


def test_recusal_needs_reason(client, assignment):
    client.force_login(assignment.expert.user)
    url = reverse("portal:review_assignment_declare", args=[assignment.pk])
    # Recusal cannot be undone: the first POST asks to confirm and changes nothing.
    html = client.post(url, {"declaration": "conflict", "reason": ""}).content.decode()
    assert "确认声明回避" in html and "您将回避评审该申报书" in html
    assert '<input type="hidden" name="declaration" value="conflict">' in html
    assignment.refresh_from_db()
    assert assignment.state != AssignmentState.RECUSED
    confirmed = {"declaration": "conflict", "confirmed": "1"}
    response = client.post(url, {**confirmed, "reason": ""}, follow=True)
    assert "请填写原因" in response.content.decode()
    client.post(url, {**confirmed, "reason": "曾担任该机构顾问"})
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.RECUSED
    assert assignment.recusal_reason == "曾担任该机构顾问"


def test_decline_seat_through_portal(client, assignment):
    user = assignment.expert.user
    client.force_login(user)
    client.post(
        reverse("portal:review_seat_decline", args=[assignment.member.pk]), {"reason": "出国"}
    )
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.WITHDRAWN
    assert assignment.member.panel.members.count() == 4


def test_other_expert_cannot_post(client, assignment, expert):
    client.force_login(expert)
    response = client.post(
        reverse("portal:review_assignment_declare", args=[assignment.pk]), {"declaration": "none"}
    )
    assert response.status_code == 403
    response = client.post(
        reverse("portal:review_seat_decline", args=[assignment.member.pk]), {"reason": "x"}
    )
    assert response.status_code == 404
    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.PENDING


def test_non_expert_refused_dashboard(client, owner):
    client.force_login(owner)
    response = client.get(reverse("portal:review_assignments"))
    assert response.status_code == 403
    assert "只有评审专家可以访问此页面" in response.content.decode()


def test_expert_pool_admin_create(client, staff):
    user = UserFactory(real_name="新专家", roles=[Role.EXPERT])
    plain = UserFactory(real_name="普通用户")
    client.force_login(staff)
    url = reverse("experts:add")
    data = {
        "user": plain.pk,
        "title": "教授",
        "employer_name": "某大学",
        "expertise": "扶老、助残,社区治理",
        "phone": "",
        "active": "on",
    }
    response = client.post(url, data)
    assert "该账号没有“评审专家”角色" in response.content.decode()
    client.post(url, {**data, "user": user.pk})
    assert ExpertProfile.objects.get(user=user).expertise == ["扶老", "助残", "社区治理"]
    html = client.get(reverse("experts:index")).content.decode()
    assert "新专家" in html and "扶老、助残、社区治理" in html


def test_expert_inspect_shows_progress_per_call(client, staff, assignment):
    client.force_login(staff)
    html = client.get(reverse("experts:inspect", args=[assignment.expert.pk])).content.decode()
    assert "评审进度" in html
    assert assignment.application.call.title in html
