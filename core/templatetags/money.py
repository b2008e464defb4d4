"""Money in documents: `{{ amount|yuan }}` → 120,000.00, `{{ amount|rmb_capitals }}` →
人民币壹拾贰万元整 (`core.money`)."""

from django import template

from core import money

register = template.Library()


@register.filter
def yuan(amount):
    return "" if amount in (None, "") else money.figures(amount)


@register.filter
def rmb_capitals(amount):
    return "" if amount in (None, "") else money.rmb_capitals(amount)
