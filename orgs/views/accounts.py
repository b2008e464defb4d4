"""Sign-up and sign-in. Anyone may see these pages."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.security.views import two_factor_step
from orgs.forms.accounts import RegistrationForm, SignInForm


@require_http_methods(["GET", "POST"])
def register(request):
    """Public: create a personal account."""
    if request.user.is_authenticated:
        return redirect("portal:home")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="orgs.auth.EmailOrMobileBackend")
        messages.success(request, _("注册成功。下一步：登记您的组织，或等待组织管理员邀请您加入。"))
        return redirect("portal:home")
    return render(request, "orgs/accounts/register.html", {"form": form})


class SignInView(auth_views.LoginView):
    """Public: sign in with e-mail or mobile number."""

    form_class = SignInForm
    template_name = "orgs/accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        """Signed in with the password; staff, experts and evaluators go on to the second step."""
        response = super().form_valid(form)
        second_step = two_factor_step(self.request, response.url)
        return redirect(second_step) if second_step else response
