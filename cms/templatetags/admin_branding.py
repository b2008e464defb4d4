"""The back office's own name and emblem in place of Wagtail's (templates/wagtailadmin/)."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def admin_site_name() -> str:
    """The platform's name as the bureau set it (SITE_NAME), shown on every admin page."""
    return settings.WAGTAIL_SITE_NAME
