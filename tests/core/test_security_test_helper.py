"""The suite's force_login completes two-factor authentication for staff (tests/conftest.py)."""

from django_otp.plugins.otp_totp.models import TOTPDevice


def test_force_login_completes_two_factor_for_privileged_users(client, staff, owner):
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200
    assert TOTPDevice.objects.get(user=staff).confirmed
    client.force_login(owner)
    assert client.get("/portal/").status_code == 200
    assert not TOTPDevice.objects.filter(user=owner).exists()
