"""A transition URL naming no transition of the model answers 404 (it was a server error on the
organization and incubation pages): the door itself refuses names it does not know."""

import pytest
from django.test import Client

from tests.security.forms import fill

pytestmark = pytest.mark.django_db

URLS = [
    ("member_a", "/portal/orgs/{org_a}/transition/%s/"),
    ("member_a", "/portal/incubation/{incubation}/transition/%s/"),
    ("member_a", "/portal/applications/{application}/transition/%s/"),
    ("member_b", "/portal/needs/{need}/transition/%s/"),
    ("evaluator", "/portal/evaluations/{evaluation}/transition/%s/"),
]
NAMES = ["no-such-move", "save", "delete", "__init__", "clean", "get_state_display"]


@pytest.mark.parametrize(("role", "url"), URLS, ids=[u for _r, u in URLS])
def test_unknown_transition_names_are_not_found(role, url, world, _private_media):
    client = Client()
    client.force_login(world.users[role])
    answers = {
        name: client.post(fill(url % name, world), {"reason": "x", "confirmed": "1"}).status_code
        for name in NAMES
    }
    assert set(answers.values()) <= {403, 404}, answers
    assert answers["no-such-move"] in (403, 404)
