"""Deploy checks of the site address that every e-mail, message and text links to."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

# `BASE_URL` when the environment does not set it (config/settings/base.py).
DEFAULT_BASE_URL = "http://127.0.0.1:8000"
_THIS_MACHINE = {"127.0.0.1", "localhost", "0.0.0.0", "::1", ""}  # noqa: S104 (compared)


@register(Tags.security, deploy=True)
def check_base_url(app_configs, **kwargs):
    """Links in mail and messages are `BASE_URL` + path: left at the default (or any address of
    this machine), every link sent would point recipients at their own computer."""
    base = settings.WAGTAILADMIN_BASE_URL
    parts = urlsplit(base)
    if base.rstrip("/") != DEFAULT_BASE_URL and parts.hostname not in _THIS_MACHINE:
        return []
    return [
        Warning(
            f"BASE_URL is {base!r}: links in e-mails, messages and texts would point to this "
            "machine, not to the site.",
            hint="Set BASE_URL to the public address, e.g. https://gongyi.example.gov.cn.",
            id="core.W001",
        )
    ]


@register(Tags.security, deploy=True)
def check_signing_certificate(app_configs, **kwargs):
    """Published PDFs are signed with the bureau's certificate (core.signing): the generated
    development certificate proves nothing to a reader, and a configured file must exist."""
    from pathlib import Path

    from core.signing import keys

    if not keys.configured():
        return [
            Warning(
                "Published PDFs are signed with a generated self-signed development certificate.",
                hint="Set SIGNING_PKCS12_FILE (or SIGNING_KEY_FILE and SIGNING_CERT_FILE), "
                "see docs/deploy.md §11.",
                id="core.W002",
            )
        ]
    files = [
        settings.SIGNING_PKCS12_FILE,
        settings.SIGNING_KEY_FILE,
        settings.SIGNING_CERT_FILE,
        *settings.SIGNING_CHAIN_FILES,
    ]
    missing = [name for name in files if name and not Path(name).is_file()]
    return [
        Warning(
            f"Signing file {name} does not exist.",
            hint="Check SIGNING_* (docs/deploy.md §11).",
            id="core.W003",
        )
        for name in missing
    ]
