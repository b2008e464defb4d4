"""The review plan in force (评审方案): frozen at 开始评审, changed only by a 重新评审.

docs/domain.md §4 and §11 ("rules before results"): the rubric, the scoring rule, the trimming
threshold, the minimum score to fund, the blind flag, the minimum number of sheets, the budget and
the category quotas are fixed when the review starts, so that nobody can pick the rule after
seeing the scores. What is frozen is stored on the plan (`ReviewPlan.frozen_rules`, `frozen_at`,
`version`); the model refuses a frozen setting that differs from it (`ReviewPlan.save`), and the
call's budget and quotas are refused here (`pre_save` receivers and the `call.edit` /
`category.edit` checks shown by the admin forms).

A change afterwards is the call's `rereview` transition (重新评审, reason required), performed by
`rereview()` or through the generic admin transition page once new values are pending:

* `request_rereview(call, by=, changes=)` stores the new values (`ReviewPlan.pending_rules`);
* the `rereview` transition applies them: decisions 拟资助 / 未入选 go back to 已评审 (撤销决定),
  the proposed list built on the old plan is deleted, the plan is frozen again as the next version,
  and the audit trail keeps the old and new rules with the reason.

Two steps on purpose: a second person's approval (经办/审核) can be put on the transition without
changing this module. Refused once the 公示 is out (the call is no longer 评审中).
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event
from core.workflow import TransitionRefused, perform_transition, without_nul
from grants.models import ApplicationState, Call, CallCategory
from grants.signals import call_moved
from review.models import ReviewPlan
from review.models.plans import FROZEN_FIELDS
from review.models.states import ScoringRule

A = ApplicationState
BUDGET_FIELDS = ("total_budget", "per_project_cap")


def _plan(call) -> ReviewPlan | None:
    return ReviewPlan.objects.filter(call_id=call.pk).first()


def _money(value) -> str:
    return "" if value is None else str(Decimal(value).quantize(Decimal("0.01")))


def budget_rules(call) -> dict:
    return {name: _money(getattr(call, name)) for name in BUDGET_FIELDS}


def quota_rules(call) -> dict:
    return {
        str(c.pk): {"name": c.name, "count": c.quota_count, "budget": _money(c.quota_budget)}
        for c in CallCategory.objects.filter(call_id=call.pk).order_by("pk")
    }


def rubric_rules(plan) -> list:
    return [
        [c.dimension, c.name, f"{c.max_points.normalize():f}"]
        for c in plan.criteria.order_by("position", "pk")
    ]


def current_rules(plan, call) -> dict:
    return {
        **plan.rule_values(),
        "budget": budget_rules(call),
        "quotas": quota_rules(call),
        "rubric": rubric_rules(plan),
    }


def freeze(call, *, by) -> ReviewPlan:
    """Freeze the plan in force (at 开始评审). Idempotent: a frozen plan stays as it is."""
    plan = ReviewPlan.objects.select_for_update().get(call_id=call.pk)
    if plan.frozen:
        return plan
    now = timezone.now()
    plan.frozen_rules = current_rules(plan, call)
    plan.frozen_at = now
    plan.rubric_frozen_at = plan.rubric_frozen_at or now
    plan.save(update_fields=["frozen_rules", "frozen_at", "rubric_frozen_at"])
    log_event(
        call,
        user=by,
        summary=_("评审方案已锁定"),
        version=plan.version,
        rules=plan.frozen_rules,
        total=str(plan.total_points()),
    )
    return plan


# --- 重新评审 ----------------------------------------------------------------------------------

PLAN_CHANGES = (*FROZEN_FIELDS,)


def _clean_changes(plan, call, changes: dict) -> dict:
    """The changes as stored values; ValidationError naming anything not allowed."""
    clean = {}
    errors = []
    for name, value in changes.items():
        if name in PLAN_CHANGES:
            field = plan._meta.get_field(name)
            try:
                python = field.clean(value, plan)
            except ValidationError as error:
                errors.extend(f"{field.verbose_name}：{m}" for m in error.messages)
                continue
            clean[name] = plan.stored_value(name, python)
        elif name in BUDGET_FIELDS:
            try:
                amount = Decimal(str(value))
            except InvalidOperation:
                errors.append(_("金额须为数字"))
                continue
            if not amount.is_finite() or amount <= 0:
                errors.append(_("金额须大于0"))
                continue
            clean[name] = _money(amount)
        else:
            errors.append(_("“%(name)s”不能通过重新评审修改") % {"name": name})
    budget = {**budget_rules(call), **{k: v for k, v in clean.items() if k in BUDGET_FIELDS}}
    if Decimal(budget["per_project_cap"]) > Decimal(budget["total_budget"]):
        errors.append(_("单个项目资助上限不能超过资金总额"))
    if "trim_threshold" in clean and int(clean["trim_threshold"]) < 3:
        errors.append(_("去极值阈值不能少于3份评分"))
    if errors:
        raise ValidationError(errors)
    in_force = {**plan.frozen_rules, **plan.frozen_rules.get("budget", {})}
    return {k: v for k, v in clean.items() if in_force.get(k) != v}


@transaction.atomic
def request_rereview(call, *, by, changes: dict) -> ReviewPlan:
    """Store the new values of a 重新评审 (the transition applies them); audit entry."""
    plan = ReviewPlan.objects.select_for_update().get(call_id=call.pk)
    if not plan.frozen:
        raise ValidationError(_("评审尚未开始，可直接修改评审方案"))
    pending = _clean_changes(plan, call, changes)
    if not pending:
        raise ValidationError(_("新的评审方案与现行方案相同"))
    ReviewPlan.objects.filter(pk=plan.pk).update(pending_rules=pending)
    plan.pending_rules = pending
    log_event(call, user=by, summary=_("提出重新评审"), changes=pending)
    return plan


@transaction.atomic
def rereview(call, *, by, reason: str, changes: dict):
    """重新评审 as staff ask for it: store the new values, then submit the `rereview` transition
    for a second person's approval (经办/审核, `review.approvals`), or perform it at once where
    that is switched off. Returns `core.approvals.submit`'s (approval, message)."""
    from core import approvals
    from review.approvals import REREVIEW

    if not without_nul(reason).strip():
        raise TransitionRefused([_("请填写原因")])
    plan = request_rereview(call, by=by, changes=changes)
    return approvals.submit(
        REREVIEW, call, by=by, data={"changes": plan.pending_rules}, reason=reason
    )


