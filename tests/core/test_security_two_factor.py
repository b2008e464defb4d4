"""Two-factor authentication for staff, experts, evaluators and admins (django-otp).

These tests are marked `real_2fa`: `client.force_login` gives a signed-in but unverified session,
as a stolen password would, instead of the suite's usual completed sign-in (tests/conftest.py).
"""

import re
import time
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from core.security.devices import confirm_totp_device, pending_totp_device
from orgs.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.real_2fa

GOOD = "Qiu-shui-2026!"
SETUP = reverse("two_factor:setup")
VERIFY = reverse("two_factor:verify")
WRONG_CODE = "验证码不正确"


def code_for(device: TOTPDevice, offset_steps: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_steps * device.step
    return f"{totp.token():06d}"


def sign_in(client, user, url=None):
    return client.post(url or reverse("login"), {"username": user.email, "password": GOOD})


def enrolled(user) -> tuple[TOTPDevice, list[str]]:
    device = pending_totp_device(user)
    codes = confirm_totp_device(device)
    return device, codes


@pytest.fixture
def staff(db):
    return UserFactory(email="staff@example.cn", password=GOOD, roles=[Role.STAFF])


@pytest.fixture
def applicant(org_a):
    from orgs.models import MemberRole
    from tests.factories import add_member

    user = UserFactory(email="applicant@example.cn", password=GOOD)
    add_member(user, org_a, MemberRole.ADMIN)
    return user


def test_password_sign_in_sends_staff_to_enrolment(client, staff):
    response = sign_in(client, staff)
    assert response.status_code == 302
    # staff land in the back office (issue 19.2), through the two-factor step
    assert response["Location"] == f"{SETUP}?next={quote('/admin/', safe='')}"
    page = client.get(response["Location"])
    body = page.content.decode()
    assert "启用两步验证" in body
    assert '<svg width="220" height="220" role="img" aria-label="两步验证二维码"' in body
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    assert page.context["secret"].replace(" ", "") in body.replace(" ", "")
    assert "otpauth://totp/" in device.config_url
    # Nothing else is reachable before enrolment.
    for url in ["/portal/", "/admin/", "/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{SETUP}?next={quote(url, safe='')}"


def test_enrolment_with_valid_code_shows_backup_codes_once(client, staff):
    sign_in(client, staff)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=staff)
    response = client.post(SETUP, {"code": code_for(device), "next": "/admin/"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "两步验证已启用。" in body
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", body)
    assert len(codes) == 10
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=staff).values_list("token", flat=True)
    )
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200
    assert client.get("/portal/").status_code == 200
    # The codes are never shown again: the page now asks a verified user to replace them.
    again = client.get(SETUP)
    assert again.status_code == 302
    entry = ModelLogEntry.objects.filter(object_id=str(staff.pk)).latest("timestamp")
    assert entry.data["summary"] == "启用两步验证"


def test_enrolment_wrong_code_refused(client, staff):
    sign_in(client, staff)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=staff)
    wrong = f"{(int(code_for(device)) + 1) % 1000000:06d}"
    response = client.post(SETUP, {"code": wrong})
    assert response.status_code == 200
    assert (
        "验证码不正确，请确认手机时间准确后输入应用中当前显示的6位数字。"
        in response.content.decode()
    )
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/portal/")["Location"].startswith(SETUP)


