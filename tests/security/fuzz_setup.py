"""Put world objects in the state a form needs before it is fuzzed (`FormTarget.prepare`).

The world is shared with the permission matrix, so these run inside the test's savepoint and are
rolled back with it; they change rows with `update()` and never the world's Python objects.
"""

from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


def _set(obj, **fields) -> None:
    type(obj)._default_manager.filter(pk=obj.pk).update(**fields)


def assignment_scoring(world, client) -> None:
    """The assigned expert has declared no conflict: the score sheet is open."""
    _set(world["assignment"], state="scoring")


def incubation_draft(world, client) -> None:
    _set(world["incubation"], state="draft")


def incubation_incubating(world, client) -> None:
    _set(world["incubation"], state="incubating")


def incubation_midterm(world, client) -> None:
    _set(world["incubation"], state="midterm")


def incubation_founding_team(world, client) -> None:
    """A founding team's record inside the base, not yet linked to a registered organization."""
    _set(
        world["incubation"],
        state="incubating",
        organization=None,
        applicant=world.users["member_a"],
        team_name="长者关爱筹备组",
    )


def publicity_open(world, client) -> None:
    """The 公示 before its result is published: objections are accepted."""
    _set(world["publicity"], result_snapshot=None)


def need_owner(world, client) -> None:
    """`member_b` administers the community that raised the world's need, still a draft."""
    from orgs.models import MemberRole, Membership

    Membership.objects.get_or_create(
        user=world.users["member_b"],
        organization=world["need"].organization,
        defaults={"role": MemberRole.ADMIN},
    )
    _set(world["need"], state="draft")


def provider_verified(world, client) -> None:
    """`member_b`'s organization is verified: it may offer to serve a published need."""
    _set(world["org_b"], state="verified")


def project_awaiting_agreement(world, client) -> None:
    _set(world["project"], state="awaiting_agreement", agreement_state="generated")


def password_reset_link(world, client) -> None:
    """Follow the e-mailed link of `member_b`: the view keeps the token in the session."""
    from django.contrib.auth.tokens import default_token_generator

    user = world.users["member_b"]
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    client.get(f"/accounts/password/reset/{uid}/{token}/")


def confirmed_device(world, client) -> None:
    """`expert_assigned` has enrolled an authenticator: sign-in asks for its code."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=world.users["expert_assigned"], name="手机", confirmed=True)


def objection_token(world) -> str:
    """A form shown long enough ago (the minimum fill time has passed)."""
    from review.spam import form_token

    return form_token(now=1)


def need_in_call(world, client) -> None:
    """The world's need is taken up by the call of org A's draft application."""
    _set(world["need"], state="in_call", call=world["application"].call)


def evaluation_computed(world, client) -> None:
    """The evaluator has opened the scores page, which fills in the computed indicators."""
    from reports.models import Evaluation
    from reports.scoring import refresh_computed

    refresh_computed(Evaluation.objects.get(pk=world["evaluation"].pk))
