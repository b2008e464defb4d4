"""Issue 18 (part), account enumeration: the registration form answered "该邮箱已注册" /
"该手机号已注册", telling anyone which addresses and numbers have accounts. Now a taken address or
number gets exactly the answer a new one gets; the owner of a taken address is told by e-mail."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from orgs.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Qiu-shui-2026!"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _register(client, email, mobile=""):
    response = client.post(
        reverse("register"),
        {
            "real_name": "王小明",
            "email": email,
            "mobile": mobile,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        follow=True,
    )
    return response.status_code, response.redirect_chain, CSRF.sub("", response.content.decode())


@pytest.fixture
def existing(db):
    return UserFactory(email="taken@example.cn", mobile="13800138000", real_name="原用户")


def test_a_taken_email_gets_the_same_answer_as_a_new_one(
    client, existing, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        new = _register(client, "fresh@example.cn")
        taken = _register(client, "Taken@Example.cn")
    assert new == taken
    assert new[1] == [(reverse("register_done"), 302)]
    assert "如果该邮箱可以注册，我们已发送验证邮件" in new[2]
    assert User.objects.filter(email="taken@example.cn").get() == existing
    assert [m.to for m in mail.outbox] == [["fresh@example.cn"], ["taken@example.cn"]]
    warning = mail.outbox[1]
    assert warning.subject == "【公益资助平台】有人尝试用您的邮箱注册"
    assert "/accounts/password/reset/" in warning.body


def test_a_taken_mobile_gets_the_same_answer_and_creates_nothing(
    client, existing, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        new = _register(client, "one@example.cn", mobile="139 0000 0000")
        taken = _register(client, "two@example.cn", mobile="+86 138 0013 8000")
    assert new == taken
    assert User.objects.filter(email="one@example.cn", mobile="13900000000").exists()
    assert not User.objects.filter(email="two@example.cn").exists()
    assert [m.to for m in mail.outbox] == [["one@example.cn"]]  # no SMS channel to warn


def test_password_reset_answers_alike_for_known_and_unknown_addresses(client, existing):
    known = client.post(reverse("password_reset"), {"email": "taken@example.cn"}, follow=True)
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.cn"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert CSRF.sub("", known.content.decode()) == CSRF.sub("", unknown.content.decode())
    assert [m.to for m in mail.outbox] == [["taken@example.cn"]]
