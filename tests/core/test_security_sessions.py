"""Sessions end: SESSION_COOKIE_AGE after sign-in, or sooner when idle."""

import time

from django.urls import reverse

from core.security.sessions import LAST_SEEN_AT, SIGNED_IN_AT

HOUR = 3600


def shift_session(client, **seconds_ago):
    session = client.session
    now = time.time()
    for key, ago in seconds_ago.items():
        session[{"signed_in": SIGNED_IN_AT, "last_seen": LAST_SEEN_AT}[key]] = now - ago
    session.save()


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_sign_in_stamps_the_session(client, owner):
    client.force_login(owner)
    session = client.session
    assert abs(session[SIGNED_IN_AT] - time.time()) < 60
    assert session[LAST_SEEN_AT] == session[SIGNED_IN_AT]


def test_idle_session_is_signed_out(client, owner):
    client.force_login(owner)
    shift_session(client, signed_in=3 * HOUR, last_seen=2 * HOUR + 60)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not is_signed_in(client)
    page = client.get(response["Location"])
    assert "登录已超时，请重新登录。" in page.content.decode()


def test_active_session_stays(client, owner):
    client.force_login(owner)
    shift_session(client, signed_in=3 * HOUR, last_seen=HOUR)
    assert client.get(reverse("portal:home")).status_code == 200
    assert is_signed_in(client)
    assert time.time() - client.session[LAST_SEEN_AT] < 60  # activity recorded


def test_session_older_than_its_age_is_signed_out_even_if_active(client, owner, settings):
    client.force_login(owner)
    shift_session(client, signed_in=settings.SESSION_COOKIE_AGE + 60, last_seen=10)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert not is_signed_in(client)


def test_privileged_sessions_idle_out_sooner(client, staff, owner):
    client.force_login(staff)
    shift_session(client, signed_in=HOUR, last_seen=31 * 60)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert not is_signed_in(client)

    client.force_login(owner)
    shift_session(client, signed_in=HOUR, last_seen=31 * 60)
    assert client.get(reverse("portal:home")).status_code == 200


def test_idle_limits_come_from_settings(client, owner, settings):
    settings.SESSION_IDLE_TIMEOUT = 0  # off
    client.force_login(owner)
    shift_session(client, signed_in=HOUR, last_seen=HOUR - 1)
    assert client.get(reverse("portal:home")).status_code == 200
