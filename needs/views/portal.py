"""Needs in the portal (/portal/needs/): communities, street offices and departments record and
follow their needs; verified organizations offer to serve published ones; applicants say which
needs of a call their application answers.

Objects are loaded through helpers that check permission, so a guessed id shows nothing; the
logic lives in `needs.actions`.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.audit import history
from core.confirm import confirm_first
from core.messages import flash_errors
from core.scoping import department_decision
from core.upload_views import receive_upload, serve_stored
from core.workflow import TransitionRefused, available_transitions, perform_transition
from grants.models import Application
from needs import actions
from needs import permissions as perms
from needs.forms import AnswersForm, AttachmentForm, InterestForm, NeedForm
from needs.models import Need, NeedAttachment, NeedInterest
from needs.models.states import OPEN_FOR_INTEREST
from orgs.models import Organization
from orgs.models.organizations import VerificationState


def get_need_for_user(request, pk, check=perms.can_view_need) -> Need:
    need = get_object_or_404(
        Need.objects.select_related("organization", "call", "answered_by__organization"), pk=pk
    )
    allowed, reason = check(need, request.user)
    if not allowed:
        raise PermissionDenied(reason)
    return need


def _owner_orgs(user):
    return Organization.objects.filter(
        memberships__user=user, kind__in=perms.OWNER_KINDS
    ).distinct()


def _provider_orgs(user):
    return (
        Organization.objects.filter(memberships__user=user, state=VerificationState.VERIFIED)
        .exclude(kind="government")
        .distinct()
    )


@login_required
def need_list(request):
    """My organizations' needs and my organizations' offers."""
    needs = (
        Need.objects.of_member(request.user)
        .select_related("organization", "call")
        .order_by("-updated_at")
        .distinct()
    )
    interests = (
        NeedInterest.objects.filter(organization__memberships__user=request.user)
        .select_related("need", "organization")
        .distinct()
    )
    context = {
        "needs": needs,
        "interests": interests,
        "owner_orgs": _owner_orgs(request.user),
    }
    return render(request, "needs/portal/need_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def need_create(request):
    """Members of a community, street office or department, for that organization."""
    orgs = _owner_orgs(request.user)
    if not orgs:
        raise PermissionDenied(
            _("需求由社区、街道或政府部门提出；社会组织可在已公开的需求上表达承接意向")
        )
    org_id = request.POST.get("organization") or request.GET.get("organization")
    org = orgs.filter(pk=org_id).first() if org_id and str(org_id).isdecimal() else orgs.first()
    if org is None:
        raise PermissionDenied(_("您不是该单位的成员，不能以该单位名义提交需求"))
    form = NeedForm(request.POST or None, initial={"region_code": org.region_code})
    if request.method == "POST" and form.is_valid():
        try:
            need = actions.save_need(form=form, by=request.user, org=org)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("需求已保存为草稿，确认无误后请提交审核。"))
            return redirect("portal:need_detail", pk=need.pk)
    return render(
        request,
        "needs/portal/need_form.html",
        {"form": form, "org": org, "orgs": orgs, "need": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def need_edit(request, pk):
    """Members of the owning organization while the need is a draft or returned."""
    need = get_need_for_user(request, pk, perms.can_edit_need)
    form = NeedForm(request.POST or None, instance=need)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_need(form=form, by=request.user)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("需求已保存。"))
            return redirect("portal:need_detail", pk=need.pk)
    return render(
        request,
        "needs/portal/need_form.html",
        {"form": form, "org": need.organization, "need": need},
    )


@login_required
def need_detail(request, pk):
    """The owner's members and staff see everything; others see a published need and may offer."""
    need = get_need_for_user(request, pk)
    user = request.user
    private = perms.can_view_private(need, user)[0]
    providers = _provider_orgs(user) if need.state in OPEN_FOR_INTEREST else []
    context = {
        "need": need,
        "private": private,
        "can_edit": perms.can_edit_need(need, user)[0],
        "transitions": available_transitions(need, user),
        "attachments": need.attachments.all() if private else [],
        "interests": need.interests.select_related("organization") if private else [],
        "history": history(need)[:50] if private else [],
        "interest_form": InterestForm(organizations=providers) if providers else None,
        "attachment_form": AttachmentForm(),
    }
    return render(request, "needs/portal/need_detail.html", context)


