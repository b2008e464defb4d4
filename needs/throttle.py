"""Rate limit for the public need form, counted per client address in the cache.

The limit and the window are settings (`NEEDS_PUBLIC_RATE_LIMIT` submissions per
`NEEDS_PUBLIC_RATE_WINDOW` seconds) so each district can set its own.
"""

from django.conf import settings
from django.core.cache import cache

from core.security.lockout import client_ip

DEFAULT_LIMIT = 3
DEFAULT_WINDOW = 3600


def _key(request) -> str:
    return f"needs:public-form:{client_ip(request) or 'unknown'}"


def limit() -> int:
    return getattr(settings, "NEEDS_PUBLIC_RATE_LIMIT", DEFAULT_LIMIT)


def window() -> int:
    return getattr(settings, "NEEDS_PUBLIC_RATE_WINDOW", DEFAULT_WINDOW)


def over_limit(request) -> bool:
    """Count this attempt; True when the address has used up its submissions for the window."""
    key = _key(request)
    if cache.add(key, 1, timeout=window()):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window())
        return False
    return count > limit()
