"""List filters of the back office whose options are rows of the database (every call, every
category): read as plain values, one query per filter and no model objects.

A `ModelChoiceFilter` builds a model object per option (with its related rows when its label
needs them) and looks the chosen one up again; at a few hundred options that was most of a
listing's filter time. `RowValuesFilter` reads `(value, label)` pairs once per request and
filters by the value; the drawer's active-filter chip takes its label from the same pairs
(Wagtail's `ChoiceFilterAdapter`), so no further query is made.
"""

import django_filters
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class LongSelect(forms.Select):
    """A select whose options are written in Python: one template include per option made a
    list of hundreds the filter drawer's slowest part. Same markup as Django's select."""

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


class RowValuesFilter(django_filters.ChoiceFilter):
    """Filter by a related row's id (or another column: `field_name`), offering `rows()`: an
    iterable of `(value, label)`, typically `Model.objects.values_list("pk", "title")`. Read once
    per request (when the form is built); a value not among them is an invalid choice, so the
    listing ignores it."""

    def __init__(self, *args, rows, **kwargs):
        self.rows = rows
        kwargs.setdefault("widget", LongSelect)
        super().__init__(*args, choices=[], **kwargs)

    @property
    def field(self):
        if not hasattr(self, "_field"):
            self.extra["choices"] = [(str(value), label) for value, label in self.rows()]
        return super().field
