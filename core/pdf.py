"""The one way the platform makes a PDF: a Django template rendered by WeasyPrint.

Application forms, agreements, evaluation reports and rankings all go through ``render_pdf``.
Templates extend ``pdf/base.html`` (A4, CJK fonts, running header, "第 N 页 / 共 M 页").

Two safety rules hold for every document:

* Values are auto-escaped by the Django template, so text typed by users is printed, never parsed
  as HTML. PDF templates must not use ``|safe`` on user input.
* WeasyPrint never touches the network. ``StaticOnlyFetcher`` serves ``data:`` URLs and files
  inside ``STATIC_ROOT`` / ``STATICFILES_DIRS`` and refuses everything else; a refused image or
  stylesheet is logged and left out, the PDF still renders.

Fonts come from fontconfig (Debian ``fonts-noto-cjk``) and are embedded as subsets, which
WeasyPrint does by default (``full_fonts=False``).
"""

import logging
import mimetypes
import re
from pathlib import Path
from urllib.parse import quote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import get_template
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger("core.pdf")


class RefusedURL(ValueError):
    """A resource a PDF template may not load."""


class StaticOnlyFetcher(URLFetcher):
    """A WeasyPrint URL fetcher for ``data:`` URLs and local static files only."""

    def __init__(self):
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)
        roots = [settings.STATIC_ROOT, *settings.STATICFILES_DIRS]
        # STATICFILES_DIRS entries may be (prefix, path) pairs.
        paths = [root[1] if isinstance(root, tuple | list) else root for root in roots if root]
        self.roots = [Path(path).resolve() for path in paths]

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = self.static_path(url)
            if path is not None:
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    url, path.read_bytes(), headers={"Content-Type": content_type}
                )
        logger.warning("Refused to load %s into a PDF: only data: URLs and static files", url)
        raise RefusedURL(url)

    def static_path(self, url: str) -> Path | None:
        """The existing file ``url`` names if it lies inside a static directory, else None."""
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        # resolve() follows symlinks and "..", so the containment check sees the real file.
        path = Path(url2pathname(parts.path)).resolve()
        inside = any(path.is_relative_to(root) for root in self.roots)
        return path if inside and path.is_file() else None


def render_html(template_name, context: dict) -> str:
    """The HTML a PDF is made from (fast: a template render). A document whose text must stay as
    it was at a moment (an agreement when confirmed) keeps this and converts it later."""
    template = get_template(template_name) if isinstance(template_name, str) else template_name
    return template.render(context)


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """Lay out `html` as an A4 PDF (slow: seconds for a long document).

    Refused inside ``core.workflow.perform_transition``: a row lock is held there, and every other
    request for that row would wait for the layout. Render after commit or in a task instead.
    """
    from core.workflow import refuse_inside_transition

    refuse_inside_transition("Rendering a PDF")
    document = HTML(string=html, base_url=base_url, url_fetcher=StaticOnlyFetcher())
    return document.write_pdf()


def render_pdf(template_name, context: dict, *, base_url: str | None = None) -> bytes:
    """Render a template to an A4 PDF and return its bytes.

    ``template_name`` is a template name, or a template object from
    ``django.template.engines["django"].from_string(...)``. ``base_url`` resolves relative URLs
    (e.g. a ``file://`` URL of a static directory); only static files are ever loaded.
    No side effects beyond warnings logged for refused resources. Never inside a transition
    (see ``html_to_pdf``).
    """
    return html_to_pdf(render_html(template_name, context), base_url=base_url)


def pdf_response(pdf_bytes: bytes, filename: str) -> HttpResponse:
    """A download response for a generated PDF; the file name may be Chinese (RFC 5987/6266)."""
    filename = re.sub(r'[\x00-\x1f\x7f"\\/]', "_", filename).strip() or "document.pdf"
    ascii_name = filename.encode("ascii", "ignore").decode().strip(" ._") or "document"
    # An all-Chinese name leaves only punctuation ("-.pdf"): fall back to a plain word.
    if not ascii_name.lower().endswith(".pdf") or not any(c.isalnum() for c in ascii_name[:-4]):
        ascii_name = "document.pdf"
    response = HttpResponse(pdf_bytes, content_type="application/pdf")
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"
    )
    response["Content-Length"] = str(len(pdf_bytes))
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
