"""Rate limit for the public need form, counted per client address in the cache.

The limit and the window are settings (`NEEDS_PUBLIC_RATE_LIMIT` submissions per
`NEEDS_PUBLIC_RATE_WINDOW` seconds) so each district can set its own.
"""

from django.conf import settings

from core.security import ratelimit

DEFAULT_LIMIT = 3
DEFAULT_WINDOW = 3600


def limit() -> int:
    return getattr(settings, "NEEDS_PUBLIC_RATE_LIMIT", DEFAULT_LIMIT)


def window() -> int:
    return getattr(settings, "NEEDS_PUBLIC_RATE_WINDOW", DEFAULT_WINDOW)


def over_limit(request) -> bool:
    """Count this attempt; True when the address has used up its submissions for the window."""
    return ratelimit.count(request, ratelimit.Limit("needs-public-form", limit(), window()))
