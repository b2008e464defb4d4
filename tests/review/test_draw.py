"""Drawing panels: conflicts excluded, reproducible from the seed, substitutes the same way."""

import random

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from core.workflow import perform_transition
from review.draw import decline_seat, draw_panel
from review.models import AssignmentState, Panel
from tests.factories import ExpertProfileFactory, add_member
from tests.review.conftest import make_reviewing_call

pytestmark = pytest.mark.django_db


def test_draw_conflicts_never_drawn(staff, experts):
    call, apps = make_reviewing_call(staff)
    employed = experts[0]
    employed.employer = apps[0].organization
    employed.save()
    related = experts[1]
    related.related_organizations.add(apps[1].organization)
    member_of = experts[2]
    add_member(member_of.user, apps[2].organization)
    conflicted = {employed.pk, related.pk, member_of.pk}
    for seed in range(20):
        Panel.objects.filter(call=call).delete()
        panel = draw_panel(call=call, by=staff, size=3, seed=seed)
        drawn = set(panel.members.values_list("expert", flat=True))
        assert drawn.isdisjoint(conflicted)
        assert set(panel.pool).isdisjoint(conflicted)


def test_draw_same_seed_same_panel_and_recorded(staff, experts):
    call, _apps = make_reviewing_call(staff)
    first = draw_panel(call=call, by=staff, size=5, seed=424242)
    names = list(first.members.order_by("position").values_list("expert", flat=True))
    assert names == random.Random(424242).sample(first.pool, 5)
    Panel.objects.all().delete()
    again = draw_panel(call=call, by=staff, size=5, seed=424242)
    assert list(again.members.order_by("position").values_list("expert", flat=True)) == names
    entry = ModelLogEntry.objects.filter(object_id=str(call.pk)).order_by("-pk").first()
    assert entry.data["seed"] == 424242
    assert entry.data["pool"] == again.pool
    assert entry.data["drawn"] == names


def test_draw_assigns_every_application_and_refuses_even_or_small(staff, experts):
    call, apps = make_reviewing_call(staff)
    with pytest.raises(ValidationError, match="奇数"):
        draw_panel(call=call, by=staff, size=4)
    with pytest.raises(ValidationError, match="不足9名"):
        draw_panel(call=call, by=staff, size=9)
    panel = draw_panel(call=call, by=staff, size=3, seed=1)
    assert panel.members.count() == 3
    for application in apps:
        assert application.review_assignments.count() == 3


def test_a_second_draw_covers_only_applications_without_a_panel(staff, experts):
    """Drawing again must not assign an expert twice to one application (a unique row): it
    takes the applications no panel has yet, and is refused when there are none."""
    call, apps = make_reviewing_call(staff)
    draw_panel(call=call, by=staff, size=3, seed=1)
    with pytest.raises(ValidationError, match="都已有评审组"):
        draw_panel(call=call, by=staff, size=3, seed=2)
    assert Panel.objects.filter(call=call).count() == 1
    late = make_reviewing_call(staff, n=1)[1][0]
    late.call = call
    late.save(update_fields=["call"])
    second = draw_panel(call=call, by=staff, size=3, seed=2)
    assert set(second.members.values_list("assignments__application", flat=True)) == {late.pk}
    for application in apps:
        assert application.review_assignments.count() == 3


def test_draw_by_expertise_only_matching(staff, experts):
    call, _apps = make_reviewing_call(staff)
    for e in experts[:4]:
        e.expertise = ["社区治理"]
        e.save()
    category = call.categories.get(name="扶老")
    panel = draw_panel(call=call, by=staff, size=3, category=category, match_expertise=True, seed=5)
    assert set(panel.pool) == {e.pk for e in experts[4:]}


def test_substitute_on_decline_respects_conflicts(staff, experts):
    call, apps = make_reviewing_call(staff)
    panel = draw_panel(call=call, by=staff, size=5, seed=3)
    seated = set(panel.members.values_list("expert", flat=True))
    free = [e for e in experts if e.pk not in seated]
    free[0].employer = apps[0].organization  # conflicted: must not be the substitute
    free[0].save()
    member = panel.members.order_by("position").first()
    substitute = decline_seat(member, by=member.expert.user, reason="出差无法参加")
    assert substitute.expert_id == free[1].pk
    assert substitute.substitute_for == member
    assert set(member.assignments.values_list("state", flat=True)) == {AssignmentState.WITHDRAWN}
    assert substitute.assignments.count() == len(apps)


def test_recusal_triggers_substitute_below_minimum(staff, experts):
    call, apps = make_reviewing_call(staff, min_scores=3, panel_size=3)
    panel = draw_panel(call=call, by=staff, size=3, seed=11)
    seated = set(panel.members.values_list("expert", flat=True))
    assignment = apps[0].review_assignments.first()
    perform_transition(
        assignment, "declare_conflict", by=assignment.expert.user, reason="曾在该机构任职"
    )
    open_ones = apps[0].review_assignments.exclude(
        state__in=[AssignmentState.RECUSED, AssignmentState.WITHDRAWN]
    )
    assert open_ones.count() == 3
    newcomer = open_ones.exclude(expert__in=seated).get()
    assert newcomer.member.substitute_for == assignment.member
    # The substitute only takes the application that fell short.
    assert newcomer.member.assignments.count() == 1


def test_no_substitute_when_pool_exhausted(staff):
    ExpertProfileFactory.create_batch(3)
    call, apps = make_reviewing_call(staff, min_scores=3, panel_size=3)
    panel = draw_panel(call=call, by=staff, size=3, seed=2)
    assignment = apps[0].review_assignments.first()
    perform_transition(assignment, "declare_conflict", by=assignment.expert.user, reason="亲属")
    assert panel.members.count() == 3


def test_draw_mails_each_drawn_expert(
    staff, experts, mailoutbox, django_capture_on_commit_callbacks
):
    call, apps = make_reviewing_call(staff)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        panel = draw_panel(call=call, by=staff, size=3, seed=1)
    drawn = {m.expert.user.email for m in panel.members.select_related("expert__user")}
    mails = [m for m in mailoutbox if m.subject.startswith("【专家评审】")]
    assert {m.to[0] for m in mails} == drawn
    assert f"共有{len(apps)}份申报书待评审" in mails[0].body
