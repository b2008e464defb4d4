"""Life-cycle pieces for the Wagtail back office, shared by every app with a state machine.

* `TransitionView`: the page behind every admin transition button. It shows what will happen, asks
  for a reason (required when the transition's `custom["needs_reason"]` says so) and calls
  `core.workflow.perform_transition`, the one door. A refusal of the actor is a 403 page with the
  rule's reason; a refusal of the data shows the form again with the unmet conditions.
* `TransitionViewSetMixin`: put it before `ModelViewSet` to add the
  `transition/<pk>/<name>/` URL (name "transition") to a viewset.
* `TransitionInspectMixin` / `TransitionIndexMixin`: one button per
  `available_transitions(obj, user)` in the inspect header and the listing's "more" menu.
* `BeijingTimeInspectMixin`: every inspect view of ours shows date-times in Beijing time.
* `BoundedSearchMixin`: every listing of ours cuts its search query to 100 characters.
* `history_rows(obj)`: the audit trail of `obj` prepared for `core/admin/history_table.html`.
* `ScopedIndexMixin` / `ScopedObjectMixin`: a scoped model's listing (and its export) holds only
  the records the user may see, and a detail, edit or action page of another department's record
  is a 404 (`core.scoping`); `ScopedObjectMixin.acting = True` on pages that change the record
  refuses a department that only sees it (a city bureau reading a district's record).
* `DisplayExportMixin`: for an IndexView with `list_export`: choice labels instead of codes, Beijing
  time, and a CSV that Excel opens in UTF-8.

Usage (grants, reports, …)::

    class ApplicationViewSet(TransitionViewSetMixin, ModelViewSet):
        inspect_view_enabled = True
        inspect_view_class = type("InspectView", (TransitionInspectMixin, InspectView), {})
"""

import datetime
from decimal import Decimal

from django import forms
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.coreutils import multigetattr

from core import approvals
from core.audit import EVENT, OVERRIDE, TRANSITION, history
from core.confirm import confirm_text
from core.formats import iso_time
from core.scoping import department_decision, department_visible, for_user
from core.spreadsheets import MONEY_FORMAT, csv_value
from core.workflow import (
    TransitionInfo,
    TransitionRefused,
    available_transitions,
    fsm_field,
    perform_transition,
    permission_decision,
    two_person_action,
    unmet_conditions,
)


def state_label(model, value) -> str:
    return str(dict(fsm_field(model).flatchoices).get(value, value))


def describe_transition(instance, name) -> TransitionInfo | None:
    """Transition `name` of `instance` as it applies in the current state, or None if it does not
    apply now. Raises Http404 when the model has no such transition."""
    meta = getattr(getattr(type(instance), name, None), "_django_fsm", None)
    # Only the model's life cycle is offered here; a second machine (a report's generation job)
    # is moved by its own code (queueing enqueues the task), never by this generic page.
    if meta is None or meta.field.name != fsm_field(type(instance)).name:
        raise Http404
    transition = meta.get_transition(getattr(instance, meta.field.attname))
    if transition is None:
        return None
    custom = transition.custom or {}
    return TransitionInfo(
        name=name,
        label=str(custom.get("label", name)),
        source=transition.source,
        target=transition.target,
        needs_reason=bool(custom.get("needs_reason", False)),
    )


def transition_label(model, name) -> str:
    """The label of transition `name`, whatever the state (for messages)."""
    meta = getattr(getattr(model, name, None), "_django_fsm", None)
    for transition in meta.transitions.values() if meta else []:
        return str((transition.custom or {}).get("label", name))
    return name


class TransitionForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("原因"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )

    def __init__(self, *args, needs_reason: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.required = needs_reason
        if needs_reason:
            field.help_text = gettext_lazy("必填；将记入审计记录并通知相关人员")
        else:
            field.label = gettext_lazy("备注（可选）")


class TransitionView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Confirm and perform one transition of one object through the one door.

    Model-level access comes from the model's Wagtail permission policy (anyone who may see the
    object in the admin reaches the page); who may perform the move is the transition's own rule.
    """

    model = None
    index_url_name = None
    inspect_url_name = None
    edit_url_name = None
    header_icon = "resubmit"
    template_name = "core/admin/transition.html"
    denied_template_name = "core/admin/denied.html"
    form_class = TransitionForm
    any_permission_required = ["add", "change", "delete", "view"]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(
            for_user(self.model, request.user), pk=unquote(str(kwargs["pk"]))
        )
        self.name = kwargs["name"]
        self.transition = describe_transition(self.object, self.name)

    # --- the two refusals -------------------------------------------------------------------
    def refusal_response(self):
        """A response when the move cannot be offered at all, else None."""
        if self.transition is None:
            messages.error(
                self.request,
                _("“%(label)s”在当前状态（%(state)s）下不能执行。")
                % {
                    "label": transition_label(self.model, self.name),
                    "state": state_label(self.model, self.current_state),
                },
            )
            return redirect(self.get_success_url())
        allowed, reason = permission_decision(self.object, self.name, self.request.user)
        if not allowed:
            return self.denied(reason)
        return None

    def denied(self, reason):
        """403 in the admin's look, saying why (Wagtail would only redirect to the dashboard)."""
        context = self.get_context_data(form=None)
        context["reason"] = reason or _("您没有执行此操作的权限")
        return TemplateResponse(self.request, self.denied_template_name, context, status=403)

    def get(self, request, *args, **kwargs):
        return self.refusal_response() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.refusal_response() or super().post(request, *args, **kwargs)

    # --- form -------------------------------------------------------------------------------
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "needs_reason": self.transition.needs_reason}

    @cached_property
    def proposal_of(self) -> str:
        """The two-person action this page proposes instead of performing ("" if none)."""
        key = two_person_action(self.object, self.name)
        if (
            key
            and approvals.required(key)
            and approvals.proposable_here(self.object, key, self.name)
        ):
            return key
        return ""

    def propose(self, form):
        try:
            approvals.propose(
                self.proposal_of,
                self.object,
                by=self.request.user,
                reason=form.cleaned_data.get("reason", ""),
            )
        except PermissionDenied as refused:
            return self.denied(str(refused))
        except ValidationError as invalid:
            for message in invalid.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("“%(object)s”的“%(label)s”已提交审核，审核人批准后执行。")
            % {"object": self.object, "label": self.transition.label},
        )
        return redirect(self.get_success_url())

    def form_valid(self, form):
        if self.proposal_of:
            return self.propose(form)
        try:
            self.object = perform_transition(
                self.object,
                self.name,
                by=self.request.user,
                reason=form.cleaned_data.get("reason", ""),
            )
        except PermissionDenied as refused:
            return self.denied(str(refused))
        except TransitionRefused as refused:
            for reason in refused.reasons:
                form.add_error(None, reason)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("“%(object)s”已%(label)s，当前状态：%(state)s。")
            % {
                "object": self.object,
                "label": self.transition.label,
                "state": state_label(self.model, self.current_state),
            },
        )
        return redirect(self.get_success_url())

    # --- page furniture ---------------------------------------------------------------------
    @property
    def current_state(self):
        return getattr(self.object, fsm_field(self.model).attname)

    def get_success_url(self):
        for url_name in (self.inspect_url_name, self.edit_url_name):
            if url_name:
                return reverse(url_name, args=(quote(self.object.pk),))
        return reverse(self.index_url_name)

    def get_page_title(self):
        return self.transition.label if self.transition else transition_label(self.model, self.name)

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        items = []
        if self.index_url_name:
            items.append(
                {
                    "url": reverse(self.index_url_name),
                    "label": self.model._meta.verbose_name_plural,
                }
            )
        items.append({"url": self.get_success_url(), "label": str(self.object)})
        items.append({"url": "", "label": self.get_page_title()})
        return self.breadcrumbs_items + items

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            transition=self.transition,
            source_label=state_label(self.model, self.current_state),
            target_label=state_label(self.model, self.transition.target),
            unmet=unmet_conditions(self.object, self.name),
            confirm=confirm_text(self.object, self.name),
            proposal=bool(self.transition and self.proposal_of),
            cancel_url=self.get_success_url(),
        )
        return context


