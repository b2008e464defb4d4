"""How the back office prints a bare value: 是/否 for booleans, a dash for nothing."""

from django import template
from django.utils.formats import localize
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def readable(value):
    """Never `True`, `False` or `None` on a page: Wagtail's inspect view prints field values raw."""
    if value is True:
        return _("是")
    if value is False:
        return _("否")
    if value is None or value == "":
        return "—"
    return localize(value)
