"""Score sheets: conflict declaration first, points within the rubric, comments, submit, reopen."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.workflow import TransitionRefused, perform_transition
from review.draw import draw_panel
from review.models import AssignmentState, Score
from review.permissions import can_read_application
from review.scoring import save_sheet
from tests.review.conftest import make_reviewing_call, score_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignment(staff, experts):
    call, _apps = make_reviewing_call(staff, n=1)
    draw_panel(call=call, by=staff, size=3, seed=7)
    return call.applications.get().review_assignments.select_related("expert__user").first()


def test_content_only_after_declaring_no_conflict(assignment, expert):
    user = assignment.expert.user
    assert can_read_application(assignment, user) == (
        False,
        "请先声明与该申报单位无利益冲突，再查看申报内容",
    )
    assert can_read_application(assignment, expert)[1] == "这不是分配给您的评审任务"
    with pytest.raises(PermissionDenied):
        perform_transition(assignment, "declare_no_conflict", by=expert)
    assignment = perform_transition(assignment, "declare_no_conflict", by=user)
    assert can_read_application(assignment, user) == (True, "")


def test_points_checked_halves_and_nothing_half_written(assignment):
    user = assignment.expert.user
    assignment = perform_transition(assignment, "declare_no_conflict", by=user)
    criteria = list(assignment.plan.criteria.all())
    good = {c.pk: "10" for c in criteria}
    with pytest.raises(ValidationError) as error:
        save_sheet(
            assignment,
            by=user,
            points={**good, criteria[0].pk: "7.3", criteria[1].pk: "26"},
            comments={},
            opinion="",
        )
    assert error.value.messages == [
        "“需求分析与目标”的得分只能为0.5的整数倍",
        "“项目设计与活动”的得分须在0到25之间",
    ]
    assert not Score.objects.exists()
    save_sheet(assignment, by=user, points={**good, criteria[0].pk: "7.5"}, comments={}, opinion="")
    assert Score.objects.get(criterion=criteria[0]).points == Decimal("7.5")
    plan = assignment.plan
    # Validation only: written past the freeze of 开始评审 (tests/review/test_integrity.py).
    type(plan).objects.filter(pk=plan.pk).update(allow_halves=False)
    with pytest.raises(ValidationError, match="须为整数"):
        save_sheet(
            assignment, by=user, points={**good, criteria[0].pk: "7.5"}, comments={}, opinion=""
        )


def test_submit_needs_comments_below_share_and_opinion(assignment):
    user = assignment.expert.user
    assignment = perform_transition(assignment, "declare_no_conflict", by=user)
    criteria = list(assignment.plan.criteria.all())
    # 需求分析与目标 max 20, share 0.6 → below 12 needs a comment.
    save_sheet(
        assignment,
        by=user,
        points={c.pk: str(c.max_points) for c in criteria} | {criteria[0].pk: "11.5"},
        comments={},
        opinion="",
    )
    with pytest.raises(TransitionRefused) as refused:
        perform_transition(assignment, "submit", by=user)
    assert refused.value.reasons == ["得分较低的评分项须填写评语，并填写总体评审意见"]
    assert assignment.sheet_problems() == [
        "“需求分析与目标”得分低于满分的60%，请填写评语",
        "请填写总体评审意见",
    ]
    save_sheet(
        assignment,
        by=user,
        points={c.pk: str(c.max_points) for c in criteria} | {criteria[0].pk: "11.5"},
        comments={criteria[0].pk: "需求调研样本不足"},
        opinion="建议资助",
    )
    assignment = perform_transition(assignment, "submit", by=user)
    assert assignment.total == Decimal("91.5")
    assert assignment.total_halves == 183
    with pytest.raises(PermissionDenied, match="不能修改"):
        save_sheet(assignment, by=user, points={}, comments={}, opinion="x")


def test_unscored_criterion_refuses_submit(assignment):
    user = assignment.expert.user
    assignment = perform_transition(assignment, "declare_no_conflict", by=user)
    with pytest.raises(TransitionRefused, match="请为每个评分项打分"):
        perform_transition(assignment, "submit", by=user)


def test_staff_reopen_with_reason_logged(assignment, staff):
    user = assignment.expert.user
    assignment = score_all(assignment, user, [18, 20, 12, 8, 12, 12])
    with pytest.raises(PermissionDenied):
        perform_transition(assignment, "reopen", by=user, reason="想改")
    with pytest.raises(TransitionRefused, match="请填写原因"):
        perform_transition(assignment, "reopen", by=staff)
    assignment = perform_transition(assignment, "reopen", by=staff, reason="误填预算项")
    assert assignment.state == AssignmentState.SCORING
    assert assignment.total is None
    from core.audit import history

    assert history(assignment).first().data["reason"] == "误填预算项"
