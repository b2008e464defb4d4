"""Wagtail's publish signals, for the proxy purge (the platform's own cache needs none: a
publication writes the page's row, which replaces the generation token)."""

from wagtail.signals import page_published, page_unpublished

from core.public_cache.registry import page_changed


def _page_changed(sender, instance, **kwargs):
    page_changed(instance)


def connect() -> None:
    page_published.connect(_page_changed, dispatch_uid="public-cache-published")
    page_unpublished.connect(_page_changed, dispatch_uid="public-cache-unpublished")
