"""The base's side of incubation in the portal: its dashboard and the decisions that carry data
(admission with agreement and desk, extension, exit, assessment, support records).

Base managers see only their own base (`IncubationBase.objects.managed_by`), staff every base.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.workflow import TransitionRefused
from orgs.forms.incubation import (
    AdmitForm,
    AssessmentForm,
    ExitForm,
    ExtendForm,
    IncubationFilterForm,
    SupportRecordForm,
)
from orgs.incubation import actions
from orgs.incubation import permissions as perms
from orgs.models import IncubationBase
from orgs.views.incubation import get_incubation_for_user

REMINDER_DAYS = 30  # the dashboard's horizon for "assessment due soon"


def get_base_for_user(request, pk) -> IncubationBase:
    """Managers reach their own bases only (a guessed id is a 404); staff reach every base."""
    return get_object_or_404(IncubationBase.objects.managed_by(request.user), pk=pk)


def _manager_check(incubation, user):
    return perms.can_manage_base(incubation.base, user)


@login_required
def base_dashboard(request, base_pk):
    """Managers of the base and staff: every record of the base, filtered by state and year."""
    base = get_base_for_user(request, base_pk)
    form = IncubationFilterForm(request.GET or None)
    records = base.incubations.select_related("organization", "applicant")
    if form.is_valid():
        if form.cleaned_data["state"]:
            records = records.filter(state=form.cleaned_data["state"])
        if form.cleaned_data["year"]:
            records = records.filter(created_at__year=form.cleaned_data["year"])
    context = {
        "base": base,
        "form": form,
        "records": records.order_by("-created_at"),
        "overdue": base.incubations.answer_overdue(),
        "assessments_due": base.incubations.assessments_due(REMINDER_DAYS).order_by(
            "next_assessment_due_on"
        ),
        "reminder_days": REMINDER_DAYS,
        "occupied": base.occupied_desks(),
    }
    return render(request, "orgs/incubation/portal/base_dashboard.html", context)


def _decision(request, pk, *, form_class, title, perform, check=_manager_check, **form_kwargs):
    """GET shows the form; a valid POST runs `perform(incubation, cleaned_data)`; refusals of
    the data are shown on the form, refusals of the actor are a 403."""
    incubation = get_incubation_for_user(request, pk, check)
    kwargs = {key: value(incubation) for key, value in form_kwargs.items()}
    form = form_class(request.POST or None, request.FILES or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            perform(incubation, form)
        except TransitionRefused as refused:
            for reason in refused.reasons:
                form.add_error(None, reason)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("操作成功。"))
            return redirect("portal:incubation_detail", pk=incubation.pk)
    title = title(incubation) if callable(title) else title
    context = {"incubation": incubation, "form": form, "title": title, "multipart": True}
    return render(request, "orgs/incubation/portal/action_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def admit(request, pk):
    def perform(incubation, form):
        data = form.cleaned_data
        actions.admit(
            incubation=incubation,
            by=request.user,
            placement=data["placement"],
            desk_number=data["desk_number"],
            agreement=data["agreement"],
            reason=data["reason"],
        )

    return _decision(
        request,
        pk,
        form_class=AdmitForm,
        title=_("同意入驻"),
        perform=perform,
        incubation=lambda inc: inc,
    )


@login_required
@require_http_methods(["GET", "POST"])
def extend(request, pk):
    def perform(incubation, form):
        actions.extend(incubation=incubation, by=request.user, **_renamed(form, "new_end_on"))

    return _decision(request, pk, form_class=ExtendForm, title=_("延期孵化"), perform=perform)


@login_required
@require_http_methods(["GET", "POST"])
def exit_incubation(request, pk):
    def perform(incubation, form):
        actions.exit_incubation(incubation=incubation, by=request.user, **form.cleaned_data)

    return _decision(request, pk, form_class=ExitForm, title=_("退出孵化"), perform=perform)


@login_required
@require_http_methods(["GET", "POST"])
def assess(request, pk):
    def perform(incubation, form):
        data = form.cleaned_data
        actions.record_assessment(
            incubation=incubation,
            by=request.user,
            points=form.points(),
            assessed_on=data["assessed_on"],
            comments=data["comments"],
            on_fail=data["on_fail"],
            new_end_on=data["new_end_on"],
            exit_reason=data["exit_reason"],
        )

    return _decision(
        request,
        pk,
        form_class=AssessmentForm,
        title=lambda inc: _("录入%(stage)s结果") % {"stage": inc.get_state_display()},
        perform=perform,
        check=perms.can_assess,
        items=lambda inc: inc.base.checklist.all(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def support_new(request, pk):
    def perform(incubation, form):
        actions.add_support_record(incubation=incubation, form=form, by=request.user)

    return _decision(
        request,
        pk,
        form_class=SupportRecordForm,
        title=_("记录扶持服务"),
        perform=perform,
        check=perms.can_record_support,
    )


def _renamed(form, *keys) -> dict:
    data = form.cleaned_data
    return {"reason": data["reason"], **{key: data[key] for key in keys}}
