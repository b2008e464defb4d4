import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.workflow import TransitionRefused
from grants.models import Application
from grants.signals import application_awarded
from projects.evaluation import record_evaluation_result
from projects.models import FundedProject, ProjectState, TrancheState
from projects.tranches import amounts_from_shares, check_plan, record_payment, replace_plan
from tests.projects.conftest import handed_in, on_day

pytestmark = pytest.mark.django_db


def states(project):
    return [(t.title, t.state) for t in project.tranches.order_by("position")]


def test_award_creates_one_project_with_the_calls_plan(project, call):
    assert project.state == ProjectState.AWAITING_AGREEMENT
    assert [(t.title, t.amount, t.trigger) for t in project.tranches.all()] == [
        ("首期", Decimal("40000.00"), "agreement_signed"),
        ("二期", Decimal("40000.00"), "midterm_passed"),
        ("尾款", Decimal("20000.00"), "final_passed"),
    ]
    # The signal again (a repeated award message): still one project, plan untouched.
    application_awarded.send(
        sender=Application, application=project.application, amount=Decimal("1.00"), by=None
    )
    assert FundedProject.objects.filter(application=project.application).count() == 1
    assert project.application.project == project
    assert FundedProject.objects.get(pk=project.pk).amount == Decimal("100000.00")


def test_tranche_shares_split_the_award_to_the_cent():
    # 1/3 shares of 100 000.01: rounded down, the last tranche takes the remaining cents.
    amounts = amounts_from_shares(
        Decimal("100000.01"), [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
    )
    assert amounts == [Decimal("33330.00"), Decimal("33330.00"), Decimal("33340.01")]
    assert sum(amounts) == Decimal("100000.01")
    with pytest.raises(ValidationError, match="合计须为100%"):
        amounts_from_shares(Decimal("100.00"), [Decimal("50"), Decimal("49.99")])


def test_tranche_amounts_must_add_up_to_the_award_exactly(project):
    rows = [
        {"amount": Decimal("50000.00"), "trigger": "agreement_signed"},
        {"amount": Decimal("49999.99"), "trigger": "midterm_passed"},
    ]
    with pytest.raises(
        ValidationError, match=r"合计（99,999\.99元）与资助金额（100,000\.00元）不一致"
    ):
        check_plan(project, rows)
    rows[1]["amount"] = Decimal("50000.00")
    replace_plan(project, rows)
    assert [t.amount for t in project.tranches.all()] == [Decimal("50000.00")] * 2
    assert [t.share for t in project.tranches.all()] == [Decimal("50.00")] * 2


def test_date_trigger_needs_a_date(project):
    with pytest.raises(ValidationError, match="指定日期"):
        check_plan(project, [{"amount": Decimal("100000.00"), "trigger": "date"}])


def test_signing_releases_the_first_tranche_once(running, staff):
    assert states(running) == [
        ("首期", TrancheState.PAYABLE),
        ("二期", TrancheState.NOT_DUE),
        ("尾款", TrancheState.NOT_DUE),
    ]
    from projects.tranches import release

    assert release(running, "agreement_signed", by=staff) == []  # already released: nothing again
    first = running.tranches.get(position=1)
    assert first.pay_by is None or first.pay_by >= datetime.date(2026, 3, 1)


def test_midterm_pass_releases_only_the_midterm_tranche(running, staff):
    project = record_evaluation_result(
        running, stage="midterm", passed=True, grade="合格", by=staff
    )
    assert project.state == ProjectState.IN_PROGRESS
    assert project.midterm_passed is True
    assert states(project) == [
        ("首期", TrancheState.PAYABLE),
        ("二期", TrancheState.PAYABLE),
        ("尾款", TrancheState.NOT_DUE),
    ]


def test_failed_midterm_stops_later_tranches_and_suspends_the_project(running, staff):
    first = running.tranches.get(position=1)
    with on_day(datetime.date(2026, 3, 10)):
        record_payment(first, paid_on=datetime.date(2026, 3, 10), voucher_number="记-031", by=staff)
    project = record_evaluation_result(
        running, stage="midterm", passed=False, grade="不合格", by=staff
    )
    assert project.state == ProjectState.SUSPENDED
    assert project.midterm_passed is False
    assert states(project) == [
        ("首期", TrancheState.PAID),
        ("二期", TrancheState.SUSPENDED),
        ("尾款", TrancheState.SUSPENDED),
    ]
    # A suspended tranche cannot be paid.
    with pytest.raises(TransitionRefused):
        record_payment(
            project.tranches.get(position=2),
            paid_on=datetime.date(2026, 9, 1),
            voucher_number="记-090",
            by=staff,
        )
    assert project.tranches.get(position=2).voucher_number == ""


def test_payment_needs_date_and_voucher_and_staff(running, staff, owner):
    first = running.tranches.get(position=1)
    handed_in(running)
    with pytest.raises(ValidationError, match="凭证号"):
        record_payment(first, paid_on=datetime.date(2026, 3, 10), voucher_number=" ", by=staff)
    with pytest.raises(PermissionDenied):
        record_payment(first, paid_on=datetime.date(2026, 3, 10), voucher_number="记-1", by=owner)
    first.refresh_from_db()
    assert (first.state, first.voucher_number) == (TrancheState.PAYABLE, "")
    paid = record_payment(
        first, paid_on=datetime.date(2026, 3, 10), voucher_number="记-031", by=staff
    )
    assert (paid.state, paid.paid_on, paid.voucher_number) == (
        TrancheState.PAID,
        datetime.date(2026, 3, 10),
        "记-031",
    )


def test_final_result_records_grade_and_close_needs_it(running, staff):
    from core.workflow import TransitionRefused
    from projects.stops import close_project

    project = record_evaluation_result(
        running, stage="midterm", passed=True, grade="合格", by=staff
    )
    with pytest.raises(TransitionRefused):
        close_project(project, by=staff)  # not in final evaluation, no result
    project = record_evaluation_result(project, stage="final", passed=True, grade="良", by=staff)
    assert (project.state, project.final_grade) == (ProjectState.FINAL_EVALUATION, "良")
    with pytest.raises(TransitionRefused, match="未拨付"):
        close_project(project, by=staff)
    handed_in(project)
    for i, t in enumerate(project.tranches.order_by("position"), start=1):
        record_payment(t, paid_on=datetime.date(2026, 11, 1), voucher_number=f"记-{i}", by=staff)
    project = close_project(project, by=staff)
    assert project.state == ProjectState.CLOSED


def test_project_without_final_evaluation_cannot_close(running, staff):
    from core.workflow import TransitionRefused, perform_transition

    record_evaluation_result(running, stage="midterm", passed=True, grade="合格", by=staff)
    project = perform_transition(FundedProject.objects.get(pk=running.pk), "start_final", by=staff)
    with pytest.raises(TransitionRefused, match="尚无终期评估结果"):
        perform_transition(project, "close", by=staff)
