"""Drawing a panel (抽取专家) at random from the active pool, conflicts excluded.

The draw is reproducible: the eligible pool is the sorted list of expert ids, and the panel is
`random.Random(seed).sample(pool, size)`. Seed, pool and result are written to the audit trail, so
anybody can re-run the draw from the record and get the same names.

The pool is the city-wide 专家库 plus the own experts of the call's department and of the
departments above it (issue 21: a street office's call may draw its district's experts, never
another district's).

Conflicts (回避) excluded automatically, for every applicant organization in the panel's scope (the
call, or one category of it): the expert's employer, organizations the expert declared a relation
to, and organizations the expert's account is a member of.
"""

import random
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event
from core.notifications import Message, notify
from core.workflow import perform_transition, without_nul
from grants.models import Application, ApplicationState, Call
from orgs.departments import issuers_for
from orgs.models import Membership
from review.models import (
    AssignmentState,
    ExpertProfile,
    Panel,
    PanelMember,
    ReviewAssignment,
    ReviewPlan,
)
from review.models.plans import DEFAULT_RUBRIC

OPEN_STATES = (AssignmentState.PENDING, AssignmentState.SCORING, AssignmentState.SUBMITTED)


def new_seed() -> int:
    return secrets.randbits(62)


def plan_for(call: Call) -> ReviewPlan:
    """The call's review plan, created with the default rubric (docs/domain.md §4) when missing."""
    plan, created = ReviewPlan.objects.get_or_create(call=call)
    if created:
        for i, (name, guidance, points) in enumerate(DEFAULT_RUBRIC):
            plan.criteria.create(
                position=i, dimension=name, name=name, guidance=guidance, max_points=points
            )
    return plan


def applications_in_scope(call, category=None):
    qs = Application.objects.filter(call=call, state=ApplicationState.REVIEWING)
    if category is not None:
        qs = qs.filter(category=category)
    return qs


def conflicting_expert_ids(org_ids) -> set[int]:
    """Experts employed by, related to, or members of any of `org_ids` (three queries)."""
    org_ids = set(org_ids)
    ids = set(
        ExpertProfile.objects.filter(employer__in=org_ids).values_list("pk", flat=True)
    ) | set(
        ExpertProfile.objects.filter(related_organizations__in=org_ids).values_list("pk", flat=True)
    )
    member_users = Membership.objects.filter(organization__in=org_ids).values("user")
    ids |= set(ExpertProfile.objects.filter(user__in=member_users).values_list("pk", flat=True))
    return ids


def eligible_pool(call, *, category=None, match_expertise=False, exclude=(), org_ids=None):
    """Sorted ids of active experts the call's department may draw, without a conflict in the
    scope."""
    if org_ids is None:
        org_ids = applications_in_scope(call, category).values_list("organization", flat=True)
    blocked = conflicting_expert_ids(org_ids) | set(exclude)
    experts = (
        ExpertProfile.objects.active()
        .drawable_for(issuers_for(call.department_id))
        .exclude(pk__in=blocked)
    )
    ids = []
    wanted = (
        {category.name}
        if category is not None
        else set(call.categories.values_list("name", flat=True))
    )
    for pk, expertise in experts.values_list("pk", "expertise").order_by("pk"):
        if match_expertise and not wanted.intersection(expertise or []):
            continue
        ids.append(pk)
    return ids


@transaction.atomic
def draw_panel(*, call, by, category=None, size=None, match_expertise=False, seed=None) -> Panel:
    """Draw a panel and assign it every application under review in its scope that no panel
    has yet (a call may be drawn category by category, then "all" for the rest).

    Side effects: Panel, PanelMembers and ReviewAssignments created; audit entry on the call
    with seed, pool and result; an e-mail to each drawn expert after commit.
    """
    plan = plan_for(call)
    size = size or plan.panel_size
    if size % 2 == 0:
        raise ValidationError(_("评审组人数须为奇数"))
    in_scope = applications_in_scope(call, category)
    if not in_scope.exists():
        raise ValidationError(_("该范围内没有处于评审中的申报书"))
    applications = list(in_scope.filter(review_assignments__isnull=True))
    if not applications:
        raise ValidationError(_("该范围内的申报书都已有评审组，无需再次抽取"))
    seed = new_seed() if seed is None else seed
    pool = eligible_pool(
        call,
        category=category,
        match_expertise=match_expertise,
        org_ids={a.organization_id for a in applications},
    )
    if len(pool) < size:
        raise ValidationError(
            _("符合条件的专家只有%(n)d名，不足%(size)d名，请扩充专家库或缩小评审组")
            % {"n": len(pool), "size": size}
        )
    # A seeded PRNG on purpose: the draw must be replayable; the seed itself comes from secrets.
    chosen = random.Random(seed).sample(pool, size)  # noqa: S311
    panel = Panel.objects.create(
        call=call,
        category=category,
        size=size,
        match_expertise=match_expertise,
        seed=seed,
        pool=pool,
        created_by=by,
    )
    experts = ExpertProfile.objects.in_bulk(chosen)
    for position, pk in enumerate(chosen, start=1):
        member = PanelMember.objects.create(panel=panel, expert=experts[pk], position=position)
        _assign(member, applications)
    log_event(
        call,
        user=by,
        summary=_("抽取评审专家"),
        panel=panel.pk,
        category=category.name if category else "",
        seed=seed,
        pool=pool,
        drawn=chosen,
        match_expertise=match_expertise,
    )
    return panel


