"""Form fields of the Wagtail admin that refuse input no browser sends, instead of failing.

The admin's JavaScript always posts well-formed values; a script, a damaged request or a stale
page may not, and these then answer with a server error:

* StreamField: the block widgets read the stream's structure ("<name>-count", "<name>-0-type" …)
  straight from the POST and raise KeyError or ValueError when it is missing or malformed.
* Page choosers: a form shown again with errors looks the posted id up as it is ("abc", 10**30),
  and an id beyond 64 bits overflows SQLite when the field looks it up (`RowChoiceField`).
* Many-to-many selects: ids beyond 64 bits overflow SQLite (`core.choices.RowsChoiceField`).
* Inline panels (modelcluster's child formsets) look up the posted ids of their existing rows
  without Django's guards: a missing or foreign id, or more rows than exist, raise. A posted row
  count of 10**9 builds (and draws) a thousand forms or more before it is refused. A row without
  a valid order (not validated: unchanged, or deleted) breaks Wagtail's re-sorting of the rows.
* Decimal fields: a signaling NaN ("sNaN") passes Django's reading of the value, and comparing it
  with the stored value (`has_changed`) raises.
* Rich text: Draftail's widget converts the posted JSON content state without a guard, so any
  other value ("正文", "[]") raises.

`register` (from `CoreConfig.ready`) puts the guarded versions in every Wagtail admin model form
(our viewsets and the page editor); for inline panels, where no override reaches the formset
class, it wraps modelcluster's form construction. Such input is then an invalid field with a
message. Rich text assumes Draftail, the admin's default editor (we set no other).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.rich_text import DraftailRichTextArea
from wagtail.admin.widgets import AdminPageChooser
from wagtail.blocks.base import BlockField, BlockWidget

from core.choices import RowChoiceField, RowsChoiceField

# What the structure parsers raise on input they did not expect.
MALFORMED_ERRORS = (KeyError, ValueError, TypeError, IndexError, AttributeError)


class Malformed:
    """The value read from a POST that could not be parsed (a stream's structure, rich text)."""


MALFORMED = Malformed()
UNREADABLE_STREAM = _("提交的内容不完整或格式有误，请刷新页面后重新填写。")
UNREADABLE_RICH_TEXT = _("正文内容格式无法识别，请在编辑器中重新输入。")


class TolerantWidget:
    """A widget mixin: a value its parser cannot read is MALFORMED instead of an exception."""

    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except MALFORMED_ERRORS:
            return MALFORMED


class RefusesMalformed:
    """A field mixin: MALFORMED is refused with `malformed_message`, and the form is shown again
    with what was stored, since the posted value cannot be drawn."""

    malformed_message = UNREADABLE_STREAM

    def clean(self, value):
        if value is MALFORMED:
            raise ValidationError(self.malformed_message, code="malformed")
        return super().clean(value)

    def bound_data(self, data, initial):
        return initial if data is MALFORMED else super().bound_data(data, initial)

    def has_changed(self, initial, data):
        return data is MALFORMED or super().has_changed(initial, data)


class GuardedBlockWidget(TolerantWidget, BlockWidget):
    pass


class GuardedBlockField(RefusesMalformed, BlockField):
    def __init__(self, block=None, **kwargs):
        kwargs.setdefault("widget", GuardedBlockWidget(block))
        super().__init__(block=block, **kwargs)


class GuardedRichTextArea(TolerantWidget, DraftailRichTextArea):
    pass


class GuardedRichTextField(RefusesMalformed, forms.CharField):
    malformed_message = UNREADABLE_RICH_TEXT


class FiniteDecimalField(forms.DecimalField):
    """Refuses NaN and infinities when reading the value, not only when validating it: Django's
    `has_changed` compares the value read, and comparing a signaling NaN ("sNaN") raises."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is not None and not value.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return value


class GuardedPageChooser(AdminPageChooser):
    def get_instance(self, value):
        try:
            return super().get_instance(value)
        except (ValueError, TypeError, OverflowError):
            return None  # drawn empty; the field itself refuses the value


def _guard_child_formsets() -> None:
    """On input modelcluster's lookup cannot take, build the form as Django's model formsets do:
    they tolerate a tampered id and refuse it as an invalid choice of the required id field.

    And never build more forms than the panel allows: Django builds up to `max_num` + 1000 forms
    for any posted row count before refusing it, and the admin then draws them all."""
    from django.forms.formsets import ORDERING_FIELD_NAME
    from django.forms.models import BaseModelFormSet
    from modelcluster.forms import BaseTransientModelFormSet

    construct = BaseTransientModelFormSet._construct_form
    init = BaseTransientModelFormSet.__init__

    def _construct_form(self, i, **kwargs):
        try:
            return construct(self, i, **kwargs)
        except (KeyError, IndexError, ValueError, TypeError, OverflowError, ValidationError):
            return BaseModelFormSet._construct_form(self, i, **kwargs)

    def __init__(self, *args, **kwargs):
        init(self, *args, **kwargs)
        self.absolute_max = min(self.absolute_max, self.max_num)

    clean = BaseTransientModelFormSet.full_clean

    def full_clean(self):
        # Wagtail re-sorts the rows of a valid formset by `cleaned_data["ORDER"]` without a guard;
        # a row without one (an extra row posted without its fields, a deleted row whose order was
        # no number: neither is validated) then raised. Django's own ordering skips such rows.
        clean(self)
        if self.can_order:
            for form in self.forms:
                if hasattr(form, "cleaned_data"):
                    form.cleaned_data.setdefault(ORDERING_FIELD_NAME, None)

    BaseTransientModelFormSet._construct_form = _construct_form
    BaseTransientModelFormSet.__init__ = __init__
    BaseTransientModelFormSet.full_clean = full_clean


def register() -> None:
    from django.db import models
    from wagtail.admin.forms.models import register_form_field_override
    from wagtail.fields import RichTextField, StreamField
    from wagtail.models import AbstractPage

    register_form_field_override(StreamField, override={"form_class": GuardedBlockField})
    register_form_field_override(
        RichTextField,
        override=lambda db_field: {
            "widget": GuardedRichTextArea(features=db_field.features),
            "form_class": GuardedRichTextField,
        },
    )
    register_form_field_override(
        models.ForeignKey,
        to=AbstractPage,
        override=lambda db_field: {
            "widget": GuardedPageChooser(target_models=[db_field.remote_field.model]),
            "form_class": RowChoiceField,
        },
    )
    register_form_field_override(models.ManyToManyField, override={"form_class": RowsChoiceField})
    register_form_field_override(models.DecimalField, override={"form_class": FiniteDecimalField})
    _guard_child_formsets()
