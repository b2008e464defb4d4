"""The query string of every list endpoint, validated by one form: a bad value is a 400 naming
the parameter in Chinese, never a silently ignored filter (a reader would take an unfiltered
list for a filtered one).

Each endpoint declares which filters it takes (`Endpoint.filters`) and, for `state`, which values;
a filter the endpoint does not take is refused too.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _

from core import regions

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
# A page number past this names no page of any list we hold; refused before any arithmetic.
MAX_PAGE = 100_000
FIRST_YEAR = 2000
FILTERS = ("year", "department", "region", "category", "state")
# Parameters a client may send besides the filters.
PAGING = ("page", "page_size")


class ListQuery(forms.Form):
    """page, page_size and the five filters; `state` choices are the endpoint's."""

    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)
    page_size = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE_SIZE)
    year = forms.IntegerField(required=False)
    department = forms.CharField(required=False, max_length=200)
    region = forms.CharField(required=False, max_length=12)
    category = forms.CharField(required=False, max_length=100)
    state = forms.ChoiceField(required=False, choices=())

    def __init__(self, data, *, allowed: tuple[str, ...], states: dict[str, str] | None = None):
        super().__init__(data)
        self.allowed = allowed
        self.fields["state"].choices = [("", ""), *(states or {}).items()]

    def clean_year(self):
        year = self.cleaned_data["year"]
        last = timezone.localdate().year + 1
        if year is not None and not FIRST_YEAR <= year <= last:
            raise forms.ValidationError(
                _("年度须在%(first)d至%(last)d之间") % {"first": FIRST_YEAR, "last": last}
            )
        return year

    def clean_region(self):
        code = self.cleaned_data["region"].strip()
        if code and not (code.isascii() and code.isdigit() and regions.is_valid(code)):
            raise forms.ValidationError(_("不是有效的行政区划代码（6位或9位数字）"))
        return code

    def problems(self) -> dict[str, str]:
        """{parameter: Chinese message} for every bad or unsupported parameter, or {}."""
        found = {}
        for name in FILTERS:
            if name not in self.allowed and self.data.get(name, "") != "":
                found[name] = _("此接口不支持按该参数筛选")
        for name, messages in self.errors.items():
            if name not in found:
                found[name] = str(messages[0])
        return found

    def filters(self) -> dict:
        """The filters given, without empty ones (call after `is_valid`)."""
        return {
            name: value
            for name in self.allowed
            if (value := self.cleaned_data.get(name)) not in (None, "")
        }

    def paging(self) -> tuple[int, int]:
        return self.cleaned_data.get("page") or 1, self.cleaned_data.get("page_size") or PAGE_SIZE
