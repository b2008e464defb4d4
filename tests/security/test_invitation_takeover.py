"""Issue 18.11, invitation take-over: a stranger registers the address an organization invited
(registration proves nothing about the address) and accepts the invitation, becoming the
organization's account admin. Refused until the address is verified through its e-mailed link."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from core.workflow import available_transitions
from orgs.actions import invite_member
from orgs.models import Invitation, InvitationState, Membership, User
from orgs.permissions import UNVERIFIED

pytestmark = pytest.mark.django_db
pytest_plugins = ["tests.orgs.incubation_fixtures"]

PASSWORD = "Qiu-shui-2026!"


def _register(client, email):
    return client.post(
        reverse("register"),
        {
            "real_name": "冒名者",
            "email": email,
            "mobile": "",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )


@pytest.fixture
def admin_invitation(org_a, owner):
    return invite_member(org=org_a, email="boss@example.cn", role="admin", by=owner)


def test_registering_an_invited_address_does_not_let_it_accept(
    client, admin_invitation, org_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert _register(client, "Boss@Example.cn")["Location"] == reverse("register_done")
    impostor = User.objects.get(email="boss@example.cn")
    assert impostor.email_verified_at is None
    signed_in = client.post(reverse("login"), {"username": "boss@example.cn", "password": PASSWORD})
    assert signed_in["Location"] == reverse("portal:home")  # may sign in, may not act

    assert available_transitions(admin_invitation, impostor) == []
    url = reverse("portal:invitation_accept", args=[admin_invitation.token])
    response = client.post(url)
    assert response.status_code == 403
    assert str(UNVERIFIED) in response.content.decode()
    admin_invitation.refresh_from_db()
    assert admin_invitation.state == InvitationState.OPEN
    assert not Membership.objects.filter(user=impostor, organization=org_a).exists()

    # Whoever really reads boss@'s mail opens the link; then accepting works.
    (message,) = [m for m in mail.outbox if m.to == ["boss@example.cn"] and "验证" in m.subject]
    link = re.search(r"https?://[^/\s]+(/accounts/verify/\S+/)", message.body).group(1)
    assert client.post(link)["Location"] == reverse("portal:home")
    response = client.post(url)
    assert response["Location"] == reverse("portal:org_detail", args=[org_a.pk])
    assert Membership.objects.get(user=impostor, organization=org_a).role == "admin"
    assert Invitation.objects.get(pk=admin_invitation.pk).state == InvitationState.ACCEPTED


def test_an_unverified_account_cannot_register_an_organization(client, db):
    from tests.factories import UserFactory

    user = UserFactory(email_verified_at=None)
    client.force_login(user)
    response = client.get(reverse("portal:org_create"), follow=True)
    assert response.redirect_chain == [(reverse("verification_status"), 302)]
    assert str(UNVERIFIED) in response.content.decode()


def test_an_unverified_member_cannot_act_for_the_organization(client, org_a, owner):
    """Changing the address clears the verification: the old proof was for another mailbox."""
    owner.email = "changed@example.cn"
    owner.save()
    assert owner.email_verified_at is None
    client.force_login(owner)
    response = client.post(
        reverse("portal:member_invite", args=[org_a.pk]),
        {"email": "friend@example.cn", "role": "admin"},
    )
    assert response.status_code == 403
    assert str(UNVERIFIED) in response.content.decode()
    assert not Invitation.objects.filter(email="friend@example.cn").exists()


def test_an_unverified_founding_team_lead_cannot_register_the_teams_organization(
    base, team_lead, incubator_manager
):
    """The incubation route creates an organization with the applicant as its admin."""
    from django.core.exceptions import PermissionDenied

    from orgs.incubation import actions
    from tests.factories import make_uscc
    from tests.orgs.incubation_support import admitted, team_application

    incubation = admitted(
        team_application(base, team_lead), manager=incubator_manager, applicant=team_lead
    )
    team_lead.email = "team.lead@elsewhere.cn"
    team_lead.save()
    with pytest.raises(PermissionDenied, match="请先验证您的电子邮箱"):
        actions.link_registration(incubation=incubation, by=team_lead, code=make_uscc())
    incubation.refresh_from_db()
    assert incubation.organization is None
