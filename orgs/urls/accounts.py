from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from orgs.views import accounts

T = "orgs/accounts/"

urlpatterns = [
    path("register/", accounts.register, name="register"),
    path("register/sent/", accounts.register_done, name="register_done"),
    path("verify/", accounts.verification_status, name="verification_status"),
    path("verify/<uidb64>/<token>/", accounts.verify_email, name="verify_email"),
    path("login/", accounts.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/reset/",
        accounts.PasswordResetView.as_view(
            template_name=T + "password_reset.html",
            email_template_name=T + "password_reset_email.txt",
            subject_template_name=T + "password_reset_subject.txt",
            success_url=reverse_lazy("password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name=T + "password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(
            template_name=T + "password_reset_confirm.html",
            success_url=reverse_lazy("password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name=T + "password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name=T + "password_change.html", success_url=reverse_lazy("portal:home")
        ),
        name="password_change",
    ),
]
