"""Behaviour shared by the public page types."""

from django.http import Http404

from cms.search import hidden_paths


class HiddenBelowDraftMixin:
    """An unpublished page hides its whole subtree.

    Wagtail serves a live page even when an ancestor is a draft; for a government site a catalogue
    that is still being reviewed must not leak through its already-live entries (a new year's copy
    keeps its entries live so that approving the catalogue alone publishes the lot).
    """

    def route(self, request, path_components):
        if not self.live:
            raise Http404
        return super().route(request, path_components)

    def get_sitemap_urls(self, request=None):
        hidden = getattr(request, "_cms_hidden_paths", None)
        if hidden is None:
            hidden = hidden_paths()
            if request is not None:
                request._cms_hidden_paths = hidden
        if any(self.path.startswith(p) for p in hidden):
            return []
        return super().get_sitemap_urls(request)


class RestrictionsInOneQuery:
    """Wagtail checks a page's view restrictions before serving it with two queries (the
    ancestors, then their restrictions), and the page's own lists read every restriction again
    to leave restricted pages out (`cms.public_pages`). The ancestors' paths are prefixes of the
    page's own path, so one query reads every restriction, marking those that apply to this page
    (aliases included: the restrictions of what an ancestor is an alias of); serving the page
    hands the rest to `cms.public_pages` for the request."""

    def get_view_restrictions(self):
        from django.db.models import BooleanField, Case, F, Q, Value, When
        from wagtail.models import Page, PageViewRestriction

        paths = [self.path[:i] for i in range(self.steplen, len(self.path) + 1, self.steplen)]
        originals = Page.objects.filter(path__in=paths, alias_of__isnull=False).values("alias_of")
        applies = Q(page__path__in=paths) | Q(page__in=originals)
        every = list(
            PageViewRestriction.objects.annotate(
                page_path=F("page__path"),
                applies=Case(
                    When(applies, then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                ),
            ).order_by("pk")
        )
        self._cms_restricted_paths = [r.page_path for r in every]
        # Still a queryset (the privacy dialog orders it), already holding what applies.
        restrictions = PageViewRestriction.objects.filter(applies)
        restrictions._result_cache = [r for r in every if r.applies]
        restrictions._prefetch_done = True
        return restrictions

    def serve(self, request, *args, **kwargs):
        paths = getattr(self, "_cms_restricted_paths", None)
        if paths is not None:
            from cms.public_pages import remember_restricted_paths

            remember_restricted_paths(request, paths)
        return super().serve(request, *args, **kwargs)
