"""Two-factor devices (django-otp): one authenticator app (TOTP) and one set of backup codes."""

from base64 import b32encode

from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp import verify_token as otp_verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODE_COUNT = 10
TOTP_NAME = "authenticator"
BACKUP_NAME = "backup"


def has_confirmed_device(user) -> bool:
    return user_has_device(user, confirmed=True)


def pending_totp_device(user) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled (kept across reloads: same secret, same QR)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The base32 secret as people type it into an authenticator app: groups of four."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def confirm_totp_device(device: TOTPDevice) -> list[str]:
    """Confirm the enrolled authenticator, drop any other, and issue fresh backup codes."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return issue_backup_codes(device.user)


@transaction.atomic
def issue_backup_codes(user) -> list[str]:
    """Replace the user's backup codes with BACKUP_CODE_COUNT new single-use ones."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_NAME, confirmed=True)
    codes = set()
    while len(codes) < BACKUP_CODE_COUNT:
        code = StaticToken.random_token()
        if not code.isdigit():  # all-digit input is taken for an authenticator code
            codes.add(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return sorted(codes)


def remaining_backup_codes(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def normalize_code(raw: str) -> str:
    return "".join((raw or "").split()).replace("-", "").lower()


def verify_code(user, raw: str):
    """The confirmed device that accepts `raw` (authenticator code or backup code), else None.

    Each device throttles its own failures (django-otp), so guessing gets slower and slower.
    """
    token = normalize_code(raw)
    if not token:
        return None
    for device in list(devices_for_user(user, confirmed=True)):
        if token.isdigit() != isinstance(device, TOTPDevice):
            continue  # six digits are for the app, letters and digits for backup codes
        verified = otp_verify_token(user, device.persistent_id, token)
        if verified is not None:
            return verified
    return None


def is_throttled(user) -> bool:
    return any(not d.verify_is_allowed()[0] for d in devices_for_user(user, confirmed=True))


@transaction.atomic
def remove_all_devices(user) -> int:
    """Forget every two-factor device of `user` (lost phone and codes); they enrol again."""
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        removed += model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
    return removed
