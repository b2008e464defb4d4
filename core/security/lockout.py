"""django-axes hooks: how sign-in attempts are keyed, and what a locked-out person sees."""

import re
import unicodedata

from django.conf import settings
from django.forms.utils import ErrorDict
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

_MOBILE_PREFIX = re.compile(r"^(?:\+86|0086)(?=1\d{10}$)")


def lockout_minutes() -> int:
    return settings.LOGIN_LOCKOUT_MINUTES


def lockout_message() -> str:
    return _("登录失败次数过多，请%(minutes)d分钟后再试或找回密码。") % {
        "minutes": lockout_minutes()
    }


def normalize_login(raw) -> str:
    """One spelling of a login however it is typed: "Ａ@x.cn", "+86 138 0013 8000", "138０…".

    The sign-in backend looks the account up by it and the lock-out keys its count by it, so no
    spelling that signs in escapes the count (NFKC folds full-width letters, digits and the
    ideographic space an input method types).
    """
    folded = unicodedata.normalize("NFKC", str(raw or ""))
    if "@" in folded:  # an address keeps its hyphens (li-na@…); only a number drops dashes
        return re.sub(r"\s", "", folded).casefold()
    compact = re.sub(r"[\s\-‐-―−]", "", folded).casefold()
    return _MOBILE_PREFIX.sub("", compact)


def login_key(request, credentials) -> str | None:
    """AXES_USERNAME_CALLABLE: the count of failures is kept per `normalize_login` spelling."""
    raw = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if raw is None and request is not None:
        raw = request.POST.get(settings.AXES_USERNAME_FORM_FIELD)
    if raw is None:
        return None
    return normalize_login(raw)[:255]


def client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the client address, trusting TRUSTED_PROXY_COUNT proxies.

    Behind N proxies that each append to X-Forwarded-For, the client is the N-th address from the
    right; anything further left was written by the client and cannot be trusted.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the same sign-in page, its error replaced by the lock-out message.

    Works for any login view that renders a form (ours at /accounts/login/ and Wagtail's at
    /admin/login/), so both show the message where the person is looking.
    """
    message = lockout_message()
    status = settings.AXES_HTTP_RESPONSE_CODE
    context = getattr(original_response, "context_data", None) or {}
    form = context.get("form")
    if isinstance(original_response, TemplateResponse) and form is not None:
        form._errors = ErrorDict()
        form.add_error(None, message)
        response = TemplateResponse(
            request, original_response.template_name, context, status=status
        )
        return response.render()
    body = render_to_string("core/security/locked_out.html", {"message": message}, request)
    return HttpResponse(body, status=status)
