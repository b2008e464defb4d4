"""What every API answer shares: JSON in UTF-8, validators for caches (`ETag`, `Last-Modified`,
304), the per-address rate limit (429 with `Retry-After`) and errors as `{"detail": "中文"}`."""

import hashlib
import json
import time

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _

from core.security import ratelimit

JSON = "application/json; charset=utf-8"
WINDOW = 60  # seconds: the limit is API_REQUESTS_PER_MINUTE per client address


def error(status: int, detail: str, **extra) -> HttpResponse:
    body = json.dumps({"detail": detail, **extra}, ensure_ascii=False)
    return HttpResponse(body, status=status, content_type=JSON)


def throttled(request) -> HttpResponse | None:
    """429 once this client address has made more than API_REQUESTS_PER_MINUTE requests in the
    current clock minute, else None. Fixed windows (the key names the minute), so the answer can
    say exactly when the next one opens; the address honours TRUSTED_PROXY_COUNT
    (`core.security.lockout.client_ip`)."""
    now = time.time()
    window = int(now // WINDOW)
    limit = ratelimit.Limit(f"api-v1:{window}", settings.API_REQUESTS_PER_MINUTE, WINDOW)
    if not ratelimit.count(request, limit):
        return None
    retry = max(1, (window + 1) * WINDOW - int(now))
    response = error(
        429, _("请求过于频繁，请%(seconds)d秒后再试") % {"seconds": retry}, retry_after=retry
    )
    response["Retry-After"] = str(retry)
    return response


def data_response(request, data, *, last_modified=None, tag_data=None) -> HttpResponse:
    """`data` as JSON with a strong ETag (a hash of the body, so any change of what is served
    changes it) and `Last-Modified` (the newest publication time among the records, when known);
    304 when the client's copy is current. If-None-Match wins over If-Modified-Since (RFC 9110).
    `tag_data`: what the ETag hashes when the body holds a value that changes on every request
    (the time a file was generated) without the records changing."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    tagged = body
    if tag_data is not None:
        tagged = json.dumps(tag_data, ensure_ascii=False, separators=(",", ":")).encode()
    etag = '"' + hashlib.sha256(tagged).hexdigest()[:32] + '"'
    stamp = int(last_modified.timestamp()) if last_modified else None
    response = HttpResponse(body, content_type=JSON)
    response["ETag"] = etag
    if stamp is not None:
        response["Last-Modified"] = http_date(stamp)
    # Anonymous and the same for everyone: caches may keep it, and must ask again after a minute.
    response["Cache-Control"] = "public, max-age=60"
    conditional = get_conditional_response(
        request, etag=etag, last_modified=stamp, response=response
    )
    return conditional
