"""Entering points on a score sheet (评分表): validation at the boundary, all or nothing."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import log_event
from core.workflow import without_nul
from review import permissions as perms
from review.models import ReviewAssignment, Score
from review.models.panels import review_open

HALF = Decimal("0.5")


def parse_points(raw, criterion, *, allow_halves: bool) -> Decimal | None:
    """`raw` as points for `criterion`, None if blank; ValidationError with a Chinese message."""
    raw = (raw or "").strip() if isinstance(raw, str) else raw
    if raw in ("", None):
        return None
    try:
        points = Decimal(str(raw))
    except InvalidOperation:
        raise ValidationError(_("“%(name)s”的得分须为数字") % {"name": criterion.name}) from None
    if not points.is_finite() or points < 0 or points > criterion.max_points:
        raise ValidationError(
            _("“%(name)s”的得分须在0到%(max)s之间")
            % {"name": criterion.name, "max": f"{criterion.max_points.normalize():f}"}
        )
    step = HALF if allow_halves else Decimal("1")
    if points % step:
        message = (
            _("“%(name)s”的得分只能为0.5的整数倍")
            if allow_halves
            else _("“%(name)s”的得分须为整数")
        )
        raise ValidationError(message % {"name": criterion.name})
    return points.quantize(Decimal("0.1"))


@transaction.atomic
def save_sheet(assignment: ReviewAssignment, *, by, points: dict, comments: dict, opinion: str):
    """Store the expert's points and comments (keyed by criterion id); nothing is written if any
    value is invalid. Side effect: an audit entry. Returns the locked, updated assignment."""
    assignment = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
    allowed, reason = perms.can_edit_sheet(assignment, by)
    if not allowed:
        raise PermissionDenied(reason)
    if not review_open(assignment):
        raise ValidationError(str(review_open.refusal))
    plan = assignment.plan
    errors = []
    parsed = {}
    for criterion in plan.criteria.all():
        try:
            parsed[criterion] = parse_points(
                points.get(criterion.pk), criterion, allow_halves=plan.allow_halves
            )
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    for criterion, value in parsed.items():
        Score.objects.update_or_create(
            assignment=assignment,
            criterion=criterion,
            defaults={"points": value, "comment": without_nul(comments.get(criterion.pk)).strip()},
        )
    assignment.opinion = without_nul(opinion).strip()
    assignment.save(update_fields=["opinion"])
    log_event(assignment, user=by, summary=_("保存评分表"))
    return assignment
