"""The back office's sign-in and pages carry the platform's name and emblem, never Wagtail's;
the sign-in still leads staff through the second factor; Wagtail's wrong Chinese is corrected."""

import json

import pytest
from django.urls import reverse
from django.utils import translation

from orgs.roles import Role
from tests.cms.admin_crawl import read
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

GOOD = "Qiu-shui-2026!"


def visible(html: str) -> str:
    page = read(html)
    return " ".join([page.title, *page.texts])


def test_sign_in_page_shows_the_platform_name_and_chinese_labels(client, settings):
    settings.WAGTAIL_SITE_NAME = "示范市民政局公益资助平台"
    html = client.get(reverse("wagtailadmin_login")).content.decode()
    text = visible(html)
    assert read(html).title == "工作人员登录 - 示范市民政局公益资助平台"
    for label in ("示范市民政局公益资助平台", "邮箱或手机号码", "密码", "请输入密码", "登录"):
        assert label in text, label
    assert "Wagtail" not in text and "Password" not in text
    assert "admin-emblem.svg" in html  # the favicon
    assert "wagtailadmin/images/favicon.ico" not in html


def test_every_admin_page_has_the_emblem_and_name(client, staff, settings):
    settings.WAGTAIL_SITE_NAME = "示范市民政局公益资助平台"
    client.force_login(staff)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert read(html).title.endswith(" - 示范市民政局公益资助平台")
    # The sidebar draws what the branding template holds instead of Wagtail's bird.
    branding = html.split("data-wagtail-sidebar-branding-logo>")[1].split("</template>")[0]
    assert 'aria-label="示范市民政局公益资助平台"' in branding


def test_wrong_password_is_answered_in_chinese(client):
    UserFactory(email="zhao@example.cn", password=GOOD, roles=[Role.STAFF])
    response = client.post(
        reverse("wagtailadmin_login"), {"username": "zhao@example.cn", "password": "wrong"}
    )
    assert "邮箱/手机号码或密码不正确。" in response.content.decode()


@pytest.mark.real_2fa
def test_admin_sign_in_still_requires_the_second_factor(client):
    UserFactory(email="zhao@example.cn", password=GOOD, roles=[Role.STAFF])
    response = client.post(
        reverse("wagtailadmin_login"),
        {"username": "zhao@example.cn", "password": GOOD, "next": "/admin/"},
    )
    assert response.status_code == 302
    home = client.get(reverse("wagtailadmin_home"))
    assert home.status_code == 302
    assert home["Location"].startswith(reverse("two_factor:setup"))


def test_staff_sign_in_by_mobile_on_the_admin_sign_in(client):
    UserFactory(email="zhao@example.cn", mobile="13900000009", password=GOOD, roles=[Role.STAFF])
    response = client.post(
        reverse("wagtailadmin_login"), {"username": "13900000009", "password": GOOD}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize(
    ("msgid", "chinese"),
    [
        ("Inspect", "详情"),
        ("Log out", "退出登录"),
        ("Account", "账号"),
        ("Sign in to Wagtail", "登录"),
        ("Search all pages…", "搜索全部页面…"),
    ],
)
def test_our_corrections_win_over_wagtails_catalogue(msgid, chinese):
    with translation.override("zh-hans"):
        assert translation.gettext(msgid) == chinese


def test_script_strings_are_corrected_too(client, staff):
    client.force_login(staff)
    catalogue = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    # The catalogue is a script: non-ASCII text arrives as \u escapes.
    assert json.dumps("（本菜单有 1 项新内容）")[1:-1] in catalogue
