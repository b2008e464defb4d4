"""Progress of a review (assigned, declared, scored, outstanding), counted by the database:
per call (one row per expert) and per expert (one row per call). Constant number of queries."""

from django.db.models import Count, Q

from review.models import AssignmentState, ReviewAssignment

S = AssignmentState

COUNTS = {
    "assigned": Count("pk", filter=~Q(state=S.WITHDRAWN)),
    "declared": Count("pk", filter=Q(state__in=(S.SCORING, S.SUBMITTED, S.RECUSED))),
    "recused": Count("pk", filter=Q(state=S.RECUSED)),
    "scored": Count("pk", filter=Q(state=S.SUBMITTED)),
    "outstanding": Count("pk", filter=Q(state__in=(S.PENDING, S.SCORING))),
}


def call_progress(call) -> dict:
    """{"total": counts for the call, "experts": [counts per expert]} in two queries."""
    qs = ReviewAssignment.objects.filter(application__call=call)
    experts = list(
        qs.values("expert", "expert__user__real_name", "expert__user__email")
        .annotate(**COUNTS)
        .order_by("expert__user__real_name", "expert")
    )
    return {"total": qs.aggregate(**COUNTS), "experts": experts}


def expert_progress(expert, *, user=None) -> list[dict]:
    """One row per call for `expert` (an ExpertProfile), in one query; with `user`, only the
    calls of the departments they see (`core.scoping`)."""
    return list(
        ReviewAssignment.objects.for_user(user)
        .filter(expert=expert)
        .values("application__call", "application__call__title")
        .annotate(**COUNTS)
        .order_by("-application__call")
    )


def outstanding_by_expert(call):
    """(expert profile id, e-mail, name, outstanding) for experts with work left."""
    return [row for row in call_progress(call)["experts"] if row["outstanding"]]
