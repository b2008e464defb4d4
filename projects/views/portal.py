"""The funded organization's side in the portal (/portal/projects/…).

Who may see what: members of the funded organization (and programme staff) see a project, its
agreement, payments, reports and photos; members write reports and upload the signed agreement;
only the organization's account admin submits a report or asks for a change. Every object is
loaded through `get_project_for_user`, so a guessed id shows nothing but the refusal's reason.
"""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.audit import history
from core.confirm import confirm_first
from core.files import serve_private
from core.messages import flash_errors
from core.pdf import pdf_response
from core.workflow import TransitionRefused, available_transitions, perform_transition
from projects import indicators
from projects import permissions as perms
from projects.agreement import agreement_blockers, render_agreement_pdf, upload_signed_scan
from projects.budget_adjustment import adjustment_of, save_adjustment_lines
from projects.changes import request_change
from projects.entry import save_report
from projects.forms import (
    ActivityFormSet,
    AdjustmentFormSet,
    BudgetShiftFormSet,
    ChangeRequestForm,
    PhotoForm,
    ReportForm,
    SignedScanForm,
)
from projects.models import (
    ChangeRequest,
    FundedProject,
    ProgressReport,
    ReportPhoto,
    ReportState,
    Tranche,
    TrancheState,
)
from projects.photos import add_photo

ZERO = Decimal("0.00")


def get_project_for_user(request, pk, check=perms.can_view_project) -> FundedProject:
    project = get_object_or_404(
        FundedProject.objects.select_related("call", "organization", "call__department"), pk=pk
    )
    allowed, reason = check(project, request.user)
    if not allowed:
        raise PermissionDenied(reason)
    return project


def get_report_for_user(request, pk, report_pk) -> ProgressReport:
    project = get_project_for_user(request, pk)
    return get_object_or_404(project.reports.select_related("project"), pk=report_pk)


