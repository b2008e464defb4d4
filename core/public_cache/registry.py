"""Which public URLs show a record: purged from a proxy or CDN in front after a change.

The platform's own cache needs none of this (its generation token covers every write). A proxy
keeps pages by URL, so each change purges the URLs that show the record (`register(model, fn)`,
all in `cms/public_urls.py`) and the lists that show many records (`register_lists(fn)`: home,
directories, indexes). Wagtail's frontend cache app purges a published or unpublished page
itself; `page_changed` adds the lists above it. Everything is purged after commit, and only when
WAGTAILFRONTENDCACHE is configured; the proxy's own s-maxage bounds anything missed.

The paths that call in (listed once here):
* `core.workflow.perform_transition` → `record_changed(obj)` for every transition;
* `post_save` / `post_delete` of every registered model → `record_changed(obj)` (form saves,
  summaries, settings of a record, deletions);
* Wagtail's `page_published` / `page_unpublished` → `page_changed(page)`.
"""

from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save

UrlsOf = Callable[[object], Iterable[str]]

_MAPPERS: dict[type, list[UrlsOf]] = {}
_LISTS: list[Callable[[], Iterable[str]]] = []


def register(model: type, urls_of: UrlsOf) -> None:
    """`urls_of(obj)` returns the site paths that show `obj` (any state; extra paths are fine)."""
    _MAPPERS.setdefault(model, [])
    if urls_of not in _MAPPERS[model]:
        _MAPPERS[model].append(urls_of)
        post_save.connect(_saved, sender=model, dispatch_uid=f"public-cache-{model._meta.label}")
        post_delete.connect(
            _saved, sender=model, dispatch_uid=f"public-cache-d-{model._meta.label}"
        )


def register_lists(paths: Callable[[], Iterable[str]]) -> None:
    if paths not in _LISTS:
        _LISTS.append(paths)


def urls_for(obj) -> set[str]:
    found: set[str] = set()
    for model, mappers in _MAPPERS.items():
        if isinstance(obj, model):
            for urls_of in mappers:
                found.update(u for u in urls_of(obj) if u)
    return found


def list_urls() -> set[str]:
    return {url for paths in _LISTS for url in paths()}


def enabled() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def record_changed(obj) -> None:
    """Purge, after commit, every URL that shows `obj` and the lists."""
    if enabled():
        _queue(urls_for(obj) | list_urls())


def page_changed(page) -> None:
    """Wagtail purges the page's own URL; the lists and the page's ancestors show it too."""
    if not enabled():
        return
    paths = set(list_urls())
    for ancestor in page.get_ancestors().specific(defer=True):
        url = ancestor.get_url()
        if url:
            paths.add(url)
    _queue(paths)


def _saved(sender, instance, **kwargs):
    record_changed(instance)


def _queue(paths: set[str]) -> None:
    """Collect the transaction's paths and purge them once, after commit."""
    connection = transaction.get_connection()
    for _ids, func, _robust in connection.run_on_commit:
        waiting = getattr(func, "public_cache_paths", None)
        if waiting is not None:
            waiting.update(paths)
            return
    pending = set(paths)

    def purge():
        _purge(pending)

    purge.public_cache_paths = pending
    transaction.on_commit(purge, robust=True)


def _purge(paths: set[str]) -> None:
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    purge_urls_from_cache(sorted(base + p if p.startswith("/") else p for p in paths))
