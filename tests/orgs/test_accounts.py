"""Registration, sign-in by e-mail or mobile, password reset."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from orgs.models import User
from tests.factories import UserFactory

GOOD = "Qiu-shui-2026!"


def register(client, **overrides):
    data = {
        "real_name": "王小明",
        "email": "Wang@Example.cn",
        "mobile": "138 0013 8000",
        "password1": GOOD,
        "password2": GOOD,
        **overrides,
    }
    return client.post(reverse("register"), data)


def test_register_creates_an_unverified_user_and_mails_the_link(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("register_done")
    user = User.objects.get()
    assert (user.email, user.mobile, user.real_name) == ("wang@example.cn", "13800138000", "王小明")
    assert user.email_verified_at is None
    assert "_auth_user_id" not in client.session  # the answer must not differ for a taken address
    assert [m.to for m in mail.outbox] == [["wang@example.cn"]]
    assert "/accounts/verify/" in mail.outbox[0].body


def test_register_stores_a_full_width_mobile_in_ascii(client, db):
    """A Chinese input method types full-width digits."""
    assert register(client, mobile="１３８ ００１３ ８０００").status_code == 302
    assert User.objects.get().mobile == "13800138000"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("mobile", "12345", "请输入11位中国大陆手机号码，以1开头"),
        ("mobile", "13٨٠٠١٣٨٠٠٠", "请输入11位中国大陆手机号码，以1开头"),
        ("password1", "12345678", "这个密码太常见了。"),
        ("password2", "different-Pass-1", "两次输入的密码不一致。"),
        ("email", "not-an-email", "输入一个有效的 Email 地址。"),
    ],
)
def test_register_rejects_bad_input_with_chinese_message(client, db, field, value, message):
    overrides = {field: value}
    if field == "password1":
        overrides["password2"] = value
    response = register(client, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_register_duplicate_email_and_mobile_answered_as_success(client, db):
    """Neutral answer (tests/security/test_registration_enumeration.py): nothing created."""
    UserFactory(email="wang@example.cn", mobile="13800138000")
    response = register(client)
    assert response["Location"] == reverse("register_done")
    assert User.objects.count() == 1


@pytest.mark.parametrize("login", ["wang@example.cn", "WANG@example.cn", "13800138000"])
def test_sign_in_with_email_or_mobile(client, db, login):
    UserFactory(email="wang@example.cn", mobile="13800138000", password=GOOD)
    response = client.post(reverse("login"), {"username": login, "password": GOOD})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")


def test_sign_in_wrong_password_message(client, db):
    UserFactory(email="wang@example.cn")
    response = client.post(reverse("login"), {"username": "wang@example.cn", "password": "x"})
    assert "邮箱/手机号码或密码不正确。" in response.content.decode()


def test_password_reset_by_email(client, db):
    user = UserFactory(email="wang@example.cn")
    client.post(reverse("password_reset"), {"email": "wang@example.cn"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "【公益资助平台】重设密码"
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Brand-new-2026!", "new_password2": "Brand-new-2026!"},
    )
    assert response["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("Brand-new-2026!")


def test_portal_requires_sign_in(client, db):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