def test_enrolled_user_must_verify_and_cannot_enrol_again(client, staff, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no wait after the wrong code (throttling: below)
    device, _ = enrolled(staff)
    response = sign_in(client, staff)
    assert response["Location"] == f"{VERIFY}?next={quote('/admin/', safe='')}"
    # With only the password, no new authenticator can be bound.
    assert client.get(SETUP)["Location"].startswith(VERIFY)
    assert client.get("/admin/")["Location"] == f"{VERIFY}?next={quote('/admin/', safe='')}"

    response = client.post(VERIFY, {"code": "000000"})
    assert WRONG_CODE in response.content.decode()
    assert client.get("/admin/").status_code == 302

    response = client.post(VERIFY, {"code": code_for(device), "next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_backup_code_works_once(client, staff, settings):
    settings.OTP_STATIC_THROTTLE_FACTOR = 0  # no wait after the refused code (throttling: below)
    _, codes = enrolled(staff)
    sign_in(client, staff)
    response = client.post(VERIFY, {"code": codes[0].upper(), "next": "/portal/"})
    assert response["Location"] == "/portal/"
    page = client.get("/portal/")
    assert page.status_code == 200
    assert "您使用了一个备用码，还剩9个。" in page.content.decode()

    client.post(reverse("logout"))
    sign_in(client, staff)
    response = client.post(VERIFY, {"code": codes[0]})
    assert response.status_code == 200
    assert WRONG_CODE in response.content.decode()
    assert client.get("/portal/").status_code == 302
    response = client.post(VERIFY, {"code": codes[1]})
    assert response.status_code == 302


def test_repeated_wrong_codes_are_throttled(client, staff):
    device, _ = enrolled(staff)
    sign_in(client, staff)
    response = client.post(VERIFY, {"code": "123456"})
    assert "验证码不正确，请重新输入。" in response.content.decode()
    response = client.post(VERIFY, {"code": "123456"})
    assert "验证码错误次数过多，请稍候片刻再试。" in response.content.decode()
    # Even the right code waits until the delay has passed.
    response = client.post(VERIFY, {"code": code_for(device)})
    assert response.status_code == 200


@pytest.mark.parametrize("role", [Role.EXPERT, Role.EVALUATOR])
def test_experts_and_evaluators_need_two_factor(client, db, role):
    user = UserFactory(email="person@example.cn", password=GOOD, roles=[role])
    response = sign_in(client, user)
    assert response["Location"].startswith(SETUP)


def test_every_session_is_enforced_not_only_password_sign_ins(client, staff, admin_user):
    """A session made any other way (here force_login) is held back just the same."""
    client.force_login(staff)
    assert client.get("/admin/")["Location"].startswith(SETUP)
    assert client.get("/portal/")["Location"].startswith(SETUP)
    assert client.get("/documents/1/x.pdf")["Location"].startswith(SETUP)
    client.force_login(admin_user)
    assert client.get("/admin/")["Location"].startswith(SETUP)


def test_anyone_with_admin_access_needs_two_factor(client, db):
    editor = UserFactory(email="editor@example.cn", password=GOOD)
    admin_group = Group.objects.filter(permissions__codename="access_admin").exclude(
        name__in=[r.value for r in Role]
    )
    editor.groups.add(admin_group.first())
    client.force_login(editor)
    assert client.get("/admin/")["Location"].startswith(SETUP)


def test_wagtail_admin_sign_in_is_caught_too(client, staff):
    response = sign_in(client, staff, url="/admin/login/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    response = client.get("/admin/")
    assert response["Location"] == f"{SETUP}?next={quote('/admin/', safe='')}"


def test_applicants_are_never_asked(client, applicant):
    response = sign_in(client, applicant)
    assert response["Location"] == "/portal/"
    assert client.get("/portal/").status_code == 200
    assert client.get(SETUP)["Location"] == "/portal/"
    assert not TOTPDevice.objects.filter(user=applicant).exists()


def test_required_roles_are_configurable(client, db, settings):
    settings.REQUIRE_2FA_ROLES = [Role.STAFF.value]
    expert = UserFactory(email="expert@example.cn", password=GOOD, roles=[Role.EXPERT])
    assert sign_in(client, expert)["Location"] == "/portal/"


def test_unverified_session_may_sign_out(client, staff):
    sign_in(client, staff)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_next_must_stay_on_this_site(client, staff):
    device, _ = enrolled(staff)
    sign_in(client, staff)
    response = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == "/portal/"


def test_verified_user_can_replace_backup_codes(client, staff):
    device, old = enrolled(staff)
    sign_in(client, staff)
    client.post(VERIFY, {"code": code_for(device)})
    url = reverse("two_factor:backup_codes")
    assert "您还有10个未使用的备用码。" in client.get(url).content.decode()
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", client.post(url).content.decode())
    assert len(new) == 10
    assert not set(new) & set(old)
    assert not StaticToken.objects.filter(token__in=old).exists()


@pytest.mark.real_2fa
def test_suite_helper_is_off_here(client, staff):
    client.force_login(staff)
    assert not TOTPDevice.objects.filter(user=staff).exists()


def test_admin_can_reset_a_lost_authenticator(client, staff):
    from io import StringIO

    from django.core.management import call_command

    enrolled(staff)
    out = StringIO()
    call_command("reset_two_factor", "STAFF@example.cn", stdout=out)
    assert "Removed 2 two-factor device(s) of staff@example.cn." in out.getvalue()
    assert sign_in(client, staff)["Location"].startswith(SETUP)
