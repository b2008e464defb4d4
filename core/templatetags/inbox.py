"""`{% inbox_unread as n %}`: the signed-in user's unread messages (站内信), counted once per
request; `{% site_url %}`: the configured site address (`BASE_URL`) for absolute links in mail."""

from django import template

from core import inbox

register = template.Library()


@register.simple_tag(takes_context=True)
def inbox_unread(context) -> int:
    request = context.get("request")
    return inbox.unread_count(request) if request is not None else 0


@register.simple_tag
def site_url() -> str:
    return inbox.site_url()
