"""The expert's side of the review in the portal (/portal/review/).

Who: signed-in experts (评审专家), each only on their own assignments — loaded through
`get_assignment_for_user`, which raises PermissionDenied with the rule's reason for anybody else
(staff included: they use the admin). An application's content is shown only after the expert
declared no conflict, and always through `review.blind.expert_view`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.confirm import confirm_first
from core.messages import flash_errors
from core.pdf import pdf_response, render_pdf
from core.workflow import TransitionRefused, perform_transition
from orgs.roles import is_expert
from review import permissions as perms
from review.blind import expert_view
from review.draw import decline_seat
from review.models import AssignmentState, PanelMember, ReviewAssignment
from review.scoring import save_sheet

S = AssignmentState


def _require_expert(request):
    if not is_expert(request.user):
        raise PermissionDenied(_("只有评审专家可以访问此页面"))


def get_assignment_for_user(request, pk, check=perms.can_view_assignment) -> ReviewAssignment:
    assignment = get_object_or_404(
        ReviewAssignment.objects.select_related(
            "expert__user",
            "member__panel",
            "application__call__review_plan",
            "application__organization",
            "application__category",
        ),
        pk=pk,
    )
    allowed, reason = check(assignment, request.user)
    if not allowed:
        raise PermissionDenied(reason)
    return assignment


@login_required
@require_GET
def assignment_list(request):
    """The expert's dashboard: assignments per call with declared / scored / outstanding."""
    _require_expert(request)
    mine = ReviewAssignment.objects.filter(expert__user=request.user)
    calls = (
        mine.values("application__call", "application__call__title")
        .annotate(
            assigned=Count("pk", filter=~Q(state=S.WITHDRAWN)),
            declared=Count("pk", filter=Q(state__in=(S.SCORING, S.SUBMITTED, S.RECUSED))),
            scored=Count("pk", filter=Q(state=S.SUBMITTED)),
            outstanding=Count("pk", filter=Q(state__in=(S.PENDING, S.SCORING))),
        )
        .order_by("-application__call")
    )
    assignments = (
        mine.exclude(state=S.WITHDRAWN)
        .select_related(
            "application__call__review_plan",
            "application__organization",
            "application__category",
            "member",
        )
        .prefetch_related("application__team_members")
        .order_by("-application__call", "application__pk")
    )
    rows = [
        {
            "assignment": a,
            "project_name": _project_name(a),
            "category": a.application.category.name if a.application.category_id else "",
        }
        for a in assignments
    ]
    seats = PanelMember.objects.filter(expert__user=request.user, declined_at__isnull=True)
    seats = (
        seats.select_related("panel__call", "panel__category")
        .filter(assignments__state__in=(S.PENDING, S.SCORING))
        .distinct()
    )
    context = {"calls": calls, "rows": rows, "seats": seats}
    return render(request, "review/portal/assignment_list.html", context)


def _project_name(assignment) -> str:
    plan = assignment.application.call.review_plan
    return expert_view_name(assignment.application, blind=plan.blind)


def expert_view_name(application, *, blind) -> str:
    from review.blind import identity_terms, redact

    if not blind:
        return application.project_name
    return redact(application.project_name, identity_terms(application))


@login_required
@require_GET
def assignment_detail(request, pk):
    """The declaration, then the application (redacted in a blind review) and the score sheet."""
    assignment = get_assignment_for_user(request, pk)
    application = assignment.application
    plan = application.call.review_plan
    readable = perms.can_read_application(assignment, request.user)[0]
    context = {
        "assignment": assignment,
        "plan": plan,
        "project_name": expert_view_name(application, blind=plan.blind),
        "organization": None if plan.blind else application.organization.name,
        "category": application.category.name if application.category_id else "",
        "view": expert_view(application, blind=plan.blind) if readable else None,
        "sheet": _sheet_rows(assignment, plan) if readable else None,
        "editable": assignment.state == S.SCORING,
        "problems": assignment.sheet_problems() if assignment.state == S.SCORING else [],
    }
    return render(request, "review/portal/assignment_detail.html", context)


