"""A reduced award (资助金额 < 申请金额): the adjusted budget the agreement waits for, its review by
staff, and 预算执行率 computed on it (issue 18, point 3)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.workflow import TransitionRefused, perform_transition
from projects.agreement import confirm_agreement, render_agreement_pdf, upload_signed_scan
from projects.budget_adjustment import save_adjustment_lines
from projects.indicators import budget_execution_rate
from projects.models import AdjustmentState, FundedProject
from tests.factories import make_funded_project
from tests.projects.conftest import scan_file
from tests.projects.test_indicators import ACTIVITY, report_spending

pytestmark = pytest.mark.django_db

ROWS = [
    {"category": "活动费", "item": "探访物资", "amount": Decimal("50000.00")},
    {"category": "人员费", "item": "社工补贴", "amount": Decimal("30000.00")},
]


@pytest.fixture
def reduced(org_a, owner, call):
    """Awarded 80 000 of the 100 000 requested."""
    return make_funded_project(
        organization=org_a, call=call, amount=Decimal("80000.00"), budget=Decimal("100000.00")
    )


def confirmed(project, *, owner, staff):
    adjustment = project.budget_adjustment
    save_adjustment_lines(adjustment, ROWS, by=owner)
    perform_transition(adjustment, "submit", by=owner)
    return perform_transition(adjustment, "confirm", by=staff)


def test_reduced_award_opens_an_adjustment_keeping_the_requested_lines(reduced, org_a, call):
    adjustment = reduced.budget_adjustment
    assert adjustment.state == AdjustmentState.DRAFT
    assert adjustment.award == Decimal("80000.00")
    assert adjustment.requested_total == Decimal("100000.00")
    assert [line["amount"] for line in adjustment.requested_lines] == ["100000.00"]
    full = make_funded_project(organization=org_a, call=call, amount=Decimal("50000.00"))
    assert not hasattr(FundedProject.objects.get(pk=full.pk), "budget_adjustment")


def test_reduced_award_agreement_refused_until_adjustment_confirmed(reduced, owner, staff):
    with pytest.raises(ValidationError) as refused:
        render_agreement_pdf(reduced)
    assert "调整后预算" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        upload_signed_scan(reduced, scan_file(), by=owner)
    confirmed(reduced, owner=owner, staff=staff)
    reduced.refresh_from_db()
    assert render_agreement_pdf(reduced).startswith(b"%PDF")
    upload_signed_scan(reduced, scan_file(), by=owner)
    assert confirm_agreement(reduced, by=staff).state == "in_progress"


def test_adjustment_must_add_up_to_the_award(reduced, owner):
    adjustment = reduced.budget_adjustment
    save_adjustment_lines(adjustment, ROWS[:1], by=owner)
    with pytest.raises(TransitionRefused) as refused:
        perform_transition(adjustment, "submit", by=owner)
    assert "调整后预算合计（50,000.00元）须等于资助金额（80,000.00元）" in refused.value.reasons
    with pytest.raises(ValidationError) as bad:
        save_adjustment_lines(
            adjustment, [{"category": "", "item": "x", "amount": Decimal("-1")}], by=owner
        )
    assert "第1行请填写预算科目和明细项目" in bad.value.messages
    assert "第1行金额不能为负数" in bad.value.messages


def test_adjustment_is_submitted_by_the_org_admin_only(reduced, owner, member):
    adjustment = reduced.budget_adjustment
    save_adjustment_lines(adjustment, ROWS, by=member)  # members may fill it in
    with pytest.raises(PermissionDenied):
        perform_transition(adjustment, "submit", by=member)
    assert perform_transition(adjustment, "submit", by=owner).state == AdjustmentState.SUBMITTED


def test_staff_return_adjustment_with_reason_then_confirm_replaces_budget(reduced, owner, staff):
    adjustment = reduced.budget_adjustment
    save_adjustment_lines(adjustment, ROWS, by=owner)
    perform_transition(adjustment, "submit", by=owner)
    with pytest.raises(TransitionRefused):
        perform_transition(adjustment, "return_for_revision", by=staff, reason="")
    returned = perform_transition(
        adjustment, "return_for_revision", by=staff, reason="人员费比例过高"
    )
    assert returned.state == AdjustmentState.RETURNED and returned.decision == "人员费比例过高"
    with pytest.raises(ValidationError):
        render_agreement_pdf(reduced)
    perform_transition(returned, "submit", by=owner)
    perform_transition(returned, "confirm", by=staff)
    lines = [(x.category, x.amount, x.original_amount) for x in reduced.budget_lines.all()]
    assert lines == [
        ("活动费", Decimal("50000.00"), Decimal("50000.00")),
        ("人员费", Decimal("30000.00"), Decimal("30000.00")),
    ]
    # The requested budget stays on the adjustment as history.
    assert returned.requested_lines[0]["amount"] == "100000.00"


def test_reduced_award_fully_spent_is_full_budget_execution(reduced, owner, staff):
    confirmed(reduced, owner=owner, staff=staff)
    FundedProject.objects.filter(pk=reduced.pk).update(
        starts_on=datetime.date(2026, 3, 1), ends_on=datetime.date(2026, 12, 31)
    )
    reduced.refresh_from_db()
    upload_signed_scan(reduced, scan_file(), by=owner)
    running = confirm_agreement(reduced, by=staff)
    report_spending(
        running,
        owner=owner,
        staff=staff,
        activities=ACTIVITY,
        amounts=[Decimal("50000.00"), Decimal("30000.00")],
    )
    assert budget_execution_rate(running) == Decimal("1.0000")


def test_portal_adjustment_page_submits_and_both_budgets_are_shown(client, reduced, owner, staff):
    client.force_login(owner)
    url = reverse("portal:project_budget_adjustment", args=(reduced.pk,))
    data = {
        "line-TOTAL_FORMS": "2",
        "line-INITIAL_FORMS": "0",
        "line-MIN_NUM_FORMS": "0",
        "line-MAX_NUM_FORMS": "50",
        "submit": "1",
    }
    for i, row in enumerate(ROWS):
        data |= {f"line-{i}-{k}": str(v) for k, v in row.items()}
    response = client.post(url, data, follow=True)
    assert "调整后预算已提交，等待工作人员确认。" in response.content.decode()
    adjustment = reduced.budget_adjustment
    adjustment.refresh_from_db()
    assert adjustment.state == AdjustmentState.SUBMITTED
    page = client.get(url).content.decode()
    assert "申请时预算（原始）" in page and "100,000.00" in page and "30,000.00" in page
    client.force_login(staff)
    inspect = client.get(reverse("funded_projects:inspect", args=(reduced.pk,))).content.decode()
    assert "减额资助：调整后预算" in inspect and "100,000.00" in inspect
    assert "50,000.00" in inspect and "确认调整后预算" in inspect
    confirm_url = reverse(
        "funded_projects:action_adjustment", args=(reduced.pk, adjustment.pk, "confirm")
    )
    client.post(confirm_url, {"reason": ""})
    adjustment.refresh_from_db()
    assert adjustment.state == AdjustmentState.CONFIRMED
