"""/verify/: anyone uploads a PDF and learns whether it is an unaltered document of this platform.

Public (no sign-in), rate-limited per client address like the other public forms, and stateless:
the upload is read, hashed and checked in memory and never stored (Django removes its temporary
file after the request). The answer comes from the register (`core.IssuedDocument`) by SHA-256,
with pyHanko's check of the signature to explain an unknown file.
"""

from django import forms
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from core.security.ratelimit import Limit, count
from core.signing.register import verify
from core.uploads import Kind, clean_upload


def verify_limit() -> Limit:
    """Each check parses a PDF of up to VERIFY_MAX_BYTES: enough for people, not for a robot."""
    return Limit("verify", settings.VERIFY_RATE_LIMIT, 3600)


class VerifyForm(forms.Form):
    file = forms.FileField(
        label=_("待验证的PDF文件"),
        help_text=_("文件只用于本次验证，不会保存。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )

    def clean_file(self):
        upload = clean_upload(
            self.cleaned_data["file"], allowed=[Kind.PDF], max_bytes=settings.VERIFY_MAX_BYTES
        )
        return upload.content


@require_http_methods(["GET", "POST"])
def verify_document(request):
    result, refused = None, ""
    status = 200
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if count(request, verify_limit()):
            form, refused = VerifyForm(), _("验证次数过多，请一小时后再试")
            status = 429
        elif form.is_valid():
            result = verify(form.cleaned_data["file"])
            form = VerifyForm()
        else:
            status = 400
    else:
        form = VerifyForm()
    return render(
        request,
        "core/verify.html",
        {"form": form, "result": result, "refused": refused},
        status=status,
    )
