"""Scores of one evaluation: what is missing, computed indicators, and the stored result."""

from decimal import Decimal

from django.db import transaction

from reports.grading import (
    HUNDRED,
    compute,
    entry_maximum,
    leaf_codes,
    q,
    scheme_bands,
    scheme_items,
)
from reports.models import Evaluation, IndicatorKind, IndicatorScore, IndicatorSource, SchemeMethod


def leaf_indicators(scheme) -> list:
    """Leaves of the tree and bonus/penalty items: the rows that carry a value."""
    indicators = scheme.ordered_indicators()
    leaves = leaf_codes(scheme_items(scheme))
    return [i for i in indicators if i.kind != IndicatorKind.NORMAL or i.code in leaves]


def missing_scores(evaluation) -> list[str]:
    """Codes of leaves without a value or without a basis (bonus/penalty items may stay empty)."""
    scores = {s.indicator_id: s for s in evaluation.scores.all()}
    missing = []
    for indicator in leaf_indicators(evaluation.scheme):
        if indicator.kind != IndicatorKind.NORMAL:
            continue
        score = scores.get(indicator.pk)
        if score is None or score.value is None or not score.basis.strip():
            missing.append(indicator.code)
    return missing


def satisfaction_rate(evaluation) -> Decimal | None:
    """Mean satisfaction (0–100) over every respondent — online answers given with a survey code
    and the off-line batches evaluators entered, weighted by their respondents —, or None
    without any answer."""
    from django.db.models import Count, F, Sum

    from reports.models import SurveyResponse

    # Only answers that consumed a survey code: answers stored before codes existed (未验证)
    # cannot be told from an organization answering its own survey.
    online = SurveyResponse.objects.filter(
        survey__evaluation=evaluation, code__isnull=False
    ).aggregate(n=Count("pk"), total=Sum("score"))
    offline = evaluation.offline_surveys.aggregate(
        n=Sum("respondents"), total=Sum(F("respondents") * F("mean_score"))
    )
    people = (online["n"] or 0) + (offline["n"] or 0)
    if not people:
        return None
    total = Decimal(online["total"] or 0) + Decimal(offline["total"] or 0)
    return q(total / people)


def computed_rate(evaluation, source: str) -> Decimal | None:
    """The rate (0–100) behind a computed indicator, or None when it cannot be computed yet."""
    from projects import indicators

    # projects.indicators gives fractions (0.4567); scores work in percent.
    if source == IndicatorSource.FUNDS_ARRIVAL:
        fraction = indicators.funds_arrival_rate(evaluation.project)
        return None if fraction is None else fraction * HUNDRED
    if source == IndicatorSource.BUDGET_EXECUTION:
        fraction = indicators.budget_execution_rate(evaluation.project)
        return None if fraction is None else fraction * HUNDRED
    if source == IndicatorSource.SATISFACTION:
        return satisfaction_rate(evaluation)
    return None


def refresh_computed(evaluation) -> None:
    """Fill the computed indicators (资金到位率, 预算执行率, 满意度) from the project's data.

    A rate r% earns r% of the indicator's maximum (capped at 100%); the basis states the rate.
    Nothing is written when a rate cannot be computed yet.
    """
    from django.utils.translation import gettext as _

    scheme = evaluation.scheme
    for indicator in leaf_indicators(scheme):
        if indicator.source == IndicatorSource.MANUAL:
            continue
        rate = computed_rate(evaluation, indicator.source)
        if rate is None:
            continue
        share = min(max(Decimal(rate), Decimal(0)), HUNDRED)
        maximum = entry_maximum(indicator, scheme.method)
        value = q(share) if scheme.method == SchemeMethod.WEIGHTS else q(maximum * share / HUNDRED)
        basis = _("系统计算：%(name)s为%(rate)s%%") % {
            "name": indicator.get_source_display().split("（")[0],
            "rate": q(Decimal(rate)),
        }
        IndicatorScore.objects.update_or_create(
            evaluation=evaluation,
            indicator=indicator,
            defaults={"value": value, "basis": basis, "computed": True},
        )


def recompute(evaluation) -> Evaluation:
    """Store the current total and grade on `evaluation` (not a state change)."""
    scheme = evaluation.scheme
    entered = {s.indicator.code: s.value for s in evaluation.scores.select_related("indicator")}
    result = compute(
        scheme.method,
        scheme_items(scheme),
        scheme_bands(scheme),
        {code: value for code, value in entered.items() if value is not None},
        bonus_cap=scheme.bonus_cap,
        penalty_cap=scheme.penalty_cap,
    )
    Evaluation.objects.filter(pk=evaluation.pk).update(
        base_score=result.base,
        bonus=result.bonus,
        penalty=result.penalty,
        total_score=result.total,
        grade=result.grade,
        passed=result.passed,
    )
    for name in ("base", "bonus", "penalty"):
        setattr(evaluation, "base_score" if name == "base" else name, getattr(result, name))
    evaluation.total_score, evaluation.grade, evaluation.passed = (
        result.total,
        result.grade,
        result.passed,
    )
    return evaluation


def result_of(evaluation):
    scheme = evaluation.scheme
    entered = {
        s.indicator.code: s.value
        for s in evaluation.scores.select_related("indicator")
        if s.value is not None
    }
    return compute(
        scheme.method,
        scheme_items(scheme),
        scheme_bands(scheme),
        entered,
        bonus_cap=scheme.bonus_cap,
        penalty_cap=scheme.penalty_cap,
    )


@transaction.atomic
def save_scores(evaluation, rows: dict, *, by) -> Evaluation:
    """Store evaluator-entered values: `rows` maps indicator pk -> (value or None, basis).

    Computed indicators are never taken from input. Values outside 0–max raise ValueError
    (the form validates first, so this guards other callers).
    """
    scheme = evaluation.scheme
    by_pk = {i.pk: i for i in leaf_indicators(scheme)}
    for pk, (value, basis) in rows.items():
        indicator = by_pk.get(pk)
        if indicator is None or indicator.source != IndicatorSource.MANUAL:
            continue
        if value is not None:
            maximum = entry_maximum(indicator, scheme.method)
            if value < 0 or value > maximum:
                raise ValueError(indicator.code)
        IndicatorScore.objects.update_or_create(
            evaluation=evaluation,
            indicator=indicator,
            defaults={"value": value, "basis": basis.strip(), "computed": False, "updated_by": by},
        )
    refresh_computed(evaluation)
    return recompute(evaluation)
