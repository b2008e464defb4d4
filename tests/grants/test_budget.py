"""Money is exact: Decimal yuan with two decimals; the request is capped and equals its lines."""

from decimal import Decimal

import pytest

from core.workflow import TransitionRefused
from grants import actions
from grants.forms.applications import ApplicationForm, BudgetLines
from grants.models import BudgetLine, exact_amount
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def amount_errors(call, value):
    form = ApplicationForm({"amount_requested": value}, call=call)
    form.is_valid()
    return form.errors.get("amount_requested", [])


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-1", "申请资助金额不能为负数"),
        ("0", "申请资助金额须大于0"),
        ("0.00", "申请资助金额须大于0"),
        ("100000.01", "申请资助金额（100,000.01元）超过本次征集的单个项目资助上限（100,000.00元）"),
        ("12.345", "金额最多保留两位小数（精确到分）"),
        ("1e3x", "请输入金额（元），如 12345.00"),
    ],
)
def test_amount_requested_is_refused_with_a_chinese_message(call, value, message):
    assert amount_errors(call, value) == [message]


@pytest.mark.parametrize("value", ["0.01", "99999.99", "100000", "100000.00"])
def test_amount_requested_up_to_the_cap_is_accepted(call, value):
    assert amount_errors(call, value) == []


def budget_errors(rows):
    data = {"budget-TOTAL_FORMS": str(len(rows)), "budget-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        data.update({f"budget-{i}-{k}": v for k, v in row.items()})
    formset = BudgetLines(data, prefix="budget")
    formset.is_valid()
    return formset


LINE = {"category": "活动费", "item": "探访物资", "funding_source": "requested"}


@pytest.mark.parametrize(
    ("price", "quantity", "field", "message"),
    [
        ("-5", "1", "unit_price", "单价不能为负数"),
        ("5", "0", "quantity", "数量须大于0"),
        ("5", "-2", "quantity", "数量须大于0"),
        ("1.234", "1", "unit_price", "金额最多保留两位小数（精确到分）"),
        ("33.33", "1.5", "quantity", "金额须精确到分：33.33 × 1.5 = 49.995，请调整单价或数量"),
        ("", "3", "unit_price", "请填写单价"),
    ],
)
def test_budget_line_is_refused_with_a_chinese_message(price, quantity, field, message):
    formset = budget_errors([{**LINE, "unit_price": price, "quantity": quantity}])
    assert formset.errors[0][field] == [message]
    assert formset.error_list()[0].startswith("第1行")


def test_budget_line_amount_is_computed_exactly():
    formset = budget_errors(
        [
            {**LINE, "unit_price": "0.10", "quantity": "3"},
            {**LINE, "unit_price": "33.33", "quantity": "1.50", "funding_source": "own"},
            {"category": "", "item": "", "unit_price": "", "quantity": ""},  # blank: ignored
        ]
    )
    assert formset.errors == [
        {},
        {"quantity": ["金额须精确到分：33.33 × 1.50 = 49.9950，请调整单价或数量"]},
        {},
    ]
    ok = budget_errors([{**LINE, "unit_price": "0.10", "quantity": "3"}])
    assert ok.is_valid()
    assert ok.rows()[0]["amount"] == Decimal("0.30")  # 0.1 * 3 in floats is 0.30000000000000004
    assert exact_amount(Decimal("19.99"), Decimal("2.5")) is None
    assert exact_amount(Decimal("19.99"), Decimal("3")) == Decimal("59.97")


def test_submission_refuses_a_request_that_differs_from_its_lines(call, org_a, owner):
    application = ApplicationFactory(call=call, organization=org_a, complete=True)
    BudgetLine.objects.filter(application=application).update(
        unit_price=Decimal("400.00"), amount=Decimal("40000.00")
    )
    BudgetLine.objects.create(
        application=application,
        category="人员费",
        item="督导",
        unit_price=Decimal("100.00"),
        quantity=Decimal("100"),
        amount=Decimal("10000.00"),
        funding_source="own",
    )
    with pytest.raises(TransitionRefused) as refused:
        actions.submit_application(application=application, by=owner)
    assert refused.value.reasons == [
        "申请资助金额（50,000.00元）与预算明细中“申请资助”部分合计（40,000.00元）不一致"
    ]
    totals = application.budget_totals()
    assert totals == {
        "requested": Decimal("40000.00"),
        "own": Decimal("10000.00"),
        "other": Decimal("0.00"),
        "total": Decimal("50000.00"),
    }


def test_submission_refuses_a_request_over_a_lowered_cap(call, org_a, owner):
    application = ApplicationFactory(call=call, organization=org_a, complete=True)
    call.per_project_cap = Decimal("30000.00")
    call.save()
    with pytest.raises(TransitionRefused) as refused:
        actions.submit_application(application=application, by=owner)
    assert refused.value.reasons == [
        "申请资助金额（50,000.00元）超过本次征集的单个项目资助上限（30,000.00元）"
    ]
