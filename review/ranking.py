"""The ranking (评审结果排序), computed in the database from submitted score sheets.

Rule, as published to applicants:
* Each expert's total is the sum of their points (stored in half points, an exact integer).
* The final score is the plain mean of the totals, or, when the call says so and there are at
  least `trim_threshold` totals, the mean after dropping one highest and one lowest total.
* Rounded to two decimals, half up. The database computes it in integer hundredths:
  round_half_up(S / 2n, 2) = floor((100·S + n) / (2n)) for S half points over n totals, which is
  exact on SQLite and PostgreSQL alike (no floating point).
* Ties, in order: higher final score; then higher plain (untrimmed) mean; then earlier first
  submission of the application; then the lower application number. So the order is total and
  never depends on the database's whim.
* Beside the final score, each application's mean z-score: for every expert, (total − that
  expert's mean over the call) / that expert's standard deviation, averaged over the experts who
  scored it; a harsh or lenient expert shows up as a systematic shift.
* A warning when the highest and lowest totals differ by more than the call's spread.

Two queries whatever the number of applications and scores, and no model objects: the rows
carry only the columns shown (`RankedApplication`), so the ranking costs about what the same
aggregate written by hand in SQL costs (bench/ranking.py).
"""

import itertools
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Avg,
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Max,
    Min,
    Q,
    StdDev,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, RowNumber

from grants.models import Application, ApplicationState
from review.models import AssignmentState, ReviewAssignment, ScoringRule

A = ApplicationState
# Applications that were scored (whatever happened to them afterwards).
RANKED_STATES = (
    A.REVIEWING,
    A.REVIEWED,
    A.RECOMMENDED,
    A.NOT_SELECTED,
    A.PUBLICITY,
    A.FUNDED,
    A.CANCELLED,
)
HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class RankedApplication:
    """The columns of an application that a ranking shows and the recommendation reads."""

    pk: int
    project_name: str
    organization_name: str
    category_id: int | None
    category_name: str | None
    amount_requested: Decimal | None
    state: str

    def get_state_display(self) -> str:
        return ApplicationState(self.state).label


@dataclass(slots=True)
class RankRow:
    application: RankedApplication
    position: int
    count: int
    final: Decimal | None
    plain: Decimal | None
    lowest: Decimal | None
    highest: Decimal | None
    trimmed: bool
    z: float | None
    spread_warning: bool
    tied: bool = False

    @property
    def spread(self) -> Decimal | None:
        if self.highest is None:
            return None
        return self.highest - self.lowest


def _hundredths(total_halves, count):
    """Half-up mean in hundredths of a point, integer arithmetic (see the module docstring)."""
    return ExpressionWrapper(
        (Value(100) * total_halves + count) / (Value(2) * count), output_field=IntegerField()
    )


# The application's columns a row carries (RankedApplication's fields, in order).
SHOWN = (
    "pk",
    "project_name",
    "organization__name",
    "category_id",
    "category__name",
    "amount_requested",
    "state",
)


def ranked_queryset(call, plan, stats):
    """Dictionaries of SHOWN with the aggregates, the hundredths, the mean z-score and the
    global position; `stats` is `expert_stats(call)`."""
    submitted = Q(review_assignments__state=AssignmentState.SUBMITTED)
    field = "review_assignments__total_halves"
    trimmed = (
        Q(n__gte=max(plan.trim_threshold, 3))
        if plan.scoring_rule == ScoringRule.TRIMMED
        else Q(pk__in=[])
    )
    qs = (
        Application.objects.filter(call=call, state__in=RANKED_STATES)
        .values(*SHOWN)
        .annotate(
            n=Count("review_assignments", filter=submitted),
            s=Sum(field, filter=submitted),
            lo=Min(field, filter=submitted),
            hi=Max(field, filter=submitted),
            z=_mean_z(stats, submitted, field),
        )
        .annotate(
            plain_h=Case(
                When(n__gt=0, then=_hundredths(F("s"), F("n"))),
                default=None,
                output_field=IntegerField(),
            ),
            final_h=Case(
                When(trimmed, then=_hundredths(F("s") - F("hi") - F("lo"), F("n") - 2)),
                When(n__gt=0, then=_hundredths(F("s"), F("n"))),
                default=None,
                output_field=IntegerField(),
            ),
        )
    )
    order = [
        F("final_h").desc(nulls_last=True),
        F("plain_h").desc(nulls_last=True),
        F("first_submitted_at").asc(nulls_last=True),
        F("pk").asc(),
    ]
    return qs.annotate(position=Window(RowNumber(), order_by=order)).order_by(*order)