@login_required
def project_list(request):
    """The user's organizations' projects, with the next reports due and the money received."""
    projects = list(
        FundedProject.objects.of_member(request.user)
        .select_related("call", "organization")
        .distinct()
        .order_by("-created_at")
    )
    open_states = (ReportState.DUE, ReportState.RETURNED, ReportState.OVERDUE)
    due = (
        ProgressReport.objects.filter(project__in=projects, state__in=open_states)
        .select_related("project")
        .order_by("due_on")[:20]
    )
    paid = dict(
        Tranche.objects.filter(project__in=projects, state=TrancheState.PAID)
        .values_list("project")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    rows = [{"project": p, "received": paid.get(p.pk, ZERO)} for p in projects]
    return render(
        request,
        "projects/portal/project_list.html",
        {"rows": rows, "due_reports": due, "today": timezone.localdate()},
    )


@login_required
def project_detail(request, pk):
    project = get_project_for_user(request, pk)
    context = {
        "project": project,
        "tranches": project.tranches.order_by("position"),
        "reports": project.reports.order_by("due_on"),
        "changes": project.change_requests.prefetch_related("shifts__from_line", "shifts__to_line"),
        "lines": indicators.line_indicators(project),
        "arrival": indicators.as_percent(indicators.funds_arrival_rate(project)),
        "execution": indicators.as_percent(indicators.budget_execution_rate(project)),
        "received": indicators.funds_received(project),
        "scan_form": SignedScanForm(),
        "can_upload_scan": perms.can_upload_signed_agreement(project, request.user)[0],
        "can_request_change": perms.can_request_change(project, request.user)[0],
        "history": history(project)[:30],
        "paid_state": TrancheState.PAID,
        "adjustment": adjustment_of(project),
        "agreement_blockers": agreement_blockers(project),
    }
    return render(request, "projects/portal/project_detail.html", context)


@login_required
def agreement_pdf(request, pk):
    project = get_project_for_user(request, pk)
    try:
        pdf = render_agreement_pdf(project)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("portal:project_detail", project.pk)
    return pdf_response(pdf, f"{project.agreement_title}-{project.name}.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def budget_adjustment(request, pk):
    """The adjusted budget after a reduced award: members of the organization (and staff) see it;
    members edit it while open, the account admin submits it (the transition's rule)."""
    project = get_project_for_user(request, pk)
    adjustment = adjustment_of(project)
    if adjustment is None:
        raise Http404
    can_edit = perms.can_edit_budget_adjustment(adjustment, request.user)
    lines = adjustment.lines.all()
    initial = [{"category": x.category, "item": x.item, "amount": x.amount} for x in lines]
    formset = AdjustmentFormSet(
        request.POST or None, prefix="line", initial=None if request.POST else initial
    )
    if request.method == "POST":
        if not can_edit[0]:
            raise PermissionDenied(can_edit[1])
        if formset.is_valid():
            rows = [
                f.cleaned_data
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            try:
                save_adjustment_lines(adjustment, rows, by=request.user)
            except ValidationError as error:
                flash_errors(request, error)
            else:
                here = redirect("portal:project_budget_adjustment", project.pk)
                if "submit" not in request.POST:
                    messages.success(request, _("调整后预算已保存。"))
                    return here
                try:
                    perform_transition(adjustment, "submit", by=request.user)
                except (TransitionRefused, PermissionDenied) as refused:
                    flash_errors(request, refused)
                    messages.info(request, _("调整后预算已保存，尚未提交。"))
                    return here
                messages.success(request, _("调整后预算已提交，等待工作人员确认。"))
                return redirect("portal:project_detail", project.pk)
        else:
            flash_errors(request, _("请检查调整后预算"))
    context = {
        "project": project,
        "adjustment": adjustment,
        "formset": formset,
        "can_edit": can_edit[0],
        "can_submit": perms.can_submit_budget_adjustment(adjustment, request.user),
    }
    return render(request, "projects/portal/budget_adjustment.html", context)


@login_required
@require_POST
def agreement_upload(request, pk):
    project = get_project_for_user(request, pk, perms.can_upload_signed_agreement)
    form = SignedScanForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            upload_signed_scan(project, form.cleaned_data["file"], by=request.user)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("签署件已上传，等待工作人员确认。"))
    else:
        flash_errors(request, form)
    return redirect("portal:project_detail", project.pk)


@login_required
def agreement_scan(request, pk):
    project = get_project_for_user(request, pk)
    return serve_private(
        project.signed_scan,
        filename=project.signed_scan_name or "signed.pdf",
        content_type="application/pdf"
        if project.signed_scan.name.endswith(".pdf")
        else "image/jpeg",
    )


def _initial_activities(report):
    return [
        {
            "held_on": a.held_on,
            "place": a.place,
            "participants": a.participants,
            "description": a.description,
        }
        for a in report.activities.all()
    ]


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request, pk, report_pk):
    """View a report; members edit it while it is open (待提交, 退回修改, 逾期)."""
    report = get_report_for_user(request, pk, report_pk)
    project = report.project
    lines = list(project.budget_lines.all())
    can_edit = perms.can_edit_report(report, request.user)[0]
    spent = {s.line_id: s.amount for s in report.spending.all()}
    initial = {
        "summary": report.summary,
        "beneficiaries_reached": report.beneficiaries_reached,
        "problems": report.problems,
        **{f"line_{pk_}": amount for pk_, amount in spent.items()},
    }
    form = ReportForm(request.POST or None, lines=lines, initial=initial)
    activities = ActivityFormSet(
        request.POST or None, prefix="act", initial=_initial_activities(report)
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(perms.can_edit_report(report, request.user)[1])
        if form.is_valid() and activities.is_valid():
            rows = [
                f.cleaned_data
                for f in activities.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            try:
                save_report(
                    report,
                    by=request.user,
                    summary=form.cleaned_data["summary"],
                    beneficiaries_reached=form.cleaned_data["beneficiaries_reached"],
                    problems=form.cleaned_data["problems"],
                    activities=rows,
                    spending=form.spending(),
                )
            except ValidationError as error:
                flash_errors(request, error)
            else:
                messages.success(request, _("报告已保存。"))
                return redirect("portal:project_report", project.pk, report.pk)
    context = {
        "project": project,
        "report": report,
        "form": form,
        "activities": activities,
        "can_edit": can_edit,
        "photo_form": PhotoForm(),
        "photos": report.photos.all(),
        "transitions": available_transitions(report, request.user),
        "spending": report.spending.select_related("line"),
    }
    return render(request, "projects/portal/report_detail.html", context)


@login_required
@require_POST
def report_submit(request, pk, report_pk):
    report = get_report_for_user(request, pk, report_pk)
    cancel_url = reverse("portal:project_report", args=(report.project_id, report.pk))
    if page := confirm_first(request, report, "submit", cancel_url=cancel_url):
        return page
    try:
        perform_transition(report, "submit", by=request.user)
    except TransitionRefused as refused:
        flash_errors(request, refused)
    else:
        messages.success(request, _("报告已提交，等待工作人员审核。"))
    return redirect("portal:project_report", report.project_id, report.pk)


@login_required
@require_POST
def photo_upload(request, pk, report_pk):
    report = get_report_for_user(request, pk, report_pk)
    allowed, why = perms.can_edit_report(report, request.user)
    if not allowed:
        raise PermissionDenied(why)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            add_photo(
                report,
                form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
                by=request.user,
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("照片已上传。"))
    else:
        flash_errors(request, form)
    return redirect("portal:project_report", report.project_id, report.pk)


@login_required
def photo(request, pk, photo_pk):
    """A photo of one of the project's reports: the organization and staff (private files)."""
    project = get_project_for_user(request, pk)
    item = get_object_or_404(ReportPhoto, pk=photo_pk, report__project=project)
    return serve_private(
        item.image, filename=f"photo-{item.pk}.jpg", content_type=item.content_type, inline=True
    )


@login_required
@require_http_methods(["GET", "POST"])
def change_new(request, pk):
    project = get_project_for_user(request, pk, perms.can_request_change)
    lines = project.budget_lines.all()
    form = ChangeRequestForm(request.POST or None)
    shifts = BudgetShiftFormSet(request.POST or None, prefix="shift", form_kwargs={"lines": lines})
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        rows = []
        if kind == "budget":
            if shifts.is_valid():
                rows = [f.cleaned_data for f in shifts.forms if f.cleaned_data]
            else:
                flash_errors(request, _("请检查预算调整"))
                return render(
                    request,
                    "projects/portal/change_form.html",
                    {"project": project, "form": form, "shifts": shifts},
                )
        try:
            request_change(
                project,
                by=request.user,
                kind=kind,
                explanation=form.cleaned_data["explanation"],
                new_ends_on=form.cleaned_data["new_ends_on"],
                new_activities=form.cleaned_data["new_activities"],
                shifts=rows,
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("变更申请已提交，等待工作人员审核。"))
            return redirect("portal:project_detail", project.pk)
    return render(
        request,
        "projects/portal/change_form.html",
        {"project": project, "form": form, "shifts": shifts},
    )


@login_required
@require_POST
def change_withdraw(request, pk, change_pk):
    project = get_project_for_user(request, pk)
    change = get_object_or_404(ChangeRequest, pk=change_pk, project=project)
    cancel_url = reverse("portal:project_detail", args=(project.pk,))
    if page := confirm_first(request, change, "withdraw", cancel_url=cancel_url):
        return page
    try:
        perform_transition(
            change, "withdraw", by=request.user, reason=request.POST.get("reason", "")
        )
    except TransitionRefused as refused:
        flash_errors(request, refused)
    else:
        messages.success(request, _("变更申请已撤回。"))
    return redirect("portal:project_detail", project.pk)
