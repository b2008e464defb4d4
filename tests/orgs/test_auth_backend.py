"""The sign-in backend behind every login form, ours and Wagtail's."""

import pytest
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory

from orgs.auth import EmailOrMobileBackend
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _request():
    # django-axes keys attempts by the request's address: it needs one.
    return RequestFactory().post("/accounts/login/")


def test_backend_signs_in_by_email_or_mobile():
    user = UserFactory(email="alice@example.cn", mobile="13800138000", password="s3cret-Pass")

    assert authenticate(_request(), username="Alice@Example.cn", password="s3cret-Pass") == user
    assert authenticate(_request(), username="+86 138-0013-8000", password="s3cret-Pass") == user
    assert authenticate(_request(), username="alice@example.cn", password="wrong") is None


def test_backend_refuses_an_overlong_login_without_a_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert (
            EmailOrMobileBackend().authenticate(None, username="A" * 100_000, password="x") is None
        )


def test_private_page_login_refuses_an_overlong_login_cleanly():
    # Django's AuthenticationForm does not validate the username's max_length.
    response = Client().post("/_util/login/", {"username": "A" * 100_000, "password": "x"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "__all__": ["请输入一个正确的电子邮箱和密码。注意，两者都区分大小写。"]
    }
