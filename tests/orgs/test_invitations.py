"""The invitation's life cycle (待接受 → 已接受 / 已撤回) through the one door; 已过期 is read from
its date."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from core.audit import EVENT, TRANSITION, history
from core.workflow import TransitionRefused, perform_transition
from orgs.actions import accept_invitation, invite_member
from orgs.models import Invitation, InvitationState, Membership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(org_a, owner):
    return invite_member(org=org_a, email="New.Member@example.cn", role="member", by=owner)


@pytest.fixture
def invitee(db):
    return UserFactory(email="new.member@example.cn")


def test_accepting_makes_a_member_and_is_audited(invitation, invitee, org_a):
    membership = accept_invitation(invitation=invitation, user=invitee)
    assert (membership.user, membership.organization, membership.role) == (
        invitee,
        org_a,
        "member",
    )
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.ACCEPTED and invitation.accepted_at is not None
    entry = history(invitation).get(action=TRANSITION)
    assert (entry.user, entry.data["transition"], entry.data["to_label"]) == (
        invitee,
        "accept",
        "已接受",
    )
    assert history(org_a).filter(action=EVENT, data__summary="接受邀请加入组织").exists()


def test_someone_else_cannot_accept(invitation, outsider, org_a):
    with pytest.raises(PermissionDenied, match="该邀请发给了其他邮箱"):
        accept_invitation(invitation=invitation, user=outsider)
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.OPEN
    assert not Membership.objects.filter(user=outsider, organization=org_a).exists()
    assert not history(invitation).exists()


def test_used_invitation_says_so_whoever_opens_it(invitation, invitee, outsider):
    accept_invitation(invitation=invitation, user=invitee)
    for user in (invitee, outsider):
        with pytest.raises(ValidationError, match="邀请已失效或已被使用"):
            accept_invitation(invitation=invitation, user=user)


def test_expired_invitation_cannot_be_accepted(invitation, invitee):
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(ValidationError, match="邀请已失效或已被使用"):
        accept_invitation(invitation=invitation, user=invitee)
    # The door refuses it too (the date is a condition, not a state).
    with pytest.raises(TransitionRefused, match="邀请已失效或已被使用"):
        perform_transition(Invitation.objects.get(pk=invitation.pk), "accept", by=invitee)
    assert Invitation.objects.get(pk=invitation.pk).state == InvitationState.OPEN


def test_existing_member_accepting_changes_nothing(org_a, owner, member):
    invitation = Invitation.objects.create(
        organization=org_a, email=member.email, role="admin", invited_by=owner
    )
    with pytest.raises(ValidationError, match="您已是该组织成员"):
        accept_invitation(invitation=invitation, user=member)
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.OPEN and invitation.accepted_at is None
    assert Membership.objects.get(user=member, organization=org_a).role == "member"
    assert not history(invitation).exists()


def test_a_new_invitation_revokes_the_open_one(invitation, org_a, owner, invitee):
    second = invite_member(org=org_a, email="new.member@example.cn", role="admin", by=owner)
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.REVOKED and invitation.revoked_at is not None
    entry = history(invitation).get(action=TRANSITION)
    assert (entry.user, entry.data["transition"], entry.data["reason"]) == (
        owner,
        "revoke",
        "已重新发出邀请",
    )
    with pytest.raises(ValidationError, match="邀请已失效或已被使用"):
        accept_invitation(invitation=invitation, user=invitee)
    assert accept_invitation(invitation=second, user=invitee).role == "admin"


def test_only_the_org_admin_may_revoke(invitation, member, outsider, staff):
    for user in (member, outsider, staff):
        with pytest.raises(PermissionDenied, match="只有本组织的账号管理员"):
            perform_transition(invitation, "revoke", by=user)
    assert Invitation.objects.get(pk=invitation.pk).state == InvitationState.OPEN


def test_portal_accept_of_a_used_link_shows_the_message(client, invitation, invitee):
    accept_invitation(invitation=invitation, user=invitee)
    client.force_login(invitee)
    response = client.post(
        reverse("portal:invitation_accept", args=[invitation.token]), follow=True
    )
    assert "邀请已失效或已被使用。" in response.content.decode()
