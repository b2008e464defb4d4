"""Extra questions a call may ask (text, number, choice, date, file).

Staff compose them in the Wagtail admin as a StreamField; applicants answer them in an ordinary
Django form built by `extra_question_fields`. Answers are stored in `Application.extra_answers`
keyed by the block's stable id (file answers are `ApplicationAttachment` rows with that key), so
reordering or relabelling a question keeps the answers attached to it.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

FIELD_PREFIX = "q_"


class QuestionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("问题"), max_length=200)
    required = blocks.BooleanBlock(label=_("必答"), required=False, default=True)
    help_text = blocks.CharBlock(label=_("填写说明"), required=False, max_length=300)


class TextQuestionBlock(QuestionBlock):
    multiline = blocks.BooleanBlock(label=_("多行文本"), required=False, default=True)
    max_length = blocks.IntegerBlock(label=_("字数上限"), required=False, min_value=1)

    class Meta:
        icon = "pilcrow"
        label = _("文字题")


class NumberQuestionBlock(QuestionBlock):
    min_value = blocks.DecimalBlock(label=_("最小值"), required=False)
    max_value = blocks.DecimalBlock(label=_("最大值"), required=False)
    decimal_places = blocks.IntegerBlock(
        label=_("小数位数"), required=False, default=0, min_value=0, max_value=4
    )

    class Meta:
        icon = "order"
        label = _("数字题")


class ChoiceQuestionBlock(QuestionBlock):
    choices = blocks.ListBlock(blocks.CharBlock(max_length=100), label=_("选项"))
    multiple = blocks.BooleanBlock(label=_("可多选"), required=False, default=False)

    class Meta:
        icon = "list-ul"
        label = _("选择题")


class DateQuestionBlock(QuestionBlock):
    class Meta:
        icon = "date"
        label = _("日期题")


class FileQuestionBlock(QuestionBlock):
    class Meta:
        icon = "doc-full"
        label = _("上传文件（PDF、JPG、PNG）")


QUESTION_BLOCKS = [
    ("text", TextQuestionBlock()),
    ("number", NumberQuestionBlock()),
    ("choice", ChoiceQuestionBlock()),
    ("date", DateQuestionBlock()),
    ("file", FileQuestionBlock()),
]

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def field_name(block_id: str) -> str:
    return f"{FIELD_PREFIX}{block_id}"


def _field_for(kind: str, spec) -> forms.Field:
    common = {
        "label": spec["label"],
        "required": bool(spec["required"]),
        "help_text": spec.get("help_text") or "",
    }
    if kind == "text":
        widget = forms.Textarea(attrs={"rows": 4}) if spec.get("multiline") else None
        return forms.CharField(max_length=spec.get("max_length") or None, widget=widget, **common)
    if kind == "number":
        places = spec.get("decimal_places") or 0
        return forms.DecimalField(
            min_value=spec.get("min_value"),
            max_value=spec.get("max_value"),
            decimal_places=places,
            max_digits=18,
            error_messages={"max_decimal_places": _("最多保留%(max)s位小数")},
            **common,
        )
    if kind == "choice":
        choices = [(c, c) for c in spec.get("choices") or []]
        if spec.get("multiple"):
            return forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple, **common
            )
        return forms.ChoiceField(choices=[("", "—"), *choices], **common)
    if kind == "date":
        return forms.DateField(widget=DATE_WIDGET, **common)
    if kind == "file":
        return forms.FileField(**common)
    raise ValueError(f"unknown question kind {kind!r}")


def questions(call):
    """(block id, kind, spec) for each question of `call`, in order."""
    return [(child.id, child.block_type, child.value) for child in call.extra_questions]


def extra_question_fields(call, *, include_files: bool = True) -> dict[str, forms.Field]:
    """One ordinary form field per extra question of `call`, named `q_<block id>`."""
    return {
        field_name(block_id): _field_for(kind, spec)
        for block_id, kind, spec in questions(call)
        if include_files or kind != "file"
    }


def to_json(value):
    """A cleaned answer as JSON: dates as ISO strings, numbers as exact decimal strings."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def from_json(kind: str, value):
    if value in (None, ""):
        return value
    try:
        if kind == "date":
            return date.fromisoformat(value)
        if kind == "number":
            return Decimal(value)
    except (ValueError, InvalidOperation):
        return None
    return value


def is_blank(value) -> bool:
    return value is None or value == "" or value == []


def display(kind: str, value) -> str:
    if is_blank(value):
        return "—"
    if kind == "choice" and isinstance(value, list):
        return "、".join(value)
    return str(value)
