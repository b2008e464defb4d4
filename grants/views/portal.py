"""The applicant side of calls and applications in the portal (/portal/calls/, /applications/).

Objects are loaded through helpers that check permission, so a guessed id shows nothing; the
logic lives in `grants.actions` and the models. Staff reach an application here too (its PDF,
attachments, receipts): another department's is a 404 for them, as in the admin.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.audit import history
from core.confirm import confirm_first
from core.messages import flash_errors
from core.scoping import department_visible
from core.signing.register import issued_hashes
from core.upload_views import receive_upload, serve_stored
from core.workflow import TransitionRefused, available_transitions
from grants import actions, questions
from grants import permissions as perms
from grants.completeness import submission_problems
from grants.eligibility import check_eligibility, describe_rules
from grants.forms.applications import (
    ApplicationForm,
    AttachmentUploadForm,
    budget_formset,
    team_formset,
)
from grants.models import Application, ApplicationAttachment, ApplicationState, Call, CallState
from grants.notify import next_step
from orgs.models import Membership, Organization
from orgs.permissions import is_member


def get_call_for_user(request, pk) -> Call:
    call = get_object_or_404(Call.objects.select_related("department"), pk=pk)
    allowed, reason = perms.can_view_call(call, request.user)
    if not allowed:
        _refuse(department_visible(call, request.user), reason)
    return call


def _refuse(visible, reason):
    # Staff of another department are not told the record exists (as on the admin's pages).
    if not visible:
        raise Http404
    raise PermissionDenied(reason)


def get_application_for_user(request, pk, check=perms.can_view_application) -> Application:
    application = get_object_or_404(
        Application.objects.select_related("call", "organization", "category"), pk=pk
    )
    allowed, reason = check(application, request.user)
    if not allowed:
        user = request.user
        visible = department_visible(application, user) or is_member(application.organization, user)
        _refuse(visible, reason)
    return application


@login_required
def call_list(request):
    """Calls that are open or about to open."""
    calls = Call.objects.filter(state=CallState.PUBLISHED).select_related("department")
    return render(request, "grants/portal/call_list.html", {"calls": calls, "now": timezone.now()})


@login_required
def call_detail(request, pk):
    """The call and, for each of the user's organizations, whether it may apply and why not."""
    call = get_call_for_user(request, pk)
    memberships = Membership.objects.filter(user=request.user).select_related("organization")
    checks = []
    for membership in memberships:
        org = membership.organization
        existing = call.applications.filter(organization=org).counted()
        checks.append(
            {"org": org, "failures": check_eligibility(org, call), "applications": existing}
        )
    context = {
        "call": call,
        "checks": checks,
        "rules": describe_rules(call),
        "accepting_problems": call.acceptance_problems(timezone.now()),
        "can_start": call.state == CallState.PUBLISHED and timezone.now() < call.closes_at,
    }
    return render(request, "grants/portal/call_detail.html", context)