def _assign(member, applications) -> list[ReviewAssignment]:
    created = [
        ReviewAssignment.objects.create(member=member, expert=member.expert, application=a)
        for a in applications
    ]
    if created:
        user = member.expert.user
        notify(
            Message.REVIEW_ASSIGNED,
            recipients=[user.email],
            context={
                "expert_name": str(member.expert),
                "call_title": member.panel.call.title,
                "count": len(created),
                "path": "/portal/review/",
            },
        )
    return created


def _draw_substitute(panel, *, org_ids, by, replaces, reason) -> PanelMember | None:
    """One more expert for `panel`, drawn the same way; None if the pool is exhausted."""
    seated = panel.members.values_list("expert", flat=True)
    pool = eligible_pool(
        panel.call,
        category=panel.category,
        match_expertise=panel.match_expertise,
        exclude=seated,
        org_ids=org_ids,
    )
    seed = new_seed()
    if not pool:
        log_event(panel.call, user=by, summary=_("无可替补的专家"), panel=panel.pk, seed=seed)
        return None
    (pk,) = random.Random(seed).sample(pool, 1)  # noqa: S311
    position = (
        panel.members.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    member = PanelMember.objects.create(
        panel=panel,
        expert=ExpertProfile.objects.get(pk=pk),
        position=position,
        substitute_for=replaces,
    )
    log_event(
        panel.call,
        user=by,
        summary=_("抽取替补专家"),
        panel=panel.pk,
        seed=seed,
        pool=pool,
        drawn=[pk],
        replaces=replaces.expert_id if replaces else None,
        reason=reason,
    )
    return member


@transaction.atomic
def decline_seat(member: PanelMember, *, by, reason: str) -> PanelMember | None:
    """The expert declines the whole panel: their open assignments are withdrawn and a
    substitute is drawn for the panel's applications (same rules). Returns the substitute."""
    if not member.active:
        raise ValidationError(_("该专家已谢绝本次评审"))
    reason = without_nul(reason)
    if not reason.strip():
        raise ValidationError(_("请填写原因"))
    member = PanelMember.objects.select_for_update().get(pk=member.pk)
    member.declined_at = member.declined_at or timezone.now()
    member.decline_reason = reason
    member.save(update_fields=["declined_at", "decline_reason"])
    open_ones = list(
        member.assignments.filter(state__in=(AssignmentState.PENDING, AssignmentState.SCORING))
    )
    for assignment in open_ones:
        perform_transition(assignment, "withdraw", by=by, reason=reason)
    applications = [a.application for a in open_ones]
    if not applications:
        return None
    substitute = _draw_substitute(
        member.panel,
        org_ids=applications_in_scope(member.panel.call, member.panel.category).values_list(
            "organization", flat=True
        ),
        by=by,
        replaces=member,
        reason=reason,
    )
    if substitute:
        _assign(substitute, applications)
    return substitute


def replace_if_short(application, *, panel, by) -> PanelMember | None:
    """After a recusal: draw a substitute for `application` if it would fall below the call's
    minimum number of scores. Called from `ReviewAssignment.after_transition`."""
    plan = plan_for(application.call)
    open_count = application.review_assignments.filter(state__in=OPEN_STATES).count()
    if open_count >= plan.min_scores:
        return None
    recused = (
        application.review_assignments.filter(member__panel=panel)
        .exclude(state__in=OPEN_STATES)
        .select_related("member")
        .order_by("-pk")
        .first()
    )
    substitute = _draw_substitute(
        panel,
        org_ids=applications_in_scope(panel.call, panel.category).values_list(
            "organization", flat=True
        ),
        by=by,
        replaces=recused.member if recused else None,
        reason=_("专家回避，有效评审人数不足"),
    )
    if substitute:
        _assign(substitute, [application])
    return substitute
