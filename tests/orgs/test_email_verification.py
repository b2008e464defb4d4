"""The e-mail verification link: signed, expiring, single-use, bound to the address."""

import re
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse

from orgs import verification
from orgs.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INVALID = "该验证链接已过期、已使用或不完整。"


@pytest.fixture
def newcomer(db):
    return UserFactory(email="new@example.cn", email_verified_at=None)


def _sent_link(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        verification.send_verification(user)
    (message,) = mail.outbox
    assert message.subject == "【公益资助平台】请验证您的电子邮箱"
    return re.search(r"https?://[^/\s]+(/accounts/verify/\S+/)", message.body).group(1)


def test_the_link_shows_a_button_and_verifies_once(
    client, newcomer, django_capture_on_commit_callbacks
):
    link = _sent_link(newcomer, django_capture_on_commit_callbacks)
    page = client.get(link)
    assert "确认 new@example.cn 是您的电子邮箱。" in page.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.email_verified_at is None  # opening (a mail scanner) verifies nothing

    response = client.post(link, follow=True)
    assert response.redirect_chain == [(reverse("login"), 302)]
    assert "邮箱验证成功" in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.email_verified_at is not None


def test_a_used_link_stops_working(client, newcomer, django_capture_on_commit_callbacks):
    link = _sent_link(newcomer, django_capture_on_commit_callbacks)
    client.post(link)
    first = User.objects.get(pk=newcomer.pk).email_verified_at
    again = client.post(link)
    assert again.status_code == 400
    assert INVALID in again.content.decode()
    assert User.objects.get(pk=newcomer.pk).email_verified_at == first


def test_an_expired_link_is_refused(
    client, newcomer, settings, django_capture_on_commit_callbacks, monkeypatch
):
    link = _sent_link(newcomer, django_capture_on_commit_callbacks)
    later = datetime.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(verification.tokens, "_now", lambda: later)
    response = client.post(link)
    assert response.status_code == 400
    assert INVALID in response.content.decode()
    assert User.objects.get(pk=newcomer.pk).email_verified_at is None


@pytest.mark.parametrize(
    "tamper",
    [
        lambda uid, token: (uid, token[:-1] + ("0" if token[-1] != "0" else "1")),
        lambda uid, token: ("MTIzNDU2", token),  # another account's id
        lambda uid, token: ("!!", token),
        lambda uid, token: (uid, "x-y"),
    ],
)
def test_a_tampered_link_is_refused(client, newcomer, django_capture_on_commit_callbacks, tamper):
    link = _sent_link(newcomer, django_capture_on_commit_callbacks)
    uid, token = link.strip("/").split("/")[-2:]
    uid, token = tamper(uid, token)
    response = client.post(reverse("verify_email", args=[uid, token]))
    assert response.status_code == 400
    assert INVALID in response.content.decode()
    assert User.objects.get(pk=newcomer.pk).email_verified_at is None


def test_a_link_for_a_previous_address_stops_working(
    client, newcomer, django_capture_on_commit_callbacks
):
    link = _sent_link(newcomer, django_capture_on_commit_callbacks)
    newcomer.email = "other@example.cn"
    newcomer.save()
    assert client.post(link).status_code == 400
    assert User.objects.get(pk=newcomer.pk).email_verified_at is None


def test_changing_the_address_clears_the_verification(db):
    user = UserFactory(email="a@example.cn")
    assert user.email_verified
    user = User.objects.get(pk=user.pk)
    user.real_name = "改名"
    user.save()
    assert User.objects.get(pk=user.pk).email_verified
    user.email = "b@example.cn"
    user.save(update_fields=["email"])
    assert User.objects.get(pk=user.pk).email_verified_at is None


def test_the_status_page_resends_the_link(client, newcomer, django_capture_on_commit_callbacks):
    client.force_login(newcomer)
    home = client.get(reverse("portal:home")).content.decode()
    assert "您的电子邮箱尚未验证。" in home
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("verification_status"), follow=True)
    assert "验证邮件已重新发送，请查收。" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["new@example.cn"]]


def test_a_password_reset_through_the_mailed_link_verifies_the_address(client, newcomer):
    client.post(reverse("password_reset"), {"email": "new@example.cn"})
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Brand-new-2026!", "new_password2": "Brand-new-2026!"},
    )
    assert User.objects.get(pk=newcomer.pk).email_verified_at is not None
