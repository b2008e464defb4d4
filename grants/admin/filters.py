"""List filters of the screening listing and the call listing (Wagtail's filter drawer)."""

import django_filters
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from grants.models import Application, Call, CallCategory, CallKind, CallState
from grants.models.states import ApplicationState
from orgs.admin.filters import choice_filter
from orgs.models import OrgKind

# Drafts are the organization's own work until submitted: the bureau never lists them.
SCREENING_STATES = [(v, label) for v, label in ApplicationState.choices if v != "draft"]


class LongSelect(forms.Select):
    """A select whose options are written in Python: the call and category filters list every
    call and category (hundreds after a few years), and one template include per option made
    the filter drawer most of the listing's time. Same markup as Django's select."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = format_html_join(
            "\n",
            '<option value="{}"{}>{}</option>',
            (
                (key, " selected" if str(key) in chosen else "", label)
                for key, label in self.choices
            ),
        )
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html("<select{}>\n{}\n</select>", flatatt(attrs), options)


class CategoryField(django_filters.fields.ModelChoiceField):
    """Categories are named per call ("扶老" may exist in every edition): show the call too."""

    def label_from_instance(self, obj):
        return f"{obj.call.title} · {obj.name}"


class CategoryChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = CategoryField


class ApplicationFilterSet(WagtailFilterSet):
    # The choices load only the columns their labels show: every call and category is an
    # option, hundreds after a few years, and whole rows made the filter drawer the slow part.
    call = django_filters.ModelChoiceFilter(
        label=_("征集"),
        queryset=Call.objects.public().order_by("-opens_at").only("pk", "title"),
        empty_label=_("全部"),
        widget=LongSelect,
    )
    state = choice_filter(_("状态"), SCREENING_STATES)
    category = CategoryChoiceFilter(
        label=_("服务领域"),
        queryset=CallCategory.objects.select_related("call")
        .only("pk", "name", "call__title")
        .order_by("-call__opens_at", "sort_order"),
        empty_label=_("全部"),
        widget=LongSelect,
    )
    organization__kind = choice_filter(_("组织类型"), OrgKind.choices)

    class Meta:
        model = Application
        fields = []


class CallFilterSet(WagtailFilterSet):
    state = choice_filter(_("状态"), CallState.choices)
    kind = choice_filter(_("征集类型"), CallKind.choices)

    class Meta:
        model = Call
        fields = []
