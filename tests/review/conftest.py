"""A call under expert review, built through the real transitions up to 评审中."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from core.workflow import perform_transition
from grants.models import Application, ApplicationState, CallState, snapshot_of
from review.decisions import start_review
from review.draw import plan_for
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    ExpertProfileFactory,
    OrganizationFactory,
)


def force_state(obj, state):
    """Put fixture objects in a state directly (the transitions before review are tested in
    tests/grants); review's own moves in these tests always go through the one door."""
    type(obj).objects.filter(pk=obj.pk).update(state=state)
    obj.__dict__["state"] = state
    return obj


def make_reviewing_call(
    staff,
    *,
    n=3,
    amounts=None,
    categories=("扶老", "助残"),
    total_budget=Decimal("1000000.00"),
    **plan,
):
    """The budget is set here: it is frozen with the review plan at 开始评审."""
    call = CallFactory(categories=list(categories), total_budget=total_budget)
    force_state(call, CallState.CLOSED)
    review_plan = plan_for(call)
    for name, value in plan.items():
        setattr(review_plan, name, value)
    review_plan.save()
    amounts = amounts or [Decimal("50000.00")] * n
    apps = []
    for i, amount in enumerate(amounts):
        org = OrganizationFactory(name=f"第{i + 1}号测试社工服务中心")
        application = ApplicationFactory(
            call=call, organization=org, project_name=f"测试项目{i + 1}", complete=True
        )
        Application.objects.filter(pk=application.pk).update(
            amount_requested=amount, org_snapshot=snapshot_of(org)
        )
        force_state(application, ApplicationState.SCREENING_PASSED)
        apps.append(application)
    start_review(call, by=staff)
    call.refresh_from_db()
    return call, [Application.objects.get(pk=a.pk) for a in apps]


def score_all(assignment, user, points_per_criterion, *, comment="理由充分"):
    """Declare no conflict, fill every criterion with the given points (a list), submit."""
    from review.scoring import save_sheet

    if assignment.state == "pending":
        assignment = perform_transition(assignment, "declare_no_conflict", by=user)
    criteria = list(assignment.plan.criteria.all())
    save_sheet(
        assignment,
        by=user,
        points={c.pk: str(p) for c, p in zip(criteria, points_per_criterion, strict=True)},
        comments={c.pk: comment for c in criteria},
        opinion="同意",
    )
    return perform_transition(assignment, "submit", by=user)


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.fixture
def experts(db):
    return [ExpertProfileFactory(user__real_name=f"专家{i}") for i in range(7)]
