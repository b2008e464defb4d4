"""`{{ code|region_name }}` → 广东省深圳市南山区, `{{ code|region_short }}` → 南山区, and
`{% region_picker "region" value %}` for a hand-written (GET) form."""

from django import template

from core import regions
from core.regions.fields import RegionWidget

register = template.Library()


@register.filter
def region_name(code) -> str:
    return regions.full_name(code)


@register.filter
def region_short(code) -> str:
    return regions.name(code)


@register.simple_tag
def region_picker(name, value="", id_=""):
    return RegionWidget(attrs={"maxlength": 6}).render(
        name, value, attrs={"id": id_ or f"f-{name}"}
    )
