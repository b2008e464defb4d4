"""Security middleware: response headers, session lifetimes, two-factor enforcement."""

import time
from urllib.parse import urlencode

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from core.security import sessions
from core.security.devices import has_confirmed_device
from core.security.policy import is_verified, requires_two_factor

# Reachable by a signed-in but unverified session of someone who needs two-factor authentication.
EXEMPT_URL_NAMES = ("two_factor:setup", "two_factor:verify", "logout", "wagtailadmin_logout")


class SecurityHeadersMiddleware(CSPMiddleware):
    """Content-Security-Policy (django-csp) plus Permissions-Policy on every response.

    The public site and portal get CONTENT_SECURITY_POLICY (no inline script or style); paths
    under CSP_ADMIN_PREFIX and Wagtail's preview renderings get CONTENT_SECURITY_POLICY_ADMIN,
    because the Wagtail admin still relies on inline scripts and styles. A view may still set
    its own header (private file downloads send `default-src 'none'; sandbox`), which is kept.
    """

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        admin = getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN", None)
        in_admin = request.path_info.startswith(settings.CSP_ADMIN_PREFIX)
        # Wagtail renders previews through a dummy request for the page's own path; the result is
        # shown inside the admin's preview panel, so it gets the admin's policy.
        preview = getattr(request, "is_dummy", False)
        if not report_only and parts.config is None and admin and (in_admin or preview):
            parts.config = admin["DIRECTIVES"]
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if settings.PERMISSIONS_POLICY and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        return response


class SessionExpiryMiddleware:
    """Sign a session out once it is older than SESSION_COOKIE_AGE, or idle for too long.

    Idle limits: SESSION_IDLE_TIMEOUT_PRIVILEGED for people who need two-factor authentication,
    SESSION_IDLE_TIMEOUT for everyone else (0 turns a limit off). The request then goes on as an
    anonymous one, so pages that need a sign-in send the person to the sign-in page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            idle_limit = (
                settings.SESSION_IDLE_TIMEOUT_PRIVILEGED
                if requires_two_factor(user)
                else settings.SESSION_IDLE_TIMEOUT
            )
            if sessions.has_expired(request.session, idle_limit=idle_limit, now=time.time()):
                logout(request)
                messages.info(request, _("登录已超时，请重新登录。"))
            else:
                sessions.touch(request.session, now=time.time())
        return self.get_response(request)


class TwoFactorMiddleware:
    """Every session of a user who needs two-factor authentication must be verified.

    Unverified sessions are sent to enrolment (no device yet) or to the code check, whatever the
    path, except the two-factor pages themselves, sign-out, and static or media files. This holds
    for sessions made by any sign-in view (ours, Wagtail's) and any other means.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not is_verified(user)
            and not self._exempt(request.path_info)
            and requires_two_factor(user)
        ):
            return self._redirect(request, user)
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        if path in {reverse(name) for name in EXEMPT_URL_NAMES}:
            return True
        prefixes = [p for p in (settings.STATIC_URL, settings.MEDIA_URL) if p and p != "/"]
        return path.startswith(tuple(prefixes))

    @staticmethod
    def _redirect(request, user):
        name = "two_factor:verify" if has_confirmed_device(user) else "two_factor:setup"
        url = reverse(name)
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            return JsonResponse({"two_factor_required": url}, status=401)
        return redirect(url)
