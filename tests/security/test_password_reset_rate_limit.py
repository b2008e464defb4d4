"""Issue 18 (part): password-reset e-mails had no limit, so anyone could flood an inbox (or the
outgoing mail quota). Now at most ACCOUNT_EMAILS_PER_TARGET an hour to one address and
ACCOUNT_EMAILS_PER_CLIENT from one client address; beyond that the page answers as usual and
nothing is sent."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _reset(client, email, ip="203.0.113.7"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_the_fourth_reset_mail_in_an_hour_is_not_sent(client, caplog):
    UserFactory(email="wang@example.cn")
    answers = [_reset(client, "wang@example.cn", ip=f"203.0.113.{n}") for n in range(1, 5)]
    assert len(mail.outbox) == 3
    assert {(r.status_code, r["Location"]) for r in answers} == {
        (302, reverse("password_reset_done"))
    }
    assert "rate limit" in caplog.text


def test_one_client_address_sends_at_most_ten_an_hour(client):
    for n in range(12):
        UserFactory(email=f"user{n}@target.cn")
        _reset(client, f"user{n}@target.cn")
    assert len(mail.outbox) == 10


def test_the_client_address_is_read_through_trusted_proxies(client, settings):
    """Behind one proxy every request comes from the proxy: the limit is per forwarded client."""
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(12):
        UserFactory(email=f"user{n}@target.cn")
        client.post(
            reverse("password_reset"),
            {"email": f"user{n}@target.cn"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
    assert len(mail.outbox) == 12


def test_the_verification_resend_shares_the_limit(client, django_capture_on_commit_callbacks):
    user = UserFactory(email_verified_at=None)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(4):
            response = client.post(reverse("verification_status"), follow=True)
    assert [m.to for m in mail.outbox] == [[user.email]] * 3
    assert "验证邮件发送过于频繁，请一小时后再试。" in response.content.decode()
