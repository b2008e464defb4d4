"""Crawl the back office as a signed-in person and collect text that does not read as Chinese.

Visible text is the page's text nodes (outside <script>, <style>, <template> and <svg>) plus the
attributes people read or hear: title, placeholder, aria-label and alt. What counts as an offence:
Python's `None`/`True`/`False`/`nan` printed raw, Wagtail's mistranslated "检查" (Inspect) heading a
page title, a title that repeats itself ("X - X"), and English words outside a short allow-list.
"""

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

# Abbreviations and names that Chinese officials write in Latin letters too.
ALLOWED_WORDS = {
    "PDF",
    "XLSX",
    "CSV",
    "TSV",
    "ID",
    "URL",
    "USCC",
    "SMS",
    "API",
    "ICP",
    "QR",
    "OK",
    "HTML",
    "JPG",
    "JPEG",
    "PNG",
    "GIF",
    "WEBP",
    "SVG",
    "DOC",
    "DOCX",
    "XLS",
    "ZIP",
    "TXT",
    "Excel",
    "Word",
    "KB",
    "MB",
    "GB",
    "AM",
    "PM",
    "Email",
    "E",  # E-mail, E-mail address spelled 电子邮件/E-mail
}
RAW_VALUES = re.compile(r"(?<![A-Za-z])(None|True|False|nan|NaN)(?![A-Za-z])")
ENGLISH_WORD = re.compile(r"(?<![A-Za-z0-9@._/-])[A-Za-z]{2,}(?![A-Za-z0-9@._-])")
# Wagtail's sidebar (the whole menu) is drawn by a script from this JSON: its labels are read
# and its links followed like the page's own.
SIDEBAR_PROPS = "wagtail-sidebar-props"
SKIPPED_TAGS = {"script", "style", "template", "svg", "noscript", "textarea"}
VOID_TAGS = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
READ_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
# Text that is data, not interface: e-mail addresses, host names, URLs, file names, codes.
DATA = re.compile(
    r"\S+@\S+|https?://\S+|\blocalhost\b|\b[\w-]+\.(?:cn|com|org|net|gov|pdf|xlsx|docx|csv|jpg|png)\b"
    r"|\b[A-Z0-9]{2,}(?:-[A-Z0-9]+)+\b"
)


@dataclass
class Page:
    title: str = ""
    texts: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._skip = 0
        self._in_title = False
        self._sidebar: list[str] | None = None
        self._hidden: list[str] = []  # open elements inside a `hidden` one (not shown to anyone)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in VOID_TAGS and (self._hidden or "hidden" in attrs):
            self._hidden.append(tag)
        if tag in SKIPPED_TAGS:
            self._skip += 1
        if tag == "title":
            self._in_title = True
        if tag == "script" and attrs.get("id") == SIDEBAR_PROPS:
            self._sidebar = []
        if tag == "a" and attrs.get("href"):
            self.page.links.append(attrs["href"])
        if self._skip or self._hidden:
            return
        for name in READ_ATTRIBUTES:
            if attrs.get(name):
                self.page.texts.append(attrs[name])

    def handle_startendtag(self, tag, attrs):
        if tag not in SKIPPED_TAGS:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if self._hidden and tag in self._hidden:
            while self._hidden and self._hidden.pop() != tag:
                pass
        if tag in SKIPPED_TAGS and self._skip:
            self._skip -= 1
        if tag == "script" and self._sidebar is not None:
            self._read_menu(json.loads("".join(self._sidebar)))
            self._sidebar = None
        if tag == "title":
            self._in_title = False

    def _read_menu(self, node):
        if isinstance(node, list):
            for item in node:
                self._read_menu(item)
        elif isinstance(node, dict):
            for key, value in node.items():
                if key == "url" and isinstance(value, str):
                    self.page.links.append(value)
                elif key in ("label", "footer_text") and isinstance(value, str) and value:
                    self.page.texts.append(value)
                else:
                    self._read_menu(value)

    def handle_data(self, data):
        if self._sidebar is not None and self._skip:
            self._sidebar.append(data)
            return
        if self._in_title:
            self.page.title += data
            return
        if not self._skip and not self._hidden and data.strip():
            self.page.texts.append(data.strip())


def read(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    reader.page.title = " ".join(reader.page.title.split())
    return reader.page


def offences(page: Page, *, allowed_text: tuple[str, ...] = ()) -> list[str]:
    found = []
    title = page.title
    if title.startswith("检查"):
        found.append(f"title begins 检查: {title!r}")
    parts = [p.strip() for p in title.split(" - ") if p.strip()]
    repeated = [p for p, n in Counter(parts).items() if n > 1]
    if repeated:
        found.append(f"title repeats {repeated[0]!r}: {title!r}")
    for text in [title, *page.texts]:
        for allowed in sorted(
            allowed_text, key=len, reverse=True
        ):  # whole words only: "Page" allows "Page", not "Pages"
            text = re.sub(rf"(?<![A-Za-z]){re.escape(allowed)}(?![A-Za-z])", " ", text)
        if "new items in this menu" in text:
            found.append(f"English badge: {text!r}")
            continue
        if RAW_VALUES.search(text):
            found.append(f"raw value: {text!r}")
            continue
        plain = DATA.sub(" ", text)
        english = [w for w in ENGLISH_WORD.findall(plain) if w not in ALLOWED_WORDS]
        if english:
            found.append(f"English {english[:3]}: {text[:120]!r}")
    return found


def pattern_of(path: str) -> str:
    """/admin/grants/application/12/edit/ -> /admin/grants/application/#/edit/"""
    return re.sub(r"/\d+(?=/)", "/#", path)


def same_site_admin_link(href: str) -> str | None:
    href, _ = urldefrag(href)
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/admin/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")
