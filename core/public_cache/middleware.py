"""Whole public pages for anonymous visitors, from the cache; headers for a proxy in front.

Served from and stored in the cache only (`Decision` below says why not, in order):
* GET or HEAD (stored from GET only), on a path outside PUBLIC_CACHE_EXCLUDED_PATHS, with a
  query string of at most QUERY_MAX characters (the whole string is part of the key);
* a request carrying no cookie but the CSRF and language cookies: a session cookie means
  somebody signed in (or a message waiting to be shown), so their pages are never shared;
* a 200 response that is not streamed, sets no cookie, used no CSRF token, says nothing of
  `Cache-Control` itself (views that must not be kept use `never_cache`), varies on nothing but
  Cookie, Accept-Language and Accept-Encoding, and was not a preview.

The key holds the host, scheme, language, Beijing date (pages that say "open until" turn at
midnight) and the full path; the entry holds the generation token read before the page was
rendered (`core.public_cache.generation`). Pages get `Cache-Control: public, max-age=…,
s-maxage=…` and an `ETag`, with 304 for a matching If-None-Match; responses to signed-in
visitors that say nothing of caching get `private, no-store`.
"""

import hashlib
import time

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import cc_delim_re, get_conditional_response, patch_vary_headers
from django.utils.translation import get_language_from_request

from core.formats import beijing_date
from core.public_cache import generation

QUERY_MAX = 256
HEADER = "X-Public-Cache"  # hit / miss / bypass, for the bench and for people reading headers
_VARY_OK = {"cookie", "accept-language", "accept-encoding"}


def _cookies_ok(request) -> bool:
    allowed = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    return all(name in allowed for name in request.COOKIES)


def request_cacheable(request) -> bool:
    return (
        settings.PUBLIC_CACHE
        and request.method in ("GET", "HEAD")
        and not getattr(request, "is_dummy", False)  # a Wagtail preview
        and len(request.META.get("QUERY_STRING", "")) <= QUERY_MAX
        and not request.path_info.startswith(tuple(settings.PUBLIC_CACHE_EXCLUDED_PATHS))
        and _cookies_ok(request)
    )


def response_cacheable(request, response) -> bool:
    user = getattr(request, "user", None)
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.META.get("CSRF_COOKIE_USED")
        and "Cache-Control" not in response
        and vary <= _VARY_OK
        and not getattr(request, "is_preview", False)
        and not getattr(request, "is_dummy", False)
        and not (user is not None and user.is_authenticated)
    )


def cache_key(request) -> str:
    day = beijing_date(timezone.now()).isoformat()
    parts = [
        request.scheme,
        request.get_host(),
        get_language_from_request(request),
        day,
        request.get_full_path(),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"public-cache:page:{digest}"


def _etag(content: bytes) -> str:
    return f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'


def _public_headers(response, etag: str) -> None:
    response["ETag"] = etag
    response["Cache-Control"] = (
        f"public, max-age={settings.PUBLIC_CACHE_BROWSER_SECONDS}, "
        f"s-maxage={settings.PUBLIC_CACHE_PROXY_SECONDS}"
    )


class PublicCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request_cacheable(request):
            response = self.get_response(request)
            return self._private(request, response)
        cache = generation.store()
        key = cache_key(request)
        found = cache.get_many([generation.KEY, key])
        token = found.get(generation.KEY) or generation.current(cache)
        entry = found.get(key)
        if entry is not None and entry[0] == token:
            return self._from_entry(request, entry)
        response = self.get_response(request)
        if not response_cacheable(request, response):
            response[HEADER] = "bypass"
            return self._private(request, response)
        timeout = settings.PUBLIC_CACHE_SECONDS
        until = getattr(request, "_public_cache_until", None)
        if until is not None:
            timeout = min(timeout, int(until.timestamp() - time.time()))
        etag = _etag(response.content)
        _public_headers(response, etag)
        if timeout > 0:
            headers = [(k, v) for k, v in response.items()]
            entry = (token, headers, response.content)
            cache.set(key, entry, timeout=timeout)
        response[HEADER] = "miss"
        return get_conditional_response(request, etag=etag, response=response)

    @staticmethod
    def _from_entry(request, entry):
        _token, headers, content = entry
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        response[HEADER] = "hit"
        if request.method == "HEAD":
            response.content = b""
        not_modified = get_conditional_response(request, etag=response["ETag"], response=response)
        if isinstance(not_modified, HttpResponseNotModified):
            not_modified[HEADER] = "hit"
        return not_modified

    @staticmethod
    def _private(request, response):
        """Pages shown to somebody signed in are theirs alone: no proxy or browser keeps them."""
        if "Cache-Control" in response:
            return response
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or settings.SESSION_COOKIE_NAME in request.COOKIES or response.cookies:
            response["Cache-Control"] = "private, no-store"
            patch_vary_headers(response, ["Cookie"])
        return response
