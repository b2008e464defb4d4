from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm

from core.phones import normalize_mobile, validate_mobile
from orgs.models import User


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label=_("邮箱或手机号码"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _("邮箱/手机号码或密码不正确。"),
        "inactive": _("该账号已停用。"),
    }


class AdminSignInForm(LoginForm):
    """The back office's sign-in (WAGTAILADMIN_USER_LOGIN_FORM): the public sign-in's labels, not
    Wagtail's field name "Password" and its English placeholders."""

    username = forms.CharField(label=_("邮箱或手机号码"), max_length=254)
    password = forms.CharField(label=_("密码"), strip=False, widget=forms.PasswordInput())
    error_messages = {
        **LoginForm.error_messages,
        "invalid_login": SignInForm.error_messages["invalid_login"],
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(
            placeholder=_("请输入邮箱或手机号码"), autocomplete="username"
        )
        self.fields["password"].widget.attrs.update(
            placeholder=_("请输入密码"), autocomplete="current-password"
        )

    def get_invalid_login_error(self):
        return forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")


class RegistrationForm(forms.ModelForm):
    # Wider than the stored 11 digits: people type spaces, dashes or +86; clean_mobile normalizes.
    mobile = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        required=False,
        help_text=_("选填；填写后可用手机号码登录"),
    )
    password1 = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("确认密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = User
        fields = ["real_name", "email", "mobile"]

    # Whether the address or number is taken is not the form's to say: `orgs.registration`
    # answers a taken one exactly like a new one (no account enumeration).
    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_mobile(self):
        mobile = normalize_mobile(self.cleaned_data.get("mobile") or "")
        if not mobile:
            return None
        validate_mobile(mobile)
        return mobile

    def validate_unique(self):
        """Skipped: "用户 with this 电子邮箱 already exists" would enumerate accounts."""

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("两次输入的密码不一致。"))
        elif p1:
            probe = User(email=cleaned.get("email", ""), real_name=cleaned.get("real_name", ""))
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_password(self.cleaned_data["password1"])
        if commit:
            user.save()
        return user
