from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """A six-digit authenticator code, or (where allowed) an eight-character backup code."""

    code = forms.CharField(
        label=_("验证码"),
        max_length=32,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, allow_backup: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if allow_backup:
            self.fields["code"].help_text = _(
                "打开身份验证器应用查看6位数字验证码；手机不在身边时可输入一个备用码。"
            )
        else:
            self.fields["code"].help_text = _("输入身份验证器应用中显示的6位数字验证码。")
