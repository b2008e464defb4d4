"""Two-factor pages: enrol an authenticator app, verify a code, renew backup codes.

Reached after a password sign-in (ours or Wagtail's) by anyone `requires_two_factor` names;
`TwoFactorMiddleware` keeps every other page out of reach until the session is verified.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from core.audit import log_event
from core.security import devices
from core.security.forms import CodeForm
from core.security.policy import is_verified, requires_two_factor
from core.security.qr import qr_svg


def next_url(request) -> str:
    """The page to go on to: a safe `next` on this site, else the usual landing page."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def step_url(name: str, destination: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': destination})}"


def two_factor_step(request, destination: str) -> str | None:
    """Where a fresh password sign-in must go first, or None when no second step is due."""
    user = request.user
    if not requires_two_factor(user) or is_verified(user):
        return None
    name = "two_factor:verify" if devices.has_confirmed_device(user) else "two_factor:setup"
    return step_url(name, destination)


def _audit(user, summary, **data):
    """Record on the user's own history; `request.user` is a lazy proxy, the log needs the model."""
    person = getattr(user, "_wrapped", user)
    log_event(person, user=person, summary=summary, **data)


def _complete(request, device):
    """Mark this session verified with `device`; a new session key for the raised privilege."""
    otp_login(request, device)
    request.session.cycle_key()


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    """Enrol an authenticator app: scan the QR code (or type the secret), confirm one code."""
    user = request.user
    destination = next_url(request)
    if not requires_two_factor(user):
        return redirect(destination)
    if devices.has_confirmed_device(user):
        return redirect(step_url("two_factor:verify", destination))
    device = devices.pending_totp_device(user)
    form = CodeForm(request.POST or None, allow_backup=False)
    if request.method == "POST" and form.is_valid():
        code = devices.normalize_code(form.cleaned_data["code"])
        if code.isdigit() and device.verify_token(code):
            codes = devices.confirm_totp_device(device)
            _complete(request, device)
            _audit(user, _("启用两步验证"))
            return render(
                request,
                "core/security/backup_codes.html",
                {"codes": codes, "next": destination, "enrolled": True},
            )
        form.add_error("code", _("验证码不正确，请确认手机时间准确后输入应用中当前显示的6位数字。"))
    context = {
        "form": form,
        "next": destination,
        "qr": qr_svg(device.config_url, label=_("两步验证二维码")),
        "secret": devices.secret_text(device),
        "issuer": settings.OTP_TOTP_ISSUER,
        "account": user.get_username(),
    }
    return render(request, "core/security/setup.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """Second step of every sign-in: an authenticator code or one backup code."""
    user = request.user
    destination = next_url(request)
    if not requires_two_factor(user) or is_verified(user):
        return redirect(destination)
    if not devices.has_confirmed_device(user):
        return redirect(step_url("two_factor:setup", destination))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if devices.is_throttled(user):
            form.add_error("code", _("验证码错误次数过多，请稍候片刻再试。"))
            return render(request, "core/security/verify.html", {"form": form, "next": destination})
        device = devices.verify_code(user, form.cleaned_data["code"])
        if device is not None:
            _complete(request, device)
            if isinstance(device, StaticDevice):
                left = devices.remaining_backup_codes(user)
                _audit(user, _("使用备用码登录"), remaining=left)
                notice = _("您使用了一个备用码，还剩%(left)d个。备用码用完前请重新生成。")
                messages.warning(request, notice % {"left": left})
            return redirect(destination)
        form.add_error("code", _("验证码不正确，请重新输入。"))
    return render(request, "core/security/verify.html", {"form": form, "next": destination})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def backup_codes(request):
    """A verified user replaces their backup codes (the old ones stop working)."""
    user = request.user
    if not requires_two_factor(user) or not is_verified(user):
        return redirect(next_url(request))
    if request.method == "POST":
        codes = devices.issue_backup_codes(user)
        _audit(user, _("重新生成两步验证备用码"))
        return render(
            request,
            "core/security/backup_codes.html",
            {"codes": codes, "next": next_url(request), "enrolled": False},
        )
    return render(
        request,
        "core/security/backup_codes_renew.html",
        {"left": devices.remaining_backup_codes(user), "next": next_url(request)},
    )
