"""NUL in free text that views read without a form (reasons, the score sheet): Django's form
fields refuse it, these paths drop it. PostgreSQL stores NUL neither in text nor in JSON, so
before the fix each of these answered 500 there (`make test-postgres` runs this file too)."""

import pytest
from django.test import Client

from review.models import ReviewAssignment
from tests.security import fuzz_setup as setup
from tests.security.forms import fill

pytestmark = pytest.mark.django_db

NUL = "补充\x00材料"

CASES = [
    ("member_a", "/portal/orgs/{org_a}/transition/submit/", {"reason": NUL}),
    (
        "member_a",
        "/portal/incubation/{incubation}/transition/withdraw/",
        {"reason": NUL, "confirmed": "1"},
    ),
    (
        "member_a",
        "/portal/applications/{application}/transition/withdraw/",
        {"reason": NUL, "confirmed": "1"},
    ),
    ("expert_assigned", "/portal/review/seats/{seat}/decline/", {"reason": NUL}),
    (
        "expert_assigned",
        "/portal/review/assignments/{assignment}/declare/",
        {"declaration": "conflict", "reason": NUL, "confirmed": "1"},
    ),
]


@pytest.mark.parametrize(("role", "url", "data"), CASES, ids=[c[1] for c in CASES])
def test_nul_in_a_reason_is_no_server_error(role, url, data, world, _private_media):
    client = Client()
    client.force_login(world.users[role])
    response = client.post(fill(url, world), data)
    assert response.status_code == 302


def test_nul_in_the_score_sheet_is_dropped(world, _private_media):
    client = Client()
    client.force_login(world.users["expert_assigned"])
    setup.assignment_scoring(world, client)
    url = fill("/portal/review/assignments/{assignment}/sheet/", world)
    response = client.post(url, {"opinion": NUL})
    assert response.status_code == 302
    assert ReviewAssignment.objects.get(pk=world["assignment"].pk).opinion == "补充材料"


def test_nul_in_a_directory_filter_is_dropped(world, _private_media):
    """A GET filter compared with text: PostgreSQL refuses NUL even as a query parameter."""
    response = Client().get("/projects/", {"category": "\x00", "region": "\x00"})
    assert response.status_code == 200
