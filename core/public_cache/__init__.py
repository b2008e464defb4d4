"""The public page cache: whole anonymous pages kept in the cache, never served stale.

* `middleware.PublicCacheMiddleware` stores and serves them (who and what may be cached);
* `generation` is the one version token every entry is checked against; any write to a public
  table, anywhere in any process, replaces it after commit (`docs/decisions.md`, "public cache");
* `registry` knows which URLs show a record, for a proxy or CDN in front (Wagtail's frontend
  cache purging); cms registers the mappers for every public model (`cms/public_urls.py`);
* `valid_until(request, when)` lets a page whose content turns with the clock (a call opening)
  say when its cached copy must end.
"""

from core.public_cache.generation import valid_until

__all__ = ["valid_until"]
