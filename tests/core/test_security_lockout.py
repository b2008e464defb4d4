"""Sign-in lock-out (django-axes) on our sign-in page and on the Wagtail admin's."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from orgs.roles import Role
from tests.factories import UserFactory

GOOD = "Qiu-shui-2026!"
LOCKED = "登录失败次数过多，请30分钟后再试或找回密码"
WRONG = "邮箱/手机号码或密码不正确。"


@pytest.fixture
def wang(db):
    return UserFactory(email="wang@example.cn", mobile="13800138000", password=GOOD)


def sign_in(client, login, password, url=None, **extra):
    return client.post(url or reverse("login"), {"username": login, "password": password}, **extra)


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def fail(client, login, times, **extra):
    return [sign_in(client, login, "wrong-password", **extra) for _ in range(times)]


def test_five_failures_lock_out_even_the_right_password(client, wang):
    responses = fail(client, "wang@example.cn", 5)
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    assert all(WRONG in r.content.decode() for r in responses[:4])
    assert LOCKED in responses[4].content.decode()

    response = sign_in(client, "wang@example.cn", GOOD)
    body = response.content.decode()
    assert response.status_code == 429
    assert LOCKED in body
    assert WRONG not in body
    assert '<form method="post"' in body  # still the sign-in page, with the message on it
    assert signed_in_user_id(client) is None


def test_lockout_counts_every_spelling_of_the_same_login(client, wang):
    for login in [
        "Wang@Example.cn",
        " wang@example.cn",
        "WANG@EXAMPLE.CN",
        "wang@example.cn",
        "wAng@example.cn",
    ]:
        sign_in(client, login, "wrong-password")
    response = sign_in(client, "wang@example.CN ", GOOD)
    assert LOCKED in response.content.decode()
    assert signed_in_user_id(client) is None


def test_mobile_spellings_share_one_count(client, wang):
    for login in [
        "138 0013 8000",
        "138-0013-8000",
        "+86 13800138000",
        "008613800138000",
        "13800138000",
    ]:
        sign_in(client, login, "wrong-password")
    response = sign_in(client, "13800138000", GOOD)
    assert LOCKED in response.content.decode()
    assert signed_in_user_id(client) is None


def test_other_people_and_other_addresses_are_unaffected(client, wang):
    other = UserFactory(email="li@example.cn", password=GOOD)
    fail(client, "wang@example.cn", 5)

    response = sign_in(client, "li@example.cn", GOOD)
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(other.pk)

    client.logout()
    response = sign_in(client, "wang@example.cn", GOOD, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(wang.pk)


def test_sign_in_allowed_again_after_cool_off(client, wang):
    fail(client, "wang@example.cn", 5)
    assert LOCKED in sign_in(client, "wang@example.cn", GOOD).content.decode()

    # Thirty-one minutes later.
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=31)
    )
    response = sign_in(client, "wang@example.cn", GOOD)
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(wang.pk)


def test_success_before_the_limit_resets_the_count(client, wang):
    fail(client, "wang@example.cn", 4)
    assert sign_in(client, "wang@example.cn", GOOD).status_code == 302
    client.logout()
    responses = fail(client, "wang@example.cn", 4)
    assert all(WRONG in r.content.decode() for r in responses)


def test_limit_and_cool_off_come_from_settings(client, wang, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.LOGIN_LOCKOUT_MINUTES = 10
    settings.AXES_COOLOFF_TIME = timedelta(minutes=10)
    responses = fail(client, "wang@example.cn", 2)
    assert "登录失败次数过多，请10分钟后再试或找回密码" in responses[1].content.decode()


def test_wagtail_admin_login_is_locked_out_too(client, db):
    UserFactory(email="staff@example.cn", password=GOOD, roles=[Role.STAFF])
    responses = fail(client, "staff@example.cn", 5, url="/admin/login/")
    assert LOCKED in responses[4].content.decode()
    response = sign_in(client, "staff@example.cn", GOOD, url="/admin/login/")
    body = response.content.decode()
    assert response.status_code == 429
    assert LOCKED in body
    assert 'class="login-form"' in body  # Wagtail's own sign-in page
    assert signed_in_user_id(client) is None


def test_failures_on_either_page_add_up(client, wang):
    fail(client, "wang@example.cn", 3, url="/admin/login/")
    fail(client, "wang@example.cn", 2)
    response = sign_in(client, "wang@example.cn", GOOD)
    assert LOCKED in response.content.decode()


# Full-width digits and letters, as a Chinese input method types them, an ideographic space and
# a dash: each spelling signs in (NFKC), so each must count against the same login.
WIDE_SPELLINGS = [
    "13800１38000",
    "１３８００１３８０００",
    "138\u30000013\u30008000",
    "+86 138‐0013‐8000",
    "ｗａｎｇ＠ｅｘａｍｐｌｅ．ｃｎ",
]


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
@pytest.mark.parametrize("spelling", WIDE_SPELLINGS)
def test_full_width_spelling_after_five_failures_is_locked_out(client, wang, url, spelling):
    wang.groups.add(*UserFactory(roles=[Role.STAFF]).groups.all())  # may enter the admin
    fail(client, "13800138000" if spelling[0] != "ｗ" else "wang@example.cn", 5, url=url)
    response = sign_in(client, spelling, GOOD, url=url)
    assert LOCKED in response.content.decode()
    assert signed_in_user_id(client) is None


@pytest.mark.parametrize("spelling", WIDE_SPELLINGS)
def test_full_width_spelling_signs_in_when_not_locked(client, wang, spelling):
    response = sign_in(client, spelling, GOOD)
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(wang.pk)


def test_an_address_with_a_hyphen_signs_in_and_keeps_its_own_count(client, wang):
    # Dashes are dropped from mobile numbers only: "li-na@…" is not "lina@…".
    lina = UserFactory(email="li-na@example.cn", password=GOOD)
    UserFactory(email="lina@example.cn", password=GOOD)
    assert sign_in(client, "lina@example.cn", "wrong-password").status_code == 200
    response = sign_in(client, " Li-Na@example.cn", GOOD)
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(lina.pk)
    assert AccessAttempt.objects.filter(username="li-na@example.cn").count() == 0
