"""The one set of filters that print money and dates (`{% load money %}`), on `core.money` and
`core.formats`; docs/development.md says which to use where.

Money: `{{ amount|figures }}` → 120,000.00 (the column or sentence names the unit),
`{{ amount|yuan }}` → 120,000.00 元, `{{ amount|wan }}` → 12.00 (columns headed 万元),
`{{ amount|wan_yuan }}` → 12.00 万元, `{{ amount|rmb_capitals }}` → 人民币壹拾贰万元整.
Dates in Beijing time: `|chinese_day` → 2026年12月7日 and `|chinese_time` → 2026年12月7日 14:30
(public, applicants, PDFs, e-mails); `|iso_day` → 2026-12-07 and `|iso_time` → 2026-12-07 14:30
(staff tables). Missing values print "—".
"""

from django import template

from core import formats, money

register = template.Library()

register.filter("figures", money.figures)
register.filter("yuan", money.yuan)
register.filter("wan", money.wan)
register.filter("wan_yuan", money.wan_yuan)
register.filter("chinese_day", formats.chinese_day)
register.filter("chinese_time", formats.beijing_time)
register.filter("iso_day", formats.iso_day)
register.filter("iso_time", formats.iso_time)


@register.filter
def rmb_capitals(amount):
    return "" if amount in (None, "") else money.rmb_capitals(amount)
