"""Counting limits kept in the cache (local memory in development, Redis in production), one
mechanism for every limit (account e-mails, wrong survey codes, the public need form): the first
use adds the key with the window as its lifetime, later uses increment it, so a count lasts one
window from its first use.

Keys hold no personal data in clear: identifiers are hashed, so the cache (and a Redis dump) does
not become a list of who asked for what.
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache

from core.security.lockout import client_ip


@dataclass(frozen=True)
class Limit:
    scope: str
    count: int
    window: int  # seconds


def _key(limit: Limit, subject: str) -> str:
    digest = hashlib.sha256(subject.encode()).hexdigest()[:32]
    return f"ratelimit:{limit.scope}:{digest}"


def _hit(limit: Limit, subject: str) -> bool:
    key = _key(limit, subject)
    if cache.add(key, 1, timeout=limit.window):
        return limit.count < 1
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=limit.window)
        return limit.count < 1
    return used > limit.count


def exceeded(request, *, per_subject: Limit, per_address: Limit, subject: str) -> bool:
    """Count one use for `subject` (an e-mail address, a mobile number) and for the client
    address (`client_ip`, honouring TRUSTED_PROXY_COUNT); True when either is over its limit."""
    address = client_ip(request) or "unknown"
    over_address = _hit(per_address, address)
    over_subject = _hit(per_subject, subject.casefold())
    return over_address or over_subject


def reached(request, limit: Limit) -> bool:
    """Whether this client address has used up `limit`, without counting a use (for limits that
    count failures only, e.g. wrong survey codes)."""
    return (cache.get(_key(limit, client_ip(request) or "unknown")) or 0) >= limit.count


def count(request, limit: Limit) -> bool:
    """Count one use of `limit` for this client address; True when it is now over the limit."""
    return _hit(limit, client_ip(request) or "unknown")
