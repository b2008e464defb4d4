"""Form fields for 行政区划代码: one code (`RegionCodeFormField`) or several
(`RegionCodesFormField`).

Both render a plain code input that works without JavaScript (the region's full name is echoed
beside it once the form is shown again); `static/js/regions.js` replaces the input with cascading
省 → 市 → 区县 selects fed by `/regions/<code>/children/`, and a fourth 街道（乡镇） select where
the field takes `streets=True` (a 9-digit town code; docs/decisions.md 32).
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import regions


def _normalize(text) -> str:
    # Full-width digits, as a Chinese input method types them, become ASCII digits.
    return unicodedata.normalize("NFKC", text or "").strip()


class RegionWidget(forms.TextInput):
    template_name = "core/regions/widget.html"
    multiple = False

    class Media:
        js = ["js/regions.js"]

    def __init__(self, attrs=None, streets=False):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})
        self.streets = streets

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        codes = [c for c in re.split(r"[^0-9]+", str(value or "")) if regions.is_valid(c)]
        context["regions"] = [
            {
                "code": c,
                "name": regions.full_name(c),
                "path": ",".join(r.code for r in regions.ancestors(c)),
            }
            for c in codes
        ]
        context["multiple"] = self.multiple
        context["streets"] = self.streets
        return context


class RegionsWidget(RegionWidget):
    multiple = True


class RegionCodeFormField(forms.CharField):
    """One region: to county level, or with `streets=True` down to a town (街道/乡/镇)."""

    def __init__(self, *, streets=False, **kwargs):
        self.streets = streets
        kwargs["max_length"] = 9 if streets else 6
        kwargs.setdefault("widget", RegionWidget(streets=streets))
        kwargs.setdefault(
            "help_text",
            _(
                "依次选择省、市、区县、街道（乡镇）；不能使用选择列表时，可直接填写6位或9位行政区划代码"
            )
            if streets
            else _("依次选择省、市、区县；不能使用选择列表时，可直接填写6位行政区划代码"),
        )
        kwargs["error_messages"] = {
            "max_length": _("行政区划代码应为6位数字（街道、乡镇为9位）")
            if streets
            else _("行政区划代码应为6位数字"),
            **(kwargs.get("error_messages") or {}),
        }
        super().__init__(**kwargs)
        self.validators.append(lambda value: regions.validate_code(value, streets=streets))

    def to_python(self, value):
        return _normalize(super().to_python(value))


class RegionCodesFormField(forms.CharField):
    """Several regions (a call's 登记地 rule), kept as a list of 6-digit codes: an organization's
    登记地 is a county or above, so the picker stops at 区县."""

    widget = RegionsWidget

    def prepare_value(self, value):
        return "，".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        text = _normalize(super().to_python(value))
        codes = [c for c in re.split(r"[,，、;；\s]+", text) if c]
        unknown = [c for c in codes if len(c) != 6 or not regions.is_valid(c)]
        if unknown:
            raise ValidationError(
                _("以下不是有效的行政区划代码：%(codes)s") % {"codes": "、".join(unknown[:5])}
            )
        return list(dict.fromkeys(codes))
