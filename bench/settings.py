"""Bench settings: production settings on loopback HTTP, plus one bare view (bench/urls.py).

Two-factor authentication is switched off for the bench accounts through the environment
(REQUIRE_2FA_ROLES="" and REQUIRE_2FA_FOR_ADMIN_ACCESS=0, set by the scripts): the load tool signs
in with a password only. Everything else — middleware, CSP, sessions in the database — is as in
production.
"""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["*"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
