"""Department scope (`core.scoping`) for the projects and reports back office pages.

Another department's record is a 404 everywhere. A record the user only sees (the city bureau
reading a district's project) opens read-only: a page that changes it answers 403 with the
reason, in the admin's look. Wagtail turns a `PermissionDenied` raised by an admin view into a
redirect to the dashboard, which would hide the reason, so these pages render the refusal
themselves.
"""

from django.shortcuts import get_object_or_404
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage

from core.admin import denied_response, scoped_check
from core.scoping import department_decision, for_user


def get_scoped_or_404(queryset_or_model, user, **lookup):
    """The record matching `lookup` among those `user` may see (404 otherwise)."""
    return get_object_or_404(for_user(queryset_or_model, user), **lookup)


def acting_refusal(obj, user) -> str:
    """Why `user` may not change `obj` as far as departments go ("" when they may)."""
    allowed, why = department_decision(obj, user)
    return "" if allowed else why


class ScopedViewMixin:
    """For a Wagtail object view (inspect, history, usage): another department's record is a
    404."""

    def get_object(self, *args, **kwargs):
        return scoped_check(super().get_object(*args, **kwargs), self.request.user)


class _Refused(Exception):
    pass


class ActingViewMixin:
    """For a Wagtail page that changes its object (edit, delete): a 404 for another department's
    record, a 403 with the reason for one the user only sees. Wagtail loads the object in
    `setup()` (delete) or in `get()`/`post()` (edit): both end in the refusal page."""

    refusal = ""
    _dispatching = False

    def get_object(self, *args, **kwargs):
        obj = scoped_check(super().get_object(*args, **kwargs), self.request.user)
        if obj is not None:
            self.refusal = acting_refusal(obj, self.request.user)
            if self.refusal and self._dispatching:
                raise _Refused
        return obj

    def dispatch(self, request, *args, **kwargs):
        if getattr(self, "object", None) is None:
            # Before Wagtail's permission check: another department's id is a 404 even where
            # the page itself is refused to everyone.
            self.get_object()
        if self.refusal:
            return denied_response(request, self.refusal)
        self._dispatching = True
        try:
            return super().dispatch(request, *args, **kwargs)
        except _Refused:
            return denied_response(request, self.refusal)


class ScopedHistoryView(ScopedViewMixin, history.HistoryView):
    pass


class ScopedUsageView(ScopedViewMixin, usage.UsageView):
    pass


class ScopedDeleteView(ActingViewMixin, generic.DeleteView):
    pass
