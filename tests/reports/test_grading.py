"""Grade computation on fixed examples and as a property."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports.grading import Band, Item, band_for, compute
from reports.models.states import IndicatorKind, SchemeMethod

D = Decimal
BANDS = [
    Band("优", D(90), True),
    Band("良", D(80), True),
    Band("中", D(60), True),
    Band("差", D(0), False),
]
MIDTERM = [Band("合格", D(60), True), Band("不合格", D(0), False)]

# Two first-level indicators; leaves worth 60 + 40 points; one bonus, one penalty item.
ITEMS = [
    Item("1", "投入"),
    Item("1.1", "项目立项", max_points=D(60)),
    Item("2", "产出"),
    Item("2.1", "产出数量"),
    Item("2.1.1", "服务人次完成率", max_points=D(40)),
    Item("B1", "表彰", IndicatorKind.BONUS, max_points=D(5)),
    Item("P1", "事故", IndicatorKind.PENALTY, max_points=D(10)),
]


def grade(values, bands=BANDS, **caps):
    return compute(SchemeMethod.POINTS, ITEMS, bands, values, **caps)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("59.99", "0", "差"),
        ("60", "0", "中"),
        ("49.99", "40", "良"),
        ("50", "40", "优"),
        ("60", "40", "优"),
        ("40", "39.99", "中"),
        ("40", "40", "良"),
    ],
)
def test_grade_band_edges(first, second, expected):
    result = grade({"1.1": D(first), "2.1.1": D(second)})
    assert result.grade == expected
    assert result.total == D(first) + D(second)


def test_grade_midterm_pass_line_at_sixty():
    assert grade({"1.1": D("59.99")}, MIDTERM).grade == "不合格"
    assert grade({"1.1": D("59.99")}, MIDTERM).passed is False
    assert grade({"1.1": D("60")}, MIDTERM).grade == "合格"
    assert grade({"1.1": D("60")}, MIDTERM).passed is True


def test_grade_bonus_lifts_over_band_edge_and_total_caps_at_hundred():
    result = grade({"1.1": D("55"), "2.1.1": D("33"), "B1": D("2")})
    assert (result.base, result.bonus, result.total, result.grade) == (D(88), D(2), D(90), "优")
    full = grade({"1.1": D(60), "2.1.1": D(40), "B1": D(5)})
    assert full.total == D(100)


def test_grade_penalty_drops_below_band_and_never_below_zero():
    result = grade({"1.1": D("50"), "2.1.1": D("10"), "P1": D("0.01")})
    assert (result.total, result.grade) == (D("59.99"), "差")
    assert grade({"1.1": D("5"), "P1": D("10")}).total == D(0)


def test_grade_bonus_and_penalty_caps_apply():
    result = grade({"1.1": D(50), "B1": D(5), "P1": D(10)}, bonus_cap=D(3), penalty_cap=D(4))
    assert (result.bonus, result.penalty, result.total) == (D(3), D(4), D(49))


def test_grade_weights_method_scales_each_leaf():
    items = [
        Item("1", "专业服务", weight=None),
        Item("1.1", "需求评估", weight=D(30)),
        Item("1.2", "服务设计", weight=D(20)),
        Item("2", "服务成效", weight=D(50)),
    ]
    # 2 is a leaf itself (no children): weight 50.
    result = compute(
        SchemeMethod.WEIGHTS, items, BANDS, {"1.1": D(90), "1.2": D(70), "2": D("85.5")}
    )
    # 90×0.3 + 70×0.2 + 85.5×0.5 = 27 + 14 + 42.75
    assert result.total == D("83.75")
    assert result.grade == "良"
    assert result.by_top["1"] == ("专业服务", D("50.00"), D("41.00"))
    assert result.by_top["2"] == ("服务成效", D("50.00"), D("42.75"))


def test_grade_by_first_level_indicator_sums_leaves():
    result = grade({"1.1": D("45.5"), "2.1.1": D(30)})
    assert result.by_top == {
        "1": ("投入", D("60.00"), D("45.50")),
        "2": ("产出", D("40.00"), D("30.00")),
    }


def test_grade_refuses_value_above_maximum():
    with pytest.raises(ValueError):
        grade({"1.1": D("60.01")})
    with pytest.raises(ValueError):
        grade({"P1": D("-1")})


amounts = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


@given(
    first=amounts.filter(lambda d: d <= 60),
    second=amounts.filter(lambda d: d <= 40),
    bonus=amounts.filter(lambda d: d <= 5),
    penalty=amounts.filter(lambda d: d <= 10),
)
def test_grade_property_total_and_band(first, second, bonus, penalty):
    result = grade({"1.1": first, "2.1.1": second, "B1": bonus, "P1": penalty})
    expected = min(max(first + second + bonus - penalty, D(0)), D(100))
    assert result.total == expected
    assert D(0) <= result.total <= D(100)
    band = band_for(result.total, BANDS)
    assert result.grade == band.label
    # The grade is the highest band whose floor the total reaches.
    assert all(result.total < b.min_score for b in BANDS if b.min_score > band.min_score)
    assert result.total >= band.min_score
    # More points never give a worse grade.
    better = grade({"1.1": first, "2.1.1": second, "B1": D(5), "P1": D(0)})
    assert better.total >= result.total


@pytest.mark.parametrize("code", ["١", "1.٢", "B١", "１"])
def test_indicator_codes_take_ascii_digits_only(code):
    """`\\d` let other scripts' digits in; the tree and the grade order read codes as numbers."""
    from django.core.exceptions import ValidationError

    from reports.models.schemes import code_validator

    with pytest.raises(ValidationError):
        code_validator(code)
    code_validator("1.2.3")
