"""Keeping the public objection form usable for people and costly for robots, without a CAPTCHA
(which excludes people with visual impairments and, in China, often fails to load):

* a rate limit per client address, counted in the cache (`REVIEW_OBJECTION_RATE_LIMIT` per
  `REVIEW_OBJECTION_RATE_WINDOW` seconds);
* a honeypot field hidden from people (and from screen readers) that robots fill in;
* a signed token with the time the form was shown: a submission faster than a person could type
  (`MIN_FILL_SECONDS`) or from a form older than a day is refused.
"""

import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from core.security.lockout import client_ip

SALT = "review.objection-form"
MIN_FILL_SECONDS = 5
MAX_AGE_SECONDS = 24 * 3600


def form_token(now=None) -> str:
    return signing.dumps({"t": int(now or time.time())}, salt=SALT)


def token_ok(token, now=None) -> bool:
    try:
        shown = signing.loads(token or "", salt=SALT, max_age=MAX_AGE_SECONDS)["t"]
    except (signing.BadSignature, KeyError, TypeError):
        return False
    return (now or time.time()) - shown >= MIN_FILL_SECONDS


def over_limit(request) -> bool:
    """Count this attempt; True when the address has used up its submissions for the window."""
    limit = getattr(settings, "REVIEW_OBJECTION_RATE_LIMIT", 5)
    window = getattr(settings, "REVIEW_OBJECTION_RATE_WINDOW", 3600)
    key = f"review:objection:{client_ip(request) or 'unknown'}"
    if cache.add(key, 1, timeout=window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:
        cache.add(key, 1, timeout=window)
        return False
    return count > limit