class TransitionViewSetMixin:
    """Register `TransitionView` in a ModelViewSet as `<namespace>:transition` (args: pk, name)."""

    transition_view_class = TransitionView

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            transition_url_name=self.get_url_name("transition"), **kwargs
        )

    def get_transition_view_kwargs(self, **kwargs):
        return kwargs

    @property
    def transition_view(self):
        return self.construct_view(self.transition_view_class, **self.get_transition_view_kwargs())

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                f"transition/<{self.pk_path_converter}:pk>/<str:name>/",
                self.transition_view,
                name="transition",
            ),
        ]


def transition_url(url_name, instance, name) -> str:
    return reverse(url_name, args=(quote(instance.pk), name))


class TransitionInspectMixin:
    """For an InspectView: one header button per transition the user may perform now."""

    transition_url_name = None

    @cached_property
    def transitions(self):
        return available_transitions(self.object, self.request.user)

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                t.label,
                url=transition_url(self.transition_url_name, self.object, t.name),
                icon_name="resubmit",
                priority=100 + i,
            )
            for i, t in enumerate(self.transitions)
        ]


class BeijingTimeInspectMixin:
    """For an InspectView: every DateTimeField in Beijing time ("2025-03-02 00:30", "—" if empty).

    Wagtail's generic inspect template renders `{{ field.value|localize }}`; a filter receives the
    raw value, so Django's automatic conversion to local time never happens and an aware
    date-time would appear in UTC. A view's own `get_<field>_display_value` still wins.
    """

    def get_field_display_value(self, field_name, field):
        if isinstance(field, models.DateTimeField) and not hasattr(
            self, f"get_{field_name}_display_value"
        ):
            return iso_time(getattr(self.object, field_name))
        return super().get_field_display_value(field_name, field)


# No one types more into a listing's search box; SQLite refuses LIKE patterns over 50,000 bytes.
SEARCH_MAX_LENGTH = 100


def denied_response(request, reason, back_url=""):
    """The admin's 403 page saying why (`core/admin/denied.html`). Wagtail turns a
    `PermissionDenied` raised by an admin view into a redirect to the dashboard, which hides the
    reason; a page refusing someone who can see the record (a department above reading a
    district's) answers with this instead."""
    title = _("无权执行此操作")
    context = {
        "reason": reason or _("您没有执行此操作的权限"),
        "cancel_url": back_url or request.META.get("HTTP_REFERER", ""),
        "header_title": title,
        "page_title": title,
    }
    return TemplateResponse(request, "core/admin/denied.html", context, status=403)


class ScopedIndexMixin:
    """For an IndexView: list (search, filter, export) only what the user may see."""

    def get_base_queryset(self):
        return for_user(super().get_base_queryset(), self.request.user)


class ScopedObjectMixin:
    """For any view with `get_object()` (inspect, edit, delete, history, a custom action page):
    another department's record answers 404; with `acting = True`, a record the user only sees
    answers 403 with the reason."""

    acting = False

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        return scoped_check(obj, self.request.user, acting=self.acting)


class ScopedChoicesMixin:
    """For a create or edit view: the records offered in `scoped_choice_fields` (a call …) are
    those the user acts for; another is an invalid choice, refused by the form."""

    scoped_choice_fields = ("call",)

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        for name in self.scoped_choice_fields:
            field = form.fields.get(name)
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = for_user(field.queryset, self.request.user, acting=True)
        return form


def scoped_check(obj, user, *, acting=False):
    """`obj` if `user` may see it (and act on it, with `acting`); Http404 / PermissionDenied."""
    if obj is not None and not department_visible(obj, user):
        raise Http404
    if obj is not None and acting:
        allowed, why = department_decision(obj, user)
        if not allowed:
            raise PermissionDenied(why)
    return obj


