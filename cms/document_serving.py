"""Documents uploaded before the type list existed (HTML, SVG, scripts …) are still served from
the site's own origin: they go out as opaque downloads, never as something a browser renders or
runs. Listed types are left to Wagtail's serve view (nosniff, inline for PDF only)."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.http import content_disposition_header


def is_listed(document) -> bool:
    return document.file_extension.lower() in settings.WAGTAILDOCS_EXTENSIONS


def serve_as_download(document):
    # A plain HttpResponse: Wagtail ignores a hook's streaming response. Only such old files are
    # read whole into memory; listed types keep Wagtail's streaming serve view.
    with document.file.open("rb") as f:
        response = HttpResponse(f.read(), content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(True, document.filename)
    response["Content-Security-Policy"] = "default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response
