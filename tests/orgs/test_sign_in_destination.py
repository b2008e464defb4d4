"""Where the public sign-in leads: staff to the back office, everyone else to the portal; a safe
`next` wins either way. Staff pass the second factor first, which then continues there."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from orgs.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GOOD = "Qiu-shui-2026!"


def sign_in(client, email, **extra):
    return client.post(reverse("login"), {"username": email, "password": GOOD, **extra})


def destination_after_second_factor(response) -> str:
    location = urlsplit(response["Location"])
    assert location.path in {reverse("two_factor:setup"), reverse("two_factor:verify")}
    return parse_qs(location.query)["next"][0]


def test_applicant_lands_in_the_portal(client):
    UserFactory(email="wang@example.cn", password=GOOD)
    assert sign_in(client, "wang@example.cn")["Location"] == reverse("portal:home")


@pytest.mark.parametrize("superuser", [False, True])
def test_staff_go_on_to_the_back_office(client, superuser):
    UserFactory(
        email="zhao@example.cn",
        password=GOOD,
        roles=[] if superuser else [Role.STAFF],
        is_superuser=superuser,
    )
    response = sign_in(client, "zhao@example.cn")
    assert destination_after_second_factor(response) == reverse("wagtailadmin_home")


def test_a_safe_next_still_wins_for_staff(client):
    UserFactory(email="zhao@example.cn", password=GOOD, roles=[Role.STAFF])
    response = sign_in(client, "zhao@example.cn", next="/portal/")
    assert destination_after_second_factor(response) == "/portal/"


def test_an_unsafe_next_is_ignored(client):
    UserFactory(email="zhao@example.cn", password=GOOD, roles=[Role.STAFF])
    response = sign_in(client, "zhao@example.cn", next="https://evil.example/admin/")
    assert destination_after_second_factor(response) == reverse("wagtailadmin_home")


def test_signed_in_staff_opening_the_sign_in_page_go_to_the_back_office(client):
    staff = UserFactory(email="zhao@example.cn", password=GOOD, roles=[Role.STAFF])
    client.force_login(staff)
    assert client.get(reverse("login"))["Location"] == reverse("wagtailadmin_home")