class BoundedSearchMixin:
    """For a listing (IndexView): a search query is cut to `SEARCH_MAX_LENGTH` characters."""

    @cached_property
    def search_query(self):
        return super().search_query[:SEARCH_MAX_LENGTH]


class TransitionIndexMixin:
    """For an IndexView: the transitions of each row in its "more" menu."""

    transition_url_name = None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        for i, t in enumerate(available_transitions(instance, self.request.user)):
            buttons.append(
                MenuItem(
                    t.label,
                    url=transition_url(self.transition_url_name, instance, t.name),
                    icon_name="resubmit",
                    priority=50 + i,
                )
            )
        return buttons


class DisplayExportMixin:
    """Spreadsheet export as people read it: "已认证", not "verified"; local time, not UTC."""

    custom_value_preprocess = {
        datetime.datetime: {
            SpreadsheetExportMixin.FORMAT_XLSX: lambda v: timezone.localtime(v).replace(
                tzinfo=None
            ),
            SpreadsheetExportMixin.FORMAT_CSV: lambda v: timezone.localtime(v).strftime(
                "%Y-%m-%d %H:%M"
            ),
        },
        **{
            key: value
            for key, value in SpreadsheetExportMixin.custom_value_preprocess.items()
            if key is not datetime.datetime
        },
    }

    def to_row_dict(self, item):
        row = {}
        for field in self.list_export:
            display = getattr(item, f"get_{field}_display", None)
            row[field] = display() if callable(display) else multigetattr(item, field)
        return row

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        """Amounts (Decimal) stay numbers, shown 120,000.00 (`core.spreadsheets`)."""
        cells = super().generate_xlsx_row(worksheet, row_dict, date_format=date_format)
        for value, cell in zip(row_dict.values(), cells, strict=True):
            if isinstance(value, Decimal):
                cell.number_format = MONEY_FORMAT
            yield cell

    def write_csv_row(self, writer, row_dict):
        """Wagtail keeps XLSX text as text but writes CSV as is (`core.spreadsheets`)."""
        return super().write_csv_row(
            writer, {field: csv_value(value) for field, value in row_dict.items()}
        )

    def stream_csv(self, queryset):
        yield "\ufeff"  # byte order mark: Excel then reads the Chinese text as UTF-8
        yield from super().stream_csv(queryset)


def _field_label(model, name) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return str(name)


def two_person_note(data: dict) -> str:
    """Who proposed and who approved a two-person transition (`core.approvals`), or that its
    second person was switched off and why."""
    if data.get("approved_by"):
        return _("经办人%(p)s（%(pa)s），审核人%(a)s（%(aa)s）") % {
            "p": data.get("proposed_by", ""),
            "pa": data.get("proposed_at", ""),
            "a": data["approved_by"],
            "aa": data.get("approved_at", ""),
        }
    if data.get("two_person") == "off":
        return _("未经第二人审核（双人审核已关闭：%(reason)s）") % {
            "reason": data.get("two_person_off_reason", "")
        }
    return ""


def history_rows(instance, limit=100) -> list[dict]:
    """The audit trail of `instance`, newest first: time, who, what, detail, reason."""
    rows = []
    for entry in history(instance)[:limit]:
        data = entry.data or {}
        if entry.action == TRANSITION:
            action = data.get("label", "")
            detail = f"{data.get('from_label', '')} → {data.get('to_label', '')}"
            note = "；".join(filter(None, [data.get("reason", ""), two_person_note(data)]))
        elif entry.action in (EVENT, OVERRIDE):
            action = entry.formatter.label if entry.formatter else entry.action
            detail = data.get("summary", "")
            note = data.get("reason", "")
            if data.get("fields"):
                labels = "、".join(_field_label(type(instance), f) for f in data["fields"])
                extra = _("字段：%(fields)s") % {"fields": labels}
                note = f"{note}；{extra}" if note else extra
        else:
            action, detail, note = entry.message, "", entry.comment
        rows.append(
            {
                "timestamp": entry.timestamp,
                "user": entry.user_display_name,
                "action": action,
                "detail": detail,
                "note": note,
                "entry": entry,
            }
        )
    return rows
