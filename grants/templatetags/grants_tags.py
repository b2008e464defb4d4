from django import template

from grants.formats import beijing_time, yuan

register = template.Library()

register.filter("beijing", beijing_time)
register.filter("yuan", yuan)
