import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from grants.eligibility import check_eligibility
from orgs.models import Sanction
from projects.models import FundedProject, ProjectState, TrancheState
from projects.stops import resume_project, suspend_project, terminate_project
from projects.tranches import record_payment
from tests.factories import CallFactory
from tests.projects.conftest import on_day

pytestmark = pytest.mark.django_db


def test_termination_stops_tranches_demands_refund_and_creates_the_sanction(running, staff, org_a):
    with on_day(datetime.date(2026, 3, 10)):
        record_payment(
            running.tranches.get(position=1),
            paid_on=datetime.date(2026, 3, 10),
            voucher_number="记-031",
            by=staff,
        )
    project = terminate_project(
        running,
        by=staff,
        reason="擅自改变资金用途",
        refund_amount=Decimal("15000.00"),
        sanction_until=datetime.date(2028, 12, 31),
        sanction_scope="venture",
        decision_ref="南民〔2026〕8号",
    )
    assert project.state == ProjectState.TERMINATED
    assert list(project.tranches.order_by("position").values_list("state", flat=True)) == [
        TrancheState.PAID,
        TrancheState.CANCELLED,
        TrancheState.CANCELLED,
    ]
    assert project.refund_amount == Decimal("15000.00")
    assert project.refund_due_on > datetime.date.today() - datetime.timedelta(days=1)
    sanction = Sanction.objects.get(organization=org_a)
    assert (sanction.scope, sanction.ends_on, sanction.decision_ref) == (
        "venture",
        datetime.date(2028, 12, 31),
        "南民〔2026〕8号",
    )
    assert "擅自改变资金用途" in sanction.reason

    new_call = CallFactory(title="2027年公益创投")
    failures = check_eligibility(org_a, new_call)
    # Barred twice over: by the sanction, and because a terminated project was never closed out
    # (the call's rule: 有未结项或被终止项目的组织不得申报).
    assert [f.rule for f in failures] == ["sanction", "unfinished_project"]
    assert "擅自改变资金用途" in failures[0].reason


def test_refund_cannot_exceed_what_was_paid_and_nothing_is_written(running, staff, org_a):
    with pytest.raises(ValidationError, match="不能超过已拨付金额"):
        terminate_project(
            running,
            by=staff,
            reason="无法继续实施",
            refund_amount=Decimal("1.00"),
            sanction_scope="all",
        )
    project = FundedProject.objects.get(pk=running.pk)
    assert project.state == ProjectState.IN_PROGRESS
    assert not Sanction.objects.filter(organization=org_a).exists()
    assert project.tranches.get(position=1).state == TrancheState.PAYABLE


def test_suspend_and_resume_bring_tranches_back(running, staff):
    project = suspend_project(running, by=staff, reason="审计发现问题待整改")
    assert project.state == ProjectState.SUSPENDED
    assert set(project.tranches.values_list("state", flat=True)) == {TrancheState.SUSPENDED}
    project = resume_project(project, by=staff, reason="整改完成")
    assert project.state == ProjectState.IN_PROGRESS
    assert list(project.tranches.order_by("position").values_list("state", flat=True)) == [
        TrancheState.PAYABLE,  # signed long ago: payable again
        TrancheState.NOT_DUE,
        TrancheState.NOT_DUE,
    ]


def test_only_staff_terminate(running, owner):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        terminate_project(running, by=owner, reason="不想做了")
