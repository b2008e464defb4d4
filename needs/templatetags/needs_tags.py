from django import template

register = template.Library()


@register.filter
def attr(obj, name):
    """`row|attr:"total"`: a named attribute, for tables whose columns are data."""
    return getattr(obj, name, "")
