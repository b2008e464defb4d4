"""From scores to a decision: start the review, finish it, propose the funded list, let staff
change it with reasons, and decide (拟资助 / 未入选). Every state change goes through the one door.

Recommendation rule (published with the call's review plan): go down the ranking; an application
is proposed when it has at least the minimum number of scores, its final score is at least the
minimum score to fund, its amount (the request, capped at the per-project cap) fits the remaining
total budget and its category's quotas (number of projects and money). An application that does
not fit is skipped with its reason and the next one is considered, so money left over goes to the
next applications that fit.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event
from core.money import figures
from core.workflow import perform_transition
from grants.models import Application, ApplicationState, CallState
from review.draw import plan_for
from review.models import AssignmentState, RecommendationLine, ReviewAssignment, Why
from review.permissions import can_manage_review
from review.plan_freeze import freeze
from review.ranking import ranking

A = ApplicationState
OPEN = (AssignmentState.PENDING, AssignmentState.SCORING)


@transaction.atomic
def start_review(call, *, by):
    """Call 已截止 → 评审中, applications 审查通过 → 评审中; the call's transition freezes the
    whole review plan (review.plan_freeze)."""
    plan = plan_for(call)
    if not plan.criteria.exists():
        raise ValidationError(_("请先设置评分标准"))
    if call.state == CallState.CLOSED:
        call = perform_transition(call, "start_review", by=by)
    for application in call.applications.filter(state=A.SCREENING_PASSED).order_by("pk"):
        perform_transition(application, "start_review", by=by)
    freeze(call, by=by)  # idempotent; a call moved before freezing existed is frozen now
    return call


def open_sheets(call_or_application):
    """Score sheets not yet submitted, recused or withdrawn (待声明回避 / 评分中)."""
    field = "application" if isinstance(call_or_application, Application) else "application__call"
    return ReviewAssignment.objects.filter(**{field: call_or_application}, state__in=OPEN)


def open_sheet_problems(call_or_application) -> list[str]:
    n = open_sheets(call_or_application).count()
    if n:
        return [_("尚有%(n)d份专家评分表未提交（待声明回避或评分中），评审尚未结束") % {"n": n}]
    return []


def review_problems(application, plan) -> list[str]:
    submitted = application.review_assignments.filter(state=AssignmentState.SUBMITTED).count()
    problems = []
    if application.review_assignments.filter(state__in=OPEN).exists():
        problems.append(_("尚有专家未提交评分"))
    if submitted < plan.min_scores:
        problems.append(
            _("有效评分%(n)d份，少于最少评分数%(min)d份") % {"n": submitted, "min": plan.min_scores}
        )
    return problems


@transaction.atomic
def finish_review(call, *, by) -> dict:
    """Applications whose sheets are all in → 已评审. Returns {application: problems} for the
    ones left under review."""
    plan = plan_for(call)
    left = {}
    for application in call.applications.filter(state=A.REVIEWING).order_by("pk"):
        problems = review_problems(application, plan)
        if problems:
            left[application] = problems
        else:
            perform_transition(application, "finish_review", by=by)
    return left


def _capped(call, requested) -> Decimal:
    return min(requested or Decimal("0.00"), call.per_project_cap)


@transaction.atomic
def propose(call, *, by) -> list[RecommendationLine]:
    """(Re)compute the proposed list from the ranking; earlier staff changes are discarded."""
    _may_change_the_list(call, by)
    if call.applications.filter(state__in=(A.RECOMMENDED, A.PUBLICITY, A.FUNDED)).exists():
        raise ValidationError(_("已作出资助决定，不能重新生成建议名单"))
    problems = open_sheet_problems(call)
    if problems:
        raise ValidationError(problems)
    plan = plan_for(call)
    quotas = {c.pk: c for c in call.categories.all()}
    used_count, used_money = {}, {}
    remaining = call.total_budget
    lines = []
    for row in ranking(call):
        application = row.application
        if application.state not in (A.REVIEWED, A.NOT_SELECTED):
            continue
        amount = _capped(call, application.amount_requested)
        category = quotas.get(application.category_id)
        why = Why.FUNDED
        if row.count < plan.min_scores or row.final is None:
            why = Why.NO_SCORES
        elif row.final < plan.min_score_to_fund:
            why = Why.BELOW_MINIMUM
        elif (
            category
            and category.quota_count is not None
            and (used_count.get(category.pk, 0) >= category.quota_count)
        ):
            why = Why.QUOTA_COUNT
        elif (
            category
            and category.quota_budget is not None
            and (used_money.get(category.pk, Decimal("0")) + amount > category.quota_budget)
        ):
            why = Why.QUOTA_BUDGET
        elif amount > remaining:
            why = Why.BUDGET
        funded = why == Why.FUNDED
        if funded:
            remaining -= amount
            if category:
                used_count[category.pk] = used_count.get(category.pk, 0) + 1
                used_money[category.pk] = used_money.get(category.pk, Decimal("0")) + amount
        lines.append(
            RecommendationLine(
                call=call,
                application_id=application.pk,
                position=row.position,
                final_score=row.final,
                requested=application.amount_requested,
                proposed=funded,
                proposed_why=why,
                selected=funded,
                amount=amount if funded else None,
            )
        )
    RecommendationLine.objects.filter(call=call).delete()
    RecommendationLine.objects.bulk_create(lines)
    log_event(
        call,
        user=by,
        summary=_("生成拟资助建议名单"),
        proposed=[line.application_id for line in lines if line.proposed],
        budget_left=str(remaining),
    )
    return lines


def _may_change_the_list(call, by) -> None:
    """The list (`RecommendationLine.selected`, `proposed`) is not a life cycle of its own (see
    docs/decisions.md); every change of it is checked here and logged on the call."""
    allowed, reason = can_manage_review(call=call, user=by)
    if not allowed:
        raise PermissionDenied(reason)


@transaction.atomic
def change_line(line, *, by, selected: bool, amount, reason: str) -> RecommendationLine:
    """A staff change to the proposed list; the reason is required and logged."""
    _may_change_the_list(line.call, by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("调整拟资助名单须填写理由"))
    line = RecommendationLine.objects.select_for_update().select_related("call").get(pk=line.pk)
    if line.application.state not in (A.REVIEWED,):
        raise ValidationError(_("已作出资助决定的项目不能再调整"))
    call = line.call
    if selected:
        if amount is None:
            amount = _capped(call, line.requested)
        amount = Decimal(amount).quantize(Decimal("0.01"))
        if amount <= 0:
            raise ValidationError(_("拟资助金额须大于0"))
        if amount > call.per_project_cap:
            raise ValidationError(_("拟资助金额不能超过单个项目资助上限"))
    before = {"selected": line.selected, "amount": str(line.amount or "")}
    line.selected = selected
    line.amount = amount if selected else None
    line.change_reason = reason
    line.changed_by = by
    line.changed_at = timezone.now()
    line.save()
    log_event(
        call,
        user=by,
        summary=_("调整拟资助名单"),
        application=line.application_id,
        before=before,
        after={"selected": selected, "amount": str(line.amount or "")},
        reason=reason,
    )
    return line


def selected_total(call) -> Decimal:
    return sum(
        (line.amount for line in call.recommendation_lines.filter(selected=True)),
        Decimal("0.00"),
    )


def decide_problems(call) -> list[str]:
    """Why the decision cannot be made (or proposed for approval) now."""
    if not call.recommendation_lines.exists():
        return [_("请先生成拟资助建议名单")]
    if call.applications.filter(state=A.REVIEWING).exists():
        return [_("尚有申报书未完成评审")]
    total = selected_total(call)
    if total > call.total_budget:
        return [
            _("拟资助金额合计%(total)s元，超过资金总额%(budget)s元")
            % {"total": figures(total), "budget": figures(call.total_budget)}
        ]
    return []


@transaction.atomic
def decide(call, *, by):
    """Move each proposed application to 拟资助 and the others to 未入选.

    A two-person action (`core.approvals`, key "decide"): staff propose it, an approver's approval
    runs this function (see `review.approvals`)."""
    lines = list(call.recommendation_lines.select_related("application").order_by("position"))
    problems = decide_problems(call)
    if problems:
        raise ValidationError(problems)
    total = selected_total(call)
    for line in lines:
        if line.application.state != A.REVIEWED:
            continue
        name = "recommend" if line.selected else "not_select"
        reason = line.change_reason or str(Why(line.proposed_why).label)
        perform_transition(line.application, name, by=by, reason=reason)
    log_event(call, user=by, summary=_("作出拟资助决定"), total=str(total))