def perform_rereview(call, *, by, reason: str) -> Call:
    return perform_transition(call, "rereview", by=by, reason=reason)


def rereview_problems(call) -> list[str]:
    plan = _plan(call)
    if plan is None or not plan.frozen:
        return [_("评审尚未开始，评审方案未锁定")]
    if not plan.pending_rules:
        return [_("请先在评审方案页面填写新的评审方案")]
    return []


def _apply_rereview(call, *, by, reason):
    plan = ReviewPlan.objects.select_for_update().get(call_id=call.pk)
    pending = plan.pending_rules or {}
    before = plan.frozen_rules
    for application in call.applications.filter(state__in=(A.RECOMMENDED, A.NOT_SELECTED)).order_by(
        "pk"
    ):
        perform_transition(
            application, "reconsider", by=by, reason=_("重新评审：%(r)s") % {"r": reason}
        )
    discarded = list(call.recommendation_lines.values_list("application_id", flat=True))
    call.recommendation_lines.all().delete()
    budget = {k: v for k, v in pending.items() if k in BUDGET_FIELDS}
    for name, value in budget.items():
        setattr(call, name, Decimal(value))
    for name in PLAN_CHANGES:
        if name in pending:
            field = plan._meta.get_field(name)
            setattr(plan, name, field.to_python(pending[name]))
    plan.frozen_rules = current_rules(plan, call)
    plan.frozen_at = timezone.now()
    plan.version += 1
    plan.pending_rules = None
    plan.save()
    if budget:
        Call.objects.filter(pk=call.pk).update(**budget)
    log_event(
        call,
        user=by,
        summary=_("重新评审：评审方案第%(v)s版生效") % {"v": plan.version},
        reason=reason,
        before=before,
        after=plan.frozen_rules,
        discarded_lines=discarded,
    )


@receiver(call_moved, dispatch_uid="review.plan_freeze.on_call_moved")
def on_call_moved(sender, call, name, by, reason, **kwargs):
    if name == "start_review":
        freeze(call, by=by)
    elif name == "rereview":
        _apply_rereview(call, by=by, reason=reason)


# --- Guards on the call's budget and quotas -------------------------------------------------


def call_edit_problems(call) -> list[str]:
    if call.pk is None:
        return []
    plan = _plan(call)
    if plan is None or not plan.frozen:
        return []
    frozen = plan.frozen_rules.get("budget", {})
    now = budget_rules(call)
    changed = [
        str(Call._meta.get_field(name).verbose_name)
        for name in BUDGET_FIELDS
        if name in frozen and frozen[name] != now[name]
    ]
    if changed:
        return [plan.frozen_message(changed)]
    return []


def category_edit_problems(category) -> list[str]:
    if not category.call_id:
        return []
    plan = _plan(category.call)
    if plan is None or not plan.frozen:
        return []
    frozen = plan.frozen_rules.get("quotas", {}).get(str(category.pk)) if category.pk else None
    now = {"count": category.quota_count, "budget": _money(category.quota_budget)}
    if frozen is None:
        if category.quota_count is None and category.quota_budget is None:
            return []
        return [plan.frozen_message([_("服务领域配额")])]
    if (frozen["count"], frozen["budget"]) != (now["count"], now["budget"]):
        return [plan.frozen_message([_("服务领域配额")])]
    return []


@receiver(pre_save, sender=Call, dispatch_uid="review.plan_freeze.call_budget")
def _guard_call(sender, instance, raw=False, **kwargs):
    if not raw:
        problems = call_edit_problems(instance)
        if problems:
            raise ValidationError(problems)


@receiver(pre_save, sender=CallCategory, dispatch_uid="review.plan_freeze.category_quota")
def _guard_category(sender, instance, raw=False, **kwargs):
    if not raw:
        problems = category_edit_problems(instance)
        if problems:
            raise ValidationError(problems)


@receiver(pre_delete, sender=CallCategory, dispatch_uid="review.plan_freeze.category_delete")
def _guard_category_delete(sender, instance, **kwargs):
    plan = _plan(instance.call) if instance.call_id else None
    if plan is not None and plan.frozen:
        raise ValidationError(plan.frozen_message([_("服务领域配额")]))


def start_review_problems(call) -> list[str]:
    plan = _plan(call)
    if plan is None or not plan.criteria.exists():
        return [_("请先设置评分标准")]
    if plan.scoring_rule == ScoringRule.TRIMMED and plan.trim_threshold < 3:
        return [_("去极值阈值不能少于3份评分")]
    return []