@login_required
@require_POST
def need_transition(request, pk, name):
    """Whoever the transition's own rule admits (submit: the owner's members; close: its admin)."""
    need = get_need_for_user(request, pk)
    cancel_url = reverse("portal:need_detail", args=(need.pk,))
    if page := confirm_first(request, need, name, cancel_url=cancel_url):
        return page
    try:
        perform_transition(need, name, by=request.user, reason=request.POST.get("reason", ""))
    except TransitionRefused as refused:
        flash_errors(request, refused)
    except ValueError as exc:  # not a transition of this model
        raise PermissionDenied(_("不支持的操作")) from exc
    else:
        messages.success(request, _("操作成功。"))
    return redirect("portal:need_detail", pk=need.pk)


@login_required
@require_POST
def attachment_upload(request, pk):
    """Members of the owning organization while they may edit the need."""
    need = get_need_for_user(request, pk, perms.can_edit_need)
    receive_upload(
        request,
        AttachmentForm(request.POST, request.FILES),
        partial(actions.upload_attachment, need=need, by=request.user),
        done=_("附件已上传。"),
    )
    return redirect("portal:need_detail", pk=need.pk)


def _attachment_for_user(request, pk, attachment_pk, check):
    need = get_need_for_user(request, pk, check)
    return get_object_or_404(NeedAttachment, pk=attachment_pk, need=need)


@login_required
def attachment_download(request, pk, attachment_pk):
    """Members of the owning organization and staff; never a public URL."""
    attachment = _attachment_for_user(request, pk, attachment_pk, perms.can_view_private)
    return serve_stored(attachment)


@login_required
@require_POST
def attachment_delete(request, pk, attachment_pk):
    """Members of the owning organization while they may edit the need."""
    attachment = _attachment_for_user(request, pk, attachment_pk, perms.can_edit_need)
    actions.delete_attachment(attachment=attachment, by=request.user)
    messages.success(request, _("附件已删除。"))
    return redirect("portal:need_detail", pk=pk)


@login_required
@require_POST
def interest(request, pk):
    """Members of a verified organization (not a government body), for a published need."""
    need = get_need_for_user(request, pk)
    form = InterestForm(request.POST, organizations=_provider_orgs(request.user))
    if form.is_valid():
        data = form.cleaned_data
        actions.express_interest(
            need=need,
            org=data["organization"],
            by=request.user,
            approach=data["approach"],
            capacity=data["capacity"],
            estimated_cost=data["estimated_cost"],
        )
        messages.success(request, _("已提交承接意向，需求提出单位和民政工作人员可以看到。"))
    else:
        if not _provider_orgs(request.user).exists():
            raise PermissionDenied(_("只有已认证的组织可以表达承接意向，请先完成组织认证"))
        flash_errors(request, form)
    return redirect("portal:need_detail", pk=need.pk)


@login_required
@require_http_methods(["GET", "POST"])
def application_answers(request, application_pk):
    """Members of the applying organization while the application is editable; staff."""
    # Staff reach only their departments' applications (another's is a 404), and change the
    # answers only of those they act for.
    application = get_object_or_404(
        Application.objects.for_user(request.user).select_related("call", "organization"),
        pk=application_pk,
    )
    allowed, reason = perms.can_link_answers(application, request.user)
    if allowed and request.method == "POST":
        allowed, reason = department_decision(application, request.user)
    if not allowed:
        raise PermissionDenied(reason)
    candidates = actions.answering_candidates(application)
    current = Need.objects.filter(application_links__application=application)
    form = AnswersForm(
        request.POST or None, candidates=candidates, initial={"needs": list(current)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_answered_needs(
                application=application, needs=form.cleaned_data["needs"], by=request.user
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("已保存本项目回应的需求。"))
            return redirect("portal:application_detail", pk=application.pk)
    return render(
        request,
        "needs/portal/answers.html",
        {"application": application, "form": form, "has_candidates": candidates.exists()},
    )
