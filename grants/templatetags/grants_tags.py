"""Grants pages load this library; its money and date filters are the one set of
`core.templatetags.money` (`|figures`, `|yuan`, `|wan`, `|chinese_day`, `|iso_day` …)."""

from django import template

from core.formats import beijing_time
from core.templatetags.money import register as money_filters

register = template.Library()
register.filters.update(money_filters.filters)

register.filter("beijing", beijing_time)