@login_required
@require_POST
def application_start(request, pk):
    """A member of the organization chosen in the form (any member may start a draft)."""
    call = get_call_for_user(request, pk)
    org_id = request.POST.get("organization", "")
    org = get_object_or_404(Organization, pk=org_id if org_id.isdecimal() else 0)
    allowed, reason = perms.can_start_application(org, request.user)
    if not allowed:
        raise PermissionDenied(reason)
    try:
        application = actions.start_application(call=call, org=org, by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("portal:call_detail", pk=call.pk)
    messages.success(request, _("已创建申报书草稿，填写内容会自动保存。"))
    return redirect("portal:application_edit", pk=application.pk)


@login_required
def application_list(request):
    """The applicant's dashboard: my organizations' applications and what to do next."""
    applications = (
        Application.objects.of_member(request.user)
        .select_related("call", "organization")
        .order_by("-updated_at")
        .distinct()
    )
    now = timezone.now()
    rows = [{"application": a, "next_step": next_step(a, now)} for a in applications]
    open_calls = Call.objects.accepting(now).select_related("department")
    return render(
        request, "grants/portal/application_list.html", {"rows": rows, "open_calls": open_calls}
    )


@login_required
def application_detail(request, pk):
    """Members of the applying organization and staff."""
    application = get_application_for_user(request, pk)
    editable = perms.can_edit_application(application, request.user)[0]
    context = {
        "application": application,
        "call": application.call,
        "org": application.org_data,
        "team": application.team_members.all(),
        "budget": application.budget_lines.all(),
        "totals": application.budget_totals(),
        "answers": _answers(application),
        "attachments": application.attachments.select_related("requirement"),
        "receipts": receipts_with_hashes(application),
        "history": history(application)[:100],
        "transitions": available_transitions(application, request.user),
        "can_edit": editable,
        "next_step": next_step(application),
        "problems": (
            submission_problems(
                application, resubmission=application.state == ApplicationState.RETURNED
            )
            if editable
            else []
        ),
    }
    return render(request, "grants/portal/application_detail.html", context)


def receipts_with_hashes(application) -> list:
    """The receipts, each with the SHA-256 of its signed PDF ('' until first downloaded)."""
    receipts = list(application.receipts.all())
    hashes = issued_hashes(receipts)
    for receipt in receipts:
        receipt.sha256 = hashes.get(receipt.pk, "")
    return receipts


def _answers(application):
    answers = application.extra_answers or {}
    files = {}
    for attachment in application.attachments.filter(question_key__gt=""):
        files.setdefault(attachment.question_key, []).append(attachment)
    return [
        {
            "label": spec["label"],
            "value": questions.display(kind, answers.get(block_id)),
            "files": files.get(block_id, []),
            "kind": kind,
        }
        for block_id, kind, spec in questions.questions(application.call)
    ]


@login_required
@require_POST
def application_transition(request, pk, name):
    """Whoever the transition's own permission admits (submit/withdraw: the org admin)."""
    application = get_application_for_user(request, pk)
    cancel_url = reverse("portal:application_detail", args=(application.pk,))
    try:
        if page := confirm_first(request, application, name, cancel_url=cancel_url):
            return page
        actions.move_application(
            application=application,
            name=name,
            by=request.user,
            reason=request.POST.get("reason", ""),
        )
    except TransitionRefused as refused:
        for reason in refused.reasons:
            messages.error(request, reason)
    except ValueError as exc:  # not a transition of this model
        raise PermissionDenied(_("不支持的操作")) from exc
    else:
        messages.success(request, _("操作成功。"))
    return redirect("portal:application_detail", pk=application.pk)


@login_required
@require_POST
def attachment_upload(request, pk):
    """Members of the applying organization while they may edit."""
    application = get_application_for_user(request, pk, perms.can_edit_application)
    receive_upload(
        request,
        AttachmentUploadForm(request.POST, request.FILES),
        partial(actions.upload_attachment, application=application, by=request.user),
        done=_("附件已上传。"),
    )
    return redirect(_edit_url(application, "attachments"))


def _attachment_for_user(request, pk, attachment_pk, check=perms.can_view_application):
    application = get_application_for_user(request, pk, check)
    return get_object_or_404(ApplicationAttachment, pk=attachment_pk, application=application)


@login_required
def attachment_download(request, pk, attachment_pk):
    """Members of the applying organization and staff; never a public URL."""
    attachment = _attachment_for_user(request, pk, attachment_pk)
    return serve_stored(attachment)


@login_required
@require_POST
def attachment_delete(request, pk, attachment_pk):
    """Members of the applying organization while they may edit."""
    attachment = _attachment_for_user(request, pk, attachment_pk, perms.can_edit_application)
    actions.delete_attachment(attachment=attachment, by=request.user)
    messages.success(request, _("附件已删除。"))
    return redirect(_edit_url(attachment.application, "attachments"))


def _edit_url(application, anchor=""):
    from django.urls import reverse

    url = reverse("portal:application_edit", kwargs={"pk": application.pk})
    return f"{url}#{anchor}" if anchor else url


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request, pk):
    """Members of the applying organization, for drafts and returned applications.

    Works without JavaScript: "保存草稿" saves what is valid and shows the rest as errors;
    "保存并提交" (org admins) saves, then submits through the one door.
    """
    application = get_application_for_user(request, pk)
    allowed, reason = perms.can_edit_application(application, request.user)
    if not allowed:  # may see it, may not change it: say why on the read-only page
        messages.error(request, reason)
        return redirect("portal:application_detail", pk=application.pk)
    call = application.call
    if request.method == "POST":
        form = ApplicationForm(request.POST, instance=application, call=call)
        team = team_formset(application, request.POST)
        budget = budget_formset(application, request.POST)
        result = actions.save_draft(
            application=application, form=form, team=team, budget=budget, by=request.user
        )
        if not result.complete:
            messages.warning(request, _("草稿已保存，但以下内容有误、未能保存，请修改："))
            return _render_edit(request, result.application, form, team, budget)
        if request.POST.get("then") == "submit":
            try:
                actions.submit_application(application=result.application, by=request.user)
            except TransitionRefused as refused:
                for reason in refused.reasons:
                    messages.error(request, reason)
                return redirect(_edit_url(application, "submit"))
            messages.success(request, _("申报书已提交。"))
            return redirect("portal:application_detail", pk=application.pk)
        messages.success(request, _("草稿已保存。"))
        return redirect(_edit_url(application))
    form = ApplicationForm(instance=application, call=call)
    return _render_edit(
        request, application, form, team_formset(application), budget_formset(application)
    )


def _render_edit(request, application, form, team, budget):
    call = application.call
    uploads = application.attachments.all()
    slots = []
    if call.require_commitment:
        slots.append(
            ("commitment", _("承诺书"), True, call._meta.get_field("require_commitment").help_text)
        )
    for requirement in call.required_attachments.all():
        slots.append(
            (f"req-{requirement.pk}", requirement.name, requirement.required, requirement.help_text)
        )
    for block_id, kind, spec in questions.questions(call):
        if kind == "file":
            slots.append((f"q-{block_id}", spec["label"], spec["required"], spec.get("help_text")))
    context = {
        "application": application,
        "call": call,
        "org": application.org_data,
        "form": form,
        "team": team,
        "budget": budget,
        "totals": application.budget_totals(),
        "slots": [
            {
                "slot": slot,
                "name": name,
                "required": required,
                "help": help_text,
                "files": [a for a in uploads if _slot_of(a) == slot],
                "form": AttachmentUploadForm(initial={"slot": slot}),
            }
            for slot, name, required, help_text in slots
        ],
        "can_submit": perms.can_submit.check(application, request.user)[0],
        "problems": submission_problems(
            application, resubmission=application.state == ApplicationState.RETURNED
        ),
        "next_step": next_step(application),
    }
    return render(request, "grants/portal/application_form.html", context)


def _slot_of(attachment) -> str:
    if attachment.kind == "commitment":
        return "commitment"
    if attachment.requirement_id:
        return f"req-{attachment.requirement_id}"
    return f"q-{attachment.question_key}"
