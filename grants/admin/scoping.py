"""Department scope (`core.scoping`) for the generic pages of the grants viewsets.

Another department's call or application is a 404 on every page (`core.admin.ScopedObjectMixin`
for pages that read). A record the user only sees (the city bureau reading a district's call)
opens read-only: a page that changes it answers 403 with the reason, in the admin's look.
Wagtail turns a `PermissionDenied` raised by an admin view into a redirect to the dashboard,
which would hide the reason, so these pages render the refusal themselves.
"""

from django.contrib.admin.utils import quote
from django.urls import reverse
from wagtail.admin.views import generic

from core.admin import ScopedObjectMixin, denied_response, scoped_check
from core.scoping import department_decision


def may_act(obj, user) -> bool:
    """Whether `user` acts for `obj`'s department (not only reads it)."""
    return department_decision(obj, user)[0]


class ActingViewMixin:
    """For a Wagtail page that changes its object (edit, delete): the object is read first, so
    another department's record is a 404 and one the user only sees a 403 page with the reason,
    before the permission policy answers."""

    inspect_url_name = None  # where the refusal's 返回 leads

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if getattr(self, "object", None) is None:
            self.object = self.get_object()

    def get_object(self, *args, **kwargs):
        return scoped_check(super().get_object(*args, **kwargs), self.request.user)

    def dispatch(self, request, *args, **kwargs):
        allowed, reason = department_decision(self.object, request.user)
        if not allowed:
            back = self.inspect_url_name
            url = reverse(back, args=(quote(self.object.pk),)) if back else ""
            return denied_response(request, reason, url)
        return super().dispatch(request, *args, **kwargs)


class ScopedDeleteView(ActingViewMixin, generic.DeleteView):
    pass


class ScopedHistoryView(ScopedObjectMixin, generic.HistoryView):
    pass


class ScopedUsageView(ScopedObjectMixin, generic.UsageView):
    pass
