"""For tests and benchmarks only: give a test client's session a completed second factor.

The test equivalent of enrolling an authenticator and typing its code: a confirmed device is
created for the user (once) and the client's session is marked verified with it, exactly as
`django_otp.login` does after a correct code. Nothing here weakens the checks themselves.
"""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.security.policy import requires_two_factor


def complete_two_factor(client, user) -> None:
    """Mark `client`'s (already signed-in) session as verified for `user`."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def force_login_verified(client, user, backend=None, *, force_login) -> None:
    """`Client.force_login`, then the second factor for users who need one."""
    force_login(client, user, backend)
    if requires_two_factor(user):
        complete_two_factor(client, user)
