"""Security headers on the public site, the portal and the Wagtail admin."""

import importlib
import re
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from cms.models import HomePage

PUBLIC_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "object-src 'none'; font-src 'self'; img-src 'self' data:; media-src 'self'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'; connect-src 'self'"
)


def directives(header: str) -> dict[str, str]:
    parts = (p.strip().split(" ", 1) for p in header.split(";") if p.strip())
    return {p[0]: (p[1] if len(p) > 1 else "") for p in parts}


def assert_common_headers(response):
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Permissions-Policy"].startswith("accelerometer=(), camera=(), geolocation=()")
    assert "microphone=()" in response["Permissions-Policy"]


@pytest.fixture
def production_security(settings, monkeypatch):
    """The HTTPS settings of config.settings.production, applied to this test."""
    monkeypatch.setenv("SECRET_KEY", "test-only-key-for-importing-production-settings-0123456789")
    # production.py changes base's STORAGES dict in place; have monkeypatch put it back afterwards.
    base = importlib.import_module("config.settings.base")
    monkeypatch.setitem(base.STORAGES, "staticfiles", base.STORAGES["staticfiles"])
    sys.modules.pop("config.settings.production", None)
    production = importlib.import_module("config.settings.production")
    sys.modules.pop("config.settings.production", None)
    for name in (
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_SSL_REDIRECT",
        "SECURE_REFERRER_POLICY",
        "X_FRAME_OPTIONS",
        "SECURE_PROXY_SSL_HEADER",
    ):
        setattr(settings, name, getattr(production, name))
    yield production


def test_public_page_has_strict_csp_and_security_headers(client, db):
    home = HomePage.objects.get()
    response = client.get(home.url)
    assert response.status_code == 200
    assert_common_headers(response)
    assert directives(response["Content-Security-Policy"]) == directives(PUBLIC_CSP)
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_portal_page_has_strict_csp(client, owner):
    client.force_login(owner)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    assert_common_headers(response)
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"


def test_admin_page_has_admin_csp(client, staff):
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert_common_headers(response)
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == "'self' 'unsafe-inline'"
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    assert policy["img-src"] == "'self' data: blob:"
    assert policy["frame-ancestors"] == "'self'"
    assert policy["object-src"] == "'none'"


def test_login_pages_have_headers(client, db):
    for url in (reverse("login"), "/admin/login/"):
        response = client.get(url)
        assert response.status_code == 200
        assert_common_headers(response)
        assert "Content-Security-Policy" in response


def test_hsts_and_https_redirect_with_production_settings(client, db, production_security):
    assert production_security.SECURE_HSTS_SECONDS >= 31536000
    home = HomePage.objects.get()
    plain = client.get(home.url)
    assert plain.status_code == 301
    assert plain["Location"].startswith("https://")
    response = client.get(home.url, secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert_common_headers(response)
    behind_proxy = client.get(home.url, HTTP_X_FORWARDED_PROTO="https")
    assert behind_proxy.status_code == 200
    assert "Strict-Transport-Security" in behind_proxy


def test_private_file_policy_is_kept(client, db):
    """A view's own stricter header (private downloads: sandbox) is not replaced."""
    from django.http import HttpResponse

    from core.security.middleware import SecurityHeadersMiddleware

    def view(request):
        response = HttpResponse("x")
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response

    from django.test import RequestFactory

    request = RequestFactory().get("/portal/files/1/")
    response = SecurityHeadersMiddleware(view)(request)
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "Permissions-Policy" in response


# Templates rendered under the public site's policy must not rely on anything inline.
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
NOT_BROWSER_PAGES = {"emails", "pdf"}  # mail bodies and WeasyPrint input (any app), not pages
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle=|\son[a-z]+=|javascript:", re.I)


def test_templates_have_no_inline_script_or_style():
    offenders = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        parts = path.relative_to(TEMPLATES).parts
        if (
            NOT_BROWSER_PAGES & set(parts[:-1])
            or "admin" in parts
            or parts[0].startswith("wagtail")
        ):
            continue  # admin templates are served under the admin policy
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if INLINE.search(line) and 'type="application/json"' not in line:
                offenders.append(f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()}")
    assert not offenders, "inline script/style is blocked by the CSP:\n" + "\n".join(offenders)
