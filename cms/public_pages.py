"""Pages anyone may see, with the view restrictions and the section indexes read once per request.

Wagtail's `PageQuerySet.public()` reads every `PageViewRestriction` each time it is called; the
home page called it five times (open calls, announcements, notices, figures, quick links).
`public(queryset, request)` reads them once and keeps them on the request. The children of the
site's home page (the section indexes, also the site menu) are read once as well.
"""

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from wagtail.models import Page, PageViewRestriction, Site

from core.public_cache import generation


def _private_paths(request=None) -> list[str]:
    cached = getattr(request, "_cms_private_paths", None)
    if cached is not None:
        return cached
    paths = list(PageViewRestriction.objects.values_list("page__path", flat=True))
    if request is not None:
        request._cms_private_paths = paths
    return paths


def remember_restricted_paths(request, paths: list[str]) -> None:
    """The paths of every restricted page, read while checking the served page's restrictions
    (`cms.models.mixins.RestrictionsInOneQuery`): the page's lists need not read them again."""
    if request is not None:
        request._cms_private_paths = list(paths)


def private_q(request=None) -> Q:
    """Pages inside a restricted section (the restricted page and its descendants)."""
    q = Q()
    for path in _private_paths(request):
        q |= Q(path__startswith=path)
    return q or Q(pk__in=[])  # no restriction: match nothing, as Wagtail does


def public(queryset, request=None):
    """`queryset.public()`, reading the restrictions once per request."""
    return queryset.exclude(private_q(request))


def is_public(page, request=None) -> bool:
    return not any(page.path.startswith(path) for path in _private_paths(request))


def home_children(request=None) -> list[Page]:
    """The live children of the site's home page, in tree order, read once per request: the
    site menu (`cms_tags.site_menu`) and the section indexes. Plain `Page` rows."""
    cached = getattr(request, "_cms_home_children", None)
    if cached is not None:
        return cached
    if request is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    else:
        site = Site.find_for_request(request)
    found = []
    if site:
        found = list(Page.objects.child_of(site.root_page).live().order_by("path"))
    if request is not None:
        request._cms_home_children = found
    return found


def sections(request=None) -> dict[str, Page]:
    """The live, public section indexes by page type name ("CallIndexPage" …): the home page's
    quick links, its "more" links and its figures all need them."""
    found: dict[str, Page] = {}
    for page in home_children(request):
        if page.specific_class and is_public(page, request):
            found.setdefault(page.specific_class.__name__, page)
    return found


def section(model, request=None) -> Page | None:
    """The live, public index page of type `model`, if there is one."""
    return sections(request).get(model.__name__)


def kept(request, name: str, build):
    """`build()` once per change of public data: kept in the public cache's store under its
    generation token (any write to a public table replaces it), the site, the language and the
    Beijing date (yearly figures turn over at midnight). For what every visitor's page repeats,
    such as the home page's figures; never for anything that depends on who asks."""
    site = Site.find_for_request(request) if request is not None else None
    store = generation.store()
    key = ":".join(
        [
            "cms-kept",
            name,
            generation.current(store),
            str(site.pk if site else 0),
            translation.get_language() or "",
            timezone.localdate().isoformat(),
        ]
    )
    found = store.get(key)
    if found is None:
        found = build()
        store.set(key, found, settings.PUBLIC_CACHE_SECONDS)
    return found
