"""Display helpers of the public site: menu, breadcrumbs, money, highlighting."""

import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from cms import public_pages
from core.templatetags.money import register as money_filters

register = template.Library()
# The money and date filters (`|yuan`, `|figures`, `|wan_yuan`, `|chinese_day` …) are the one set of
# core.templatetags.money, available here too.
register.filters.update(money_filters.filters)


@register.simple_tag(takes_context=True)
def site_menu(context):
    """The live, in-menu children of the site's home page, once per request."""
    request = context.get("request")
    if request is None:
        return []
    if not hasattr(request, "_cms_menu"):
        items = [page for page in public_pages.home_children(request) if page.show_in_menus]
        for item in items:
            item.menu_url = item.get_url(request)
            item.is_current = bool(item.menu_url) and request.path.startswith(item.menu_url)
        request._cms_menu = items
    return request._cms_menu


@register.inclusion_tag("cms/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page, *extra):
    """Ancestors of `page` below the tree root, then `page`, then optional (label, url) pairs."""
    ancestors = list(page.get_ancestors().filter(depth__gt=1)) if page.depth > 2 else []
    return {"request": context.get("request"), "ancestors": ancestors, "page": page, "extra": extra}


@register.filter
def startswith(value, prefix) -> bool:
    return bool(prefix) and str(value).startswith(str(prefix))


@register.filter
def highlight(text, words):
    """Escape `text` and wrap each query word in <mark>."""
    text = escape(text or "")
    words = [escape(w) for w in (words or []) if w]
    if not words:
        return mark_safe(text)  # noqa: S308 - escaped above
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.I)
    return mark_safe(pattern.sub(lambda m: f"<mark>{m.group()}</mark>", text))  # noqa: S308


@register.filter
def excerpt(text, words, width=120):
    """About `width` characters of `text` around the first query word found."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if len(text) <= width:
        return text
    positions = [text.find(w) for w in (words or []) if w and text.find(w) >= 0]
    start = max(0, min(positions) - width // 4) if positions else 0
    snippet = text[start : start + width]
    return ("…" if start else "") + snippet + ("…" if start + width < len(text) else "")


@register.simple_tag
def page_link(page, label=None):
    return format_html('<a href="{}">{}</a>', page.url, label or page.title)
