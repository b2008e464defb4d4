"""The applicant portal for organizations. Every view requires sign-in; objects are loaded
through helpers that check membership, so a guessed id shows nothing."""

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
from core.files import serve_private
from core.messages import flash_errors
from core.upload_views import receive_upload, serve_stored
from core.workflow import TransitionRefused, available_transitions, perform_transition
from orgs import actions
from orgs import permissions as perms
from orgs.bank import set_bank_account
from orgs.forms.organizations import (
    BankAccountForm,
    ContactForm,
    DocumentUploadForm,
    InvitationForm,
    OrganizationForm,
)
from orgs.models import Invitation, Membership, Organization, OrganizationDocument
from orgs.roles import Role, role_names


def get_org_for_user(request, pk, check=perms.can_view_organization) -> Organization:
    org = get_object_or_404(Organization, pk=pk)
    allowed, reason = check(org, request.user)
    if not allowed:
        # An unverified member is refused as a non-member (orgs.permissions.membership_of):
        # say what to do instead.
        if request.user.is_authenticated and not request.user.email_verified:
            reason = perms.UNVERIFIED
        raise PermissionDenied(reason)
    return org


@login_required
def home(request):
    """Signed-in users: my organizations and open invitations."""
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("organization")
        .order_by("organization__name")
    )
    invitations = [
        i
        for i in Invitation.objects.filter(email__iexact=request.user.email).select_related(
            "organization"
        )
        if i.is_open
    ]
    roles = role_names(request.user)
    context = {
        "memberships": memberships,
        "invitations": invitations,
        "is_expert": Role.EXPERT.value in roles,
        "is_evaluator": Role.EVALUATOR.value in roles,
    }
    return render(request, "orgs/portal/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organization_create(request):
    """Any signed-in user with a verified e-mail address; they become its account admin."""
    allowed, reason = perms.can_register_organization(None, request.user)
    if not allowed:
        messages.error(request, reason)
        return redirect("verification_status")
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        org = actions.register_organization(form=form, by=request.user)
        messages.success(request, _("组织信息已保存为草稿。请上传登记证书后提交认证。"))
        return redirect("portal:org_detail", pk=org.pk)
    return render(request, "orgs/portal/organization_form.html", {"form": form, "creating": True})


@login_required
def organization_detail(request, pk):
    """Members of the organization and staff."""
    org = get_org_for_user(request, pk)
    context = {
        "org": org,
        "memberships": org.memberships.select_related("user").order_by("role", "joined_at"),
        "invitations": [i for i in org.invitations.all() if i.is_open],
        "documents": org.documents.select_related("uploaded_by"),
        "history": history(org)[:50],
        "transitions": available_transitions(org, request.user),
        "can_edit": perms.can_edit_organization(org, request.user)[0],
        "can_edit_contacts": perms.can_edit_contacts(org, request.user)[0],
        "can_edit_bank_account": perms.can_edit_bank_account(org, request.user)[0],
        "can_manage_members": perms.can_manage_members(org, request.user)[0],
        "can_upload": perms.can_upload_document(org, request.user)[0],
        "can_delete_documents": perms.can_delete_document(org, request.user)[0],
        "invite_form": InvitationForm(),
        "upload_form": DocumentUploadForm(),
    }
    return render(request, "orgs/portal/organization_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organization_edit(request, pk):
    """The org admin edits all master data before verification, only contacts after it."""
    org = get_org_for_user(request, pk, perms.can_edit_contacts)
    full = perms.can_edit_organization(org, request.user)[0]
    form_class = OrganizationForm if full else ContactForm
    form = form_class(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        actions.update_organization(form=form, by=request.user)
        messages.success(request, _("已保存。"))
        return redirect("portal:org_detail", pk=org.pk)
    return render(
        request,
        "orgs/portal/organization_form.html",
        {"form": form, "org": org, "contacts_only": not full},
    )


@login_required
@require_http_methods(["GET", "POST"])
def bank_account_edit(request, pk):
    """The org admin enters the payee account; a later change needs a reason (audited)."""
    org = get_org_for_user(request, pk, perms.can_edit_bank_account)
    initial = {
        "bank_account_name": org.bank_account_name or org.name,
        "bank_name": org.bank_name,
        "bank_account_number": org.bank_account_number,
    }
    form = BankAccountForm(request.POST or None, org=org, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            set_bank_account(
                org,
                by=request.user,
                account_name=data["bank_account_name"],
                bank_name=data["bank_name"],
                account_number=data["bank_account_number"],
                reason=data.get("reason", ""),
            )
        except ValidationError as error:
            for field, texts in error.message_dict.items():
                for text in texts:
                    form.add_error(field if field in form.fields else None, text)
        else:
            messages.success(request, _("收款账户已保存。"))
            return redirect("portal:org_detail", pk=org.pk)
    return render(
        request,
        "orgs/portal/organization_form.html",
        {"form": form, "org": org, "bank_account": True},
    )


@login_required
@require_POST
def organization_transition(request, pk, name):
    """Whoever the transition's own permission admits (submit: org admin)."""
    org = get_org_for_user(request, pk)
    cancel_url = reverse("portal:org_detail", args=(org.pk,))
    if page := confirm_first(request, org, name, cancel_url=cancel_url):
        return page
    try:
        perform_transition(org, name, by=request.user, reason=request.POST.get("reason", ""))
    except TransitionRefused as refused:
        for reason in refused.reasons:
            messages.error(request, reason)
    else:
        messages.success(request, _("操作成功。"))
    return redirect("portal:org_detail", pk=org.pk)


@login_required
@require_POST
def member_invite(request, pk):
    """Org admin only."""
    org = get_org_for_user(request, pk, perms.can_manage_members)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            actions.invite_member(
                org=org,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by=request.user,
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("邀请邮件已发送。"))
    else:
        flash_errors(request, form)
    return redirect("portal:org_detail", pk=org.pk)


@login_required
@require_POST
def member_remove(request, pk, membership_pk):
    """Org admin only."""
    org = get_org_for_user(request, pk, perms.can_manage_members)
    membership = get_object_or_404(Membership, pk=membership_pk, organization=org)
    try:
        actions.remove_member(membership=membership, by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("已移除成员。"))
    return redirect("portal:org_detail", pk=org.pk)


@login_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    """The invited person, signed in with the invited e-mail address."""
    invitation = get_object_or_404(Invitation.objects.select_related("organization"), token=token)
    if request.method == "POST":
        try:
            actions.accept_invitation(invitation=invitation, user=request.user)
        except ValidationError as error:
            flash_errors(request, error)
            return redirect("portal:home")
        messages.success(request, _("您已加入该组织。"))
        return redirect("portal:org_detail", pk=invitation.organization_id)
    return render(request, "orgs/portal/invitation_accept.html", {"invitation": invitation})


@login_required
@require_POST
def document_upload(request, pk):
    """Members and staff, while the organization is not closed."""
    org = get_org_for_user(request, pk, perms.can_upload_document)
    receive_upload(
        request,
        DocumentUploadForm(request.POST, request.FILES),
        partial(actions.upload_document, org=org, by=request.user),
        done=_("材料已上传。"),
    )
    return redirect("portal:org_detail", pk=org.pk)


def _document_for_user(request, pk, document_pk, check=perms.can_view_documents):
    org = get_org_for_user(request, pk, check)
    return get_object_or_404(OrganizationDocument, pk=document_pk, organization=org)


@login_required
def document_download(request, pk, document_pk):
    """Members and staff only; the file never has a public URL."""
    document = _document_for_user(request, pk, document_pk)
    return serve_stored(document)


@login_required
def document_thumbnail(request, pk, document_pk):
    """Members and staff only."""
    document = _document_for_user(request, pk, document_pk)
    return serve_private(
        document.thumbnail,
        filename=f"{document.title}-thumbnail.jpg",
        content_type="image/jpeg",
        inline=True,
    )


@login_required
@require_POST
def document_delete(request, pk, document_pk):
    """Org admin before verification; staff always."""
    document = _document_for_user(request, pk, document_pk, perms.can_delete_document)
    actions.delete_document(document=document, by=request.user)
    messages.success(request, _("材料已删除。"))
    return redirect("portal:org_detail", pk=pk)
