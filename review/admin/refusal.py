"""The admin's 403 page saying why (`core/admin/denied.html`), for review's staff pages.

Wagtail turns a `PermissionDenied` raised by an admin view into a redirect to the dashboard,
which hides the reason; a department that only reads a call's review (the city bureau reading a
district's) must be told why its POST was refused, so these pages render the refusal themselves.
"""

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _


def denied_response(request, reason, back_url=""):
    title = _("无权执行此操作")
    context = {"reason": reason, "cancel_url": back_url, "header_title": title, "page_title": title}
    return TemplateResponse(request, "core/admin/denied.html", context, status=403)