def expert_stats(call) -> dict[int, tuple[float, float]]:
    """(mean, population SD) of each expert's totals over the call's submitted sheets, in half
    points: the yardstick of the z-scores. One query, one row per expert."""
    return {
        expert: (mean, sd)
        for expert, mean, sd in ReviewAssignment.objects.filter(
            application__call=call, state=AssignmentState.SUBMITTED
        )
        .values_list("expert")
        .annotate(mean=Avg("total_halves"), sd=StdDev("total_halves"))
        .order_by()
    }


def _mean_z(stats, submitted, field):
    """Mean z-score of an application's sheets: each expert's totals standardised against that
    expert's own mean and SD (`expert_stats`), so a lenient and a strict expert weigh alike.

    Computed in the same query as the ranking, one CASE branch per expert of the call; an expert
    whose totals are all equal (SD 0) has no z-score. Per-sheet correlated subqueries were
    quadratic (83 s at 2,000 applications × 5 experts) and loading the 10,000 sheets into
    Python cost more than the ranking itself (bench/ranking.py). Shown, never ranked on, so
    float is fine here.
    """
    branches = [
        When(
            review_assignments__expert=expert,
            then=(Cast(F(field), FloatField()) - Value(mean)) / Value(sd),
        )
        for expert, (mean, sd) in sorted(stats.items())
        if sd
    ]
    if not branches:
        return Value(None, output_field=FloatField())
    return Avg(Case(*branches, default=None, output_field=FloatField()), filter=submitted)


def _points(hundredths) -> Decimal | None:
    """8013 → Decimal("80.13"): exact, two places."""
    return None if hundredths is None else Decimal(hundredths).scaleb(-2)


def _halves(value) -> Decimal | None:
    """161 half points → Decimal("80.5"), one place."""
    return None if value is None else Decimal(value * 5).scaleb(-1)


def ranking(call) -> list[RankRow]:
    from review.draw import plan_for

    plan = plan_for(call)
    threshold = max(plan.trim_threshold, 3)
    trims = plan.scoring_rule == ScoringRule.TRIMMED
    rows = []
    for a in ranked_queryset(call, plan, expert_stats(call)):
        lowest, highest = _halves(a["lo"]), _halves(a["hi"])
        rows.append(
            RankRow(
                application=RankedApplication(*(a[name] for name in SHOWN)),
                position=a["position"],
                count=a["n"],
                final=_points(a["final_h"]),
                plain=_points(a["plain_h"]),
                lowest=lowest,
                highest=highest,
                trimmed=trims and a["n"] >= threshold,
                z=a["z"],
                spread_warning=highest is not None and highest - lowest > plan.disagreement_spread,
            )
        )
    for before, after in itertools.pairwise(rows):
        if before.final is not None and before.final == after.final:
            before.tied = after.tied = True
    return rows


def final_score(totals: list[Decimal], *, rule: str, threshold: int) -> Decimal:
    """The same rule on a plain list of totals: the reference the database is tested against."""
    from decimal import ROUND_HALF_UP

    values = sorted(totals)
    if rule == ScoringRule.TRIMMED and len(values) >= max(threshold, 3):
        values = values[1:-1]
    return (sum(values, Decimal("0")) / len(values)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
