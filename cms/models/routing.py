"""Catalogue URLs resolved in one query each instead of walking the tree.

Wagtail's `Page.route` costs two queries per URL level (the child by its slug, then its specific
row): 12 of a catalogue entry's 21 queries. The catalogue section holds one page type per level
(index → catalogues → entries), so a catalogue is found as a `CataloguePage` by its slug and an
entry as a `CatalogueEntryPage` by its `url_path`, each in one query. Wagtail's semantics are
kept: a page's own routes (`RoutablePageMixin`) come first, only the last page must be live
except that a draft entry hides its subtree (`HiddenBelowDraftMixin`), view restrictions are
checked after routing as before (the `before_serve_page` hook), and anything not found this way
falls back to the normal walk (which answers 404 or finds a page of another type).
"""

from django.db.models import Exists
from django.http import Http404
from wagtail.models import Page


def own_route(page, components) -> bool:
    """Whether a `RoutablePageMixin` page serves `components` itself (its routes come first)."""
    try:
        page.resolve_subpage("/" + "".join(f"{c}/" for c in components))
    except Http404:
        return False
    return True


def child_by_slug(page, model, slug):
    """The child `slug` of `page` as `model` (one query), or None."""
    child = model.objects.child_of(page).filter(slug=slug).first()
    if child is not None:
        child._cached_parent_obj = page  # as Wagtail's own routing does
    return child


def live_descendant_at(page, model, components):
    """The live `model` page at `components` below `page` whose ancestors below `page` are all
    live, in one query; None when there is none."""
    prefix = page.url_path
    between = [prefix + "".join(f"{c}/" for c in components[:k]) for k in range(1, len(components))]
    found = model.objects.filter(
        path__startswith=page.path,
        depth=page.depth + len(components),
        url_path=prefix + "".join(f"{c}/" for c in components),
        live=True,
    )
    if between:
        drafts = Page.objects.filter(path__startswith=page.path, url_path__in=between, live=False)
        found = found.exclude(Exists(drafts))
    return found.first()
