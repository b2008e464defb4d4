"""Incubation in the portal (/portal/incubation/): applying, following one's record, and the
record page every party shares. Objects are loaded through helpers that check permission, so a
guessed id shows nothing; the logic lives in `orgs.incubation.actions`."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.audit import history
from core.confirm import confirm_first
from core.messages import flash_errors
from core.scoping import department_visible
from core.upload_views import receive_upload, serve_stored
from core.workdays import UNCOVERED_NOTICE, calendar_covers
from core.workflow import TransitionRefused, available_transitions
from orgs.forms.incubation import (
    FounderFormSet,
    IncubationDocumentForm,
    IncubationForm,
    ReasonForm,
    RegistrationLinkForm,
)
from orgs.incubation import actions
from orgs.incubation import permissions as perms
from orgs.incubation.public import funded_projects
from orgs.models import Incubation, IncubationBase, IncubationDocument
from orgs.models.incubation.states import DATA_TRANSITIONS, IN_BASE


def get_incubation_for_user(request, pk, check=perms.can_view_incubation) -> Incubation:
    incubation = get_object_or_404(
        Incubation.objects.select_related("base", "organization", "applicant"), pk=pk
    )
    if not department_visible(incubation, request.user):
        raise Http404  # another department's record (issue 21)
    allowed, reason = check(incubation, request.user)
    if not allowed:
        raise PermissionDenied(reason)
    return incubation


# Organization fields whose errors belong to a field of the registration link form.
LINK_FIELDS = {
    "uscc": "code",
    "name": "name",
    "kind": "kind",
    "filing_number": "filing_number",
    "host_organization": "host_code",
}


@login_required
def home(request):
    """My applications and records, the bases I manage, and bases open for applications."""
    user = request.user
    mine = Incubation.objects.filter(Q(applicant=user) | Q(organization__memberships__user=user))
    context = {
        "mine": mine.distinct().select_related("base", "organization"),
        "managed": IncubationBase.objects.managed_by(request.user),
        "open_bases": IncubationBase.objects.filter(is_open=True),
    }
    return render(request, "orgs/incubation/portal/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def apply(request, base_pk):
    """Any signed-in user, for a registered organization they administer or a founding team."""
    base = get_object_or_404(IncubationBase, pk=base_pk)
    allowed, reason = perms.can_apply(base, request.user)
    if not allowed:
        raise PermissionDenied(reason)
    return _application_form(request, base, Incubation(base=base))


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    """The applicant, while the application is a draft."""
    incubation = get_incubation_for_user(request, pk, perms.can_edit_application)
    return _application_form(request, incubation.base, incubation)


def _application_form(request, base, incubation):
    data = request.POST if request.method == "POST" else None
    form = IncubationForm(data, instance=incubation, user=request.user, base=base)
    founders = FounderFormSet(data, instance=incubation, prefix="founders")
    if request.method == "POST" and form.is_valid() and founders.is_valid():
        try:
            incubation = actions.save_application(
                form=form, founders=founders, by=request.user, base=base
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("入驻申请已保存为草稿，确认无误后请提交。"))
            return redirect("portal:incubation_detail", pk=incubation.pk)
    context = {"form": form, "founders": founders, "base": base, "incubation": incubation}
    return render(request, "orgs/incubation/portal/application_form.html", context)


@login_required
def detail(request, pk):
    """The applicant side, the organization's members, the base's managers and staff."""
    incubation = get_incubation_for_user(request, pk)
    user = request.user
    can_manage = perms.can_manage_base(incubation.base, user)[0]
    transitions = [
        t for t in available_transitions(incubation, user) if t.name not in DATA_TRANSITIONS
    ]
    dates = [incubation.answer_due_on, incubation.space_return_due_on]
    context = {
        "incubation": incubation,
        "base": incubation.base,
        "founders": incubation.founders.all(),
        "documents": incubation.documents.select_related("uploaded_by"),
        "support_records": incubation.support_records.select_related("recorded_by"),
        "assessments": incubation.assessments.select_related("assessed_by"),
        "funded_projects": funded_projects(incubation.organization),
        "history": history(incubation)[:50],
        "transitions": transitions,
        "can_manage": can_manage,
        "show_last_reason": incubation.state in ("rejected", "withdrawn", "exited", "extended"),
        "can_edit": perms.can_edit_application(incubation, user)[0],
        "can_upload": perms.can_upload_document(incubation, user)[0],
        "can_assess": perms.can_assess(incubation, user)[0],
        "can_record_support": perms.can_record_support(incubation, user)[0],
        "can_link": perms.can_link_registration(incubation, user)[0],
        "can_admit": can_manage and incubation.state == "reviewing",
        "can_extend_or_exit": can_manage and incubation.state in IN_BASE,
        "calendar_notice": next(
            (UNCOVERED_NOTICE for d in dates if d and not calendar_covers(d)), ""
        ),
        "upload_form": IncubationDocumentForm(),
        "reason_form": ReasonForm(),
    }
    return render(request, "orgs/incubation/portal/detail.html", context)


@login_required
@require_POST
def transition(request, pk, name):
    """Whoever the transition's own rule admits; moves needing data have their own pages."""
    incubation = get_incubation_for_user(request, pk)
    cancel_url = reverse("portal:incubation_detail", args=(incubation.pk,))
    if page := confirm_first(request, incubation, name, cancel_url=cancel_url):
        return page
    try:
        actions.simple_transition(
            incubation=incubation, name=name, by=request.user, reason=request.POST.get("reason", "")
        )
    except (TransitionRefused, ValidationError) as refused:
        flash_errors(request, refused)
    else:
        messages.success(request, _("操作成功。"))
    return redirect("portal:incubation_detail", pk=incubation.pk)


@login_required
@require_POST
def document_upload(request, pk):
    incubation = get_incubation_for_user(request, pk, perms.can_upload_document)
    receive_upload(
        request,
        IncubationDocumentForm(request.POST, request.FILES),
        partial(actions.upload_document, incubation=incubation, by=request.user),
        done=_("材料已上传。"),
    )
    return redirect("portal:incubation_detail", pk=incubation.pk)


@login_required
def document_download(request, pk, document_pk):
    """Whoever may see the record; the file never has a public URL."""
    incubation = get_incubation_for_user(request, pk)
    document = get_object_or_404(IncubationDocument, pk=document_pk, incubation=incubation)
    return serve_stored(document)


@login_required
@require_http_methods(["GET", "POST"])
def link_registration(request, pk):
    """A founding team, once registered, links its record to the registered organization."""
    incubation = get_incubation_for_user(request, pk, perms.can_link_registration)
    form = RegistrationLinkForm(request.POST or None, incubation=incubation)
    if request.method == "POST" and form.is_valid():
        try:
            actions.link_registration(incubation=incubation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(LINK_FIELDS.get(field), message)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("已关联登记后的组织。"))
            return redirect("portal:incubation_detail", pk=incubation.pk)
    return render(
        request,
        "orgs/incubation/portal/action_form.html",
        {"incubation": incubation, "form": form, "title": _("关联登记后的组织")},
    )