def _sheet_rows(assignment, plan, data=None):
    scores = {s.criterion_id: s for s in assignment.scores.all()}
    rows = []
    for criterion in plan.criteria.all():
        score = scores.get(criterion.pk)
        points = score.points if score else None
        comment = score.comment if score else ""
        if data is not None:
            points = data.get(f"points_{criterion.pk}", points)
            comment = data.get(f"comment_{criterion.pk}", comment)
        rows.append({"criterion": criterion, "points": points, "comment": comment})
    return rows


@login_required
@require_POST
def assignment_declare(request, pk):
    """The assigned expert declares no conflict, or a conflict (recusal, reason required)."""
    assignment = get_assignment_for_user(request, pk)
    choice = request.POST.get("declaration")
    name = {"none": "declare_no_conflict", "conflict": "declare_conflict"}.get(choice)
    if name is None:
        messages.error(request, _("请选择是否存在利益冲突"))
        return redirect("portal:review_assignment", pk=assignment.pk)
    cancel_url = reverse("portal:review_assignment", args=(assignment.pk,))
    if page := confirm_first(request, assignment, name, cancel_url=cancel_url):
        return page
    try:
        perform_transition(assignment, name, by=request.user, reason=request.POST.get("reason", ""))
    except TransitionRefused as refused:
        flash_errors(request, ValidationError(refused.reasons))
        return redirect("portal:review_assignment", pk=assignment.pk)
    if name == "declare_conflict":
        messages.success(request, _("已声明回避，您将不再评审该申报书。"))
        return redirect("portal:review_assignments")
    messages.success(request, _("已声明无利益冲突，现在可以查看申报内容并评分。"))
    return redirect("portal:review_assignment", pk=assignment.pk)


@login_required
@require_POST
def sheet_save(request, pk):
    """Save the score sheet (the assigned expert, while scoring); "submit" also submits it."""
    assignment = get_assignment_for_user(request, pk, check=perms.can_edit_sheet)
    plan = assignment.application.call.review_plan
    points = {c.pk: request.POST.get(f"points_{c.pk}", "") for c in plan.criteria.all()}
    comments = {c.pk: request.POST.get(f"comment_{c.pk}", "") for c in plan.criteria.all()}
    try:
        assignment = save_sheet(
            assignment,
            by=request.user,
            points=points,
            comments=comments,
            opinion=request.POST.get("opinion", ""),
        )
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("portal:review_assignment", pk=assignment.pk)
    if "submit" in request.POST:
        try:
            perform_transition(assignment, "submit", by=request.user)
        except TransitionRefused:
            flash_errors(request, ValidationError(assignment.sheet_problems()))
            return redirect("portal:review_assignment", pk=assignment.pk)
        messages.success(request, _("评分已提交。提交后不能修改，如需更正请联系工作人员。"))
        return redirect("portal:review_assignments")
    messages.success(request, _("评分表已保存，可稍后继续填写。"))
    return redirect("portal:review_assignment", pk=assignment.pk)


@login_required
@require_POST
def seat_decline(request, pk):
    """The expert declines the whole panel; a substitute is drawn the same way."""
    _require_expert(request)
    member = get_object_or_404(
        PanelMember.objects.select_related("panel__call"), pk=pk, expert__user=request.user
    )
    try:
        decline_seat(member, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("portal:review_assignments")
    messages.success(request, _("已谢绝本次评审，系统将按同样规则抽取替补专家。"))
    return redirect("portal:review_assignments")


@login_required
@require_GET
def assignment_pdf(request, pk):
    """The application as the expert may read it, for printing (redacted when blind)."""
    assignment = get_assignment_for_user(request, pk, check=perms.can_read_application)
    application = assignment.application
    plan = application.call.review_plan
    view = expert_view(application, blind=plan.blind)
    pdf = render_pdf(
        "review/pdf/expert_application.html",
        {"view": view, "call": application.call, "assignment": assignment, "plan": plan},
    )
    return pdf_response(pdf, f"评审材料-{assignment.pk}.pdf")
