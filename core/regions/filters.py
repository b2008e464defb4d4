import django_filters
from django.utils.translation import gettext_lazy as _

from core import regions


class RegionFilter(django_filters.CharFilter):
    """A back-office list filter by region name or code: "深圳" keeps 深圳市 and its districts."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("所在地区"))
        kwargs.setdefault("help_text", _("填写地区名称或代码，如：深圳市、南山区、4403"))
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if not (value or "").strip():
            return qs
        # With the towns a name can match tens of thousands of codes ("市"): keep only those the
        # rows hold, so the IN list stays within the database's parameter limit.
        field = self.field_name
        held = set(qs.order_by().values_list(field, flat=True).distinct())
        return qs.filter(**{f"{field}__in": sorted(held & regions.matching(value))})
