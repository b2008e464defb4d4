"""Sign-up, e-mail verification, sign-in and password reset. Anyone may see these pages, except
the verification status page (signed-in people, their own account)."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.security.views import two_factor_step
from orgs import registration, verification
from orgs.forms.accounts import RegistrationForm, SignInForm
from orgs.roles import is_programme_staff


@require_http_methods(["GET", "POST"])
def register(request):
    """Public: create a personal account. A taken address or number gets the same answer."""
    if request.user.is_authenticated:
        return redirect("portal:home")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        registration.register(form=form, request=request)
        return redirect("register_done")
    return render(request, "orgs/accounts/register.html", {"form": form})


def register_done(request):
    """Public: the one answer to every valid registration."""
    return render(request, "orgs/accounts/register_done.html")


@require_http_methods(["GET", "POST"])
def verify_email(request, uidb64, token):
    """Public: whoever holds the link. GET only shows a button, so a mail scanner that opens
    links verifies nothing; POST marks the address verified once."""
    user = verification.user_for_link(uidb64, token)
    if request.method == "POST" and user is not None:
        user = verification.verify(uidb64, token)
    if user is None:
        return render(request, "orgs/accounts/verify_email_invalid.html", status=400)
    if request.method == "GET":
        return render(request, "orgs/accounts/verify_email.html", {"email": user.email})
    messages.success(request, _("邮箱验证成功。现在可以接受组织邀请、登记组织了。"))
    if request.user.is_authenticated:
        return redirect("portal:home")
    return redirect("login")


@login_required
@require_http_methods(["GET", "POST"])
def verification_status(request):
    """The signed-in person, about their own account: status, and a resend button."""
    user = request.user
    if request.method == "POST" and not user.email_verified:
        if verification.mail_allowed(request, user.email, purpose="verification resend"):
            verification.send_verification(user)
            messages.success(request, _("验证邮件已重新发送，请查收。"))
        else:
            messages.error(request, _("验证邮件发送过于频繁，请一小时后再试。"))
        return redirect("verification_status")
    return render(request, "orgs/accounts/verification_status.html", {"account": user})


class SignInView(auth_views.LoginView):
    """Public: sign in with e-mail or mobile number."""

    form_class = SignInForm
    template_name = "orgs/accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        """Without a safe `next`: staff work in the back office, everyone else in the portal."""
        if is_programme_staff(self.request.user):
            return reverse("wagtailadmin_home")
        return super().get_default_redirect_url()

    def form_valid(self, form):
        """Signed in with the password; staff, experts and evaluators go on to the second step."""
        response = super().form_valid(form)
        second_step = two_factor_step(self.request, response.url)
        return redirect(second_step) if second_step else response


class PasswordResetView(auth_views.PasswordResetView):
    """Public. Beyond the account e-mail limit nothing is sent; the answer is the same."""

    def form_valid(self, form):
        address = form.cleaned_data["email"].strip()
        if not verification.mail_allowed(self.request, address, purpose="password reset"):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Public: whoever holds the reset link, which also proves the e-mail address."""

    def form_valid(self, form):
        response = super().form_valid(form)
        verification.mark_verified(form.user)
        return response
