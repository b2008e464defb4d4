"""The evaluator side of evaluations in the portal (/portal/evaluations/).

Objects are loaded through `get_evaluation_for_user`, which checks permission, so a guessed id
shows nothing. Who may see each view is stated in its docstring; the logic lives in
`reports.actions` and `reports.scoring`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Avg, Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.confirm import confirm_first
from core.files import serve_private
from core.messages import flash_errors
from core.pdf import pdf_response, render_pdf
from core.workflow import TransitionRefused, available_transitions, perform_transition
from reports import actions
from reports import permissions as perms
from reports.forms import (
    ActivityForm,
    AssignForm,
    EvidenceForm,
    NarrativeForm,
    OfflineSurveyForm,
    ScoresForm,
    SurveyCodesForm,
    SurveySmsForm,
)
from reports.models import CodeChannel, Evaluation, Evidence
from reports.scoring import (
    missing_scores,
    refresh_computed,
    result_of,
    satisfaction_rate,
    save_scores,
)
from reports.surveys import SurveyRefused, generate_codes, send_codes_by_sms, sheet_context

TRANSITIONS = ("start", "submit")


def get_evaluation_for_user(request, pk, check=perms.can_view_evaluation) -> Evaluation:
    evaluation = get_object_or_404(
        Evaluation.objects.select_related(
            "project__organization", "project__call", "scheme", "agency"
        ),
        pk=pk,
    )
    allowed, reason = check(evaluation, request.user)
    if not allowed:
        raise PermissionDenied(reason)
    return evaluation


@login_required
def evaluation_list(request):
    """Evaluators: their assignments; agency admins: all evaluations of their agency."""
    evaluations = (
        Evaluation.objects.for_evaluator(request.user)
        .select_related("project__organization", "agency")
        .order_by("due_on")
    )
    return render(request, "reports/portal/evaluation_list.html", {"evaluations": evaluations})


@login_required
def evaluation_detail(request, pk):
    """Assigned evaluators, the agency's admins and programme staff."""
    evaluation = get_evaluation_for_user(request, pk)
    can_edit = perms.can_edit_evaluation(evaluation, request.user)[0]
    can_assign = perms.can_assign_evaluators(evaluation, request.user)[0]
    survey = getattr(evaluation, "survey", None)
    context = {
        "evaluation": evaluation,
        "result": result_of(evaluation),
        "can_edit": can_edit,
        "assign_form": AssignForm(evaluation=evaluation) if can_assign else None,
        "transitions": [
            t for t in available_transitions(evaluation, request.user) if t.name in TRANSITIONS
        ],
        "missing": missing_scores(evaluation),
        "evidence": evaluation.evidence.select_related("indicator"),
        "activities": evaluation.activities.all(),
        "evidence_form": EvidenceForm(evaluation=evaluation) if can_edit else None,
        # Both forms have a 日期 field: distinct ids keep each label on its own input.
        "activity_form": ActivityForm(auto_id="activity_%s") if can_edit else None,
        "offline_form": OfflineSurveyForm(auto_id="offline_%s") if can_edit else None,
        "offline_surveys": evaluation.offline_surveys.all(),
        "satisfaction": satisfaction_rate(evaluation),
        "survey": survey,
        "survey_stats": survey.responses.aggregate(
            n=Count("pk", filter=Q(code__isnull=False)),
            mean=Avg("score", filter=Q(code__isnull=False)),
            unverified=Count("pk", filter=Q(code__isnull=True)),
        )
        if survey
        else None,
        "can_manage_codes": perms.can_manage_survey_codes(evaluation, request.user)[0],
    }
    return render(request, "reports/portal/evaluation_detail.html", context)


@login_required
@require_POST
def evaluation_assign(request, pk):
    """The agency's account admins."""
    evaluation = get_evaluation_for_user(request, pk, perms.can_assign_evaluators)
    form = AssignForm(request.POST, evaluation=evaluation)
    if not form.is_valid():
        flash_errors(request, form)
    else:
        try:
            actions.assign_evaluators(
                evaluation, list(form.cleaned_data["evaluators"]), by=request.user
            )
        except ValidationError as refused:
            flash_errors(request, refused)
        else:
            messages.success(request, _("已分派评估人员。"))
    return redirect("portal:evaluation_detail", pk=evaluation.pk)


@login_required
def evaluation_scores(request, pk):
    """Viewing: whoever may view the evaluation; saving: the evaluators while editable."""
    evaluation = get_evaluation_for_user(request, pk)
    can_edit = perms.can_edit_evaluation(evaluation, request.user)[0]
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(perms.can_edit_evaluation(evaluation, request.user)[1])
        form = ScoresForm(request.POST, evaluation=evaluation)
        if form.is_valid():
            save_scores(evaluation, form.score_rows(), by=request.user)
            messages.success(request, _("评分已保存。"))
            return redirect("portal:evaluation_scores", pk=evaluation.pk)
    else:
        if can_edit:
            refresh_computed(evaluation)
        form = ScoresForm(evaluation=evaluation)
    return render(
        request,
        "reports/portal/evaluation_scores.html",
        {
            "evaluation": evaluation,
            "form": form,
            "can_edit": can_edit,
            "result": result_of(evaluation),
        },
    )


@login_required
def evaluation_narrative(request, pk):
    """Viewing: whoever may view the evaluation; saving: the evaluators while editable."""
    evaluation = get_evaluation_for_user(request, pk)
    can_edit = perms.can_edit_evaluation(evaluation, request.user)[0]
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(perms.can_edit_evaluation(evaluation, request.user)[1])
        form = NarrativeForm(request.POST, instance=Evaluation.objects.get(pk=evaluation.pk))
        if form.is_valid():
            actions.save_narrative(evaluation, form.cleaned_data, by=request.user)
            messages.success(request, _("报告正文已保存。"))
            return redirect("portal:evaluation_detail", pk=evaluation.pk)
    else:
        form = NarrativeForm(instance=evaluation)
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request,
        "reports/portal/evaluation_narrative.html",
        {"evaluation": evaluation, "form": form, "can_edit": can_edit},
    )


@login_required
@require_POST
def evidence_upload(request, pk):
    """The evaluators while editable."""
    evaluation = get_evaluation_for_user(request, pk, perms.can_edit_evaluation)
    form = EvidenceForm(request.POST, request.FILES, evaluation=evaluation)
    if not form.is_valid():
        flash_errors(request, form)
    else:
        try:
            actions.add_evidence(
                evaluation,
                form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                indicator=form.cleaned_data["indicator"],
                by=request.user,
            )
        except ValidationError as refused:
            flash_errors(request, refused)
        else:
            messages.success(request, _("佐证材料已上传。"))
    return redirect("portal:evaluation_detail", pk=evaluation.pk)


@login_required
def evidence_download(request, pk, evidence_pk):
    """Whoever may view the evaluation."""
    evaluation = get_evaluation_for_user(request, pk)
    evidence = get_object_or_404(Evidence, pk=evidence_pk, evaluation=evaluation)
    return serve_private(
        evidence.file,
        filename=evidence.original_name,
        content_type=evidence.content_type,
        inline=evidence.content_type.startswith("image/"),
    )


@login_required
@require_POST
def activity_add(request, pk):
    """The evaluators while editable."""
    evaluation = get_evaluation_for_user(request, pk, perms.can_edit_evaluation)
    form = ActivityForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
    else:
        actions.record_activity(evaluation, by=request.user, **form.cleaned_data)
        messages.success(request, _("实地评估记录已保存。"))
    return redirect("portal:evaluation_detail", pk=evaluation.pk)


@login_required
@require_POST
def offline_survey_add(request, pk):
    """The evaluators while editable: survey answers collected on paper, by phone or at home."""
    evaluation = get_evaluation_for_user(request, pk, perms.can_edit_evaluation)
    form = OfflineSurveyForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
    else:
        actions.record_offline_survey(evaluation, by=request.user, **form.cleaned_data)
        messages.success(request, _("线下满意度调查结果已录入。"))
    return redirect("portal:evaluation_detail", pk=evaluation.pk)


@login_required
@require_POST
def evaluation_transition(request, pk, name):
    """Start and submit: the transition's own rule decides (assigned evaluators, agency admins)."""
    evaluation = get_evaluation_for_user(request, pk)
    if name not in TRANSITIONS:
        raise PermissionDenied(_("不支持的操作"))
    cancel_url = reverse("portal:evaluation_detail", args=(evaluation.pk,))
    if page := confirm_first(request, evaluation, name, cancel_url=cancel_url):
        return page
    try:
        if name == "submit":
            refresh_computed(evaluation)
        perform_transition(evaluation, name, by=request.user, reason=request.POST.get("reason", ""))
    except TransitionRefused as refused:
        flash_errors(request, refused)
    else:
        messages.success(request, _("操作成功。"))
    return redirect("portal:evaluation_detail", pk=evaluation.pk)


def _survey_url(request, survey) -> str:
    return request.build_absolute_uri(reverse("evaluations_public:survey", args=(survey.token,)))


@login_required
def survey_link(request, pk):
    """Evaluators, the agency's admins and programme staff (never the evaluated organization):
    the survey codes — how many were handed out and used, forms to print or text new ones."""
    evaluation = get_evaluation_for_user(request, pk, perms.can_manage_survey_codes)
    survey = evaluation.survey
    codes = survey.codes.aggregate(
        total=Count("pk"),
        used=Count("pk", filter=Q(used_at__isnull=False)),
        printed=Count("pk", filter=Q(used_at__isnull=True, channel=CodeChannel.PRINTED)),
    )
    return render(
        request,
        "reports/portal/survey_link.html",
        {
            "evaluation": evaluation,
            "survey": survey,
            "url": _survey_url(request, survey),
            "codes": codes,
            "count": survey.responses.filter(code__isnull=False).count(),
            "codes_form": SurveyCodesForm(auto_id="codes_%s"),
            "sms_form": SurveySmsForm(auto_id="sms_%s"),
        },
    )


@login_required
@require_POST
def survey_codes_generate(request, pk):
    """As `survey_link`: new codes to print; then the sheet."""
    evaluation = get_evaluation_for_user(request, pk, perms.can_manage_survey_codes)
    form = SurveyCodesForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("portal:evaluation_survey_link", pk=evaluation.pk)
    try:
        generate_codes(evaluation.survey, count=form.cleaned_data["count"], by=request.user)
    except SurveyRefused as refused:
        messages.error(request, str(refused))
        return redirect("portal:evaluation_survey_link", pk=evaluation.pk)
    messages.success(request, _("调查码已生成，请打印调查卡。"))
    return redirect("portal:evaluation_survey_sheet", pk=evaluation.pk)


@login_required
@require_POST
def survey_codes_sms(request, pk):
    """As `survey_link`: one new code texted to each number (numbers are not kept)."""
    evaluation = get_evaluation_for_user(request, pk, perms.can_manage_survey_codes)
    form = SurveySmsForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("portal:evaluation_survey_link", pk=evaluation.pk)
    try:
        sent = send_codes_by_sms(
            evaluation.survey,
            phones=form.cleaned_data["phones"],
            survey_url=_survey_url(request, evaluation.survey),
            by=request.user,
        )
    except SurveyRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("已向 %(n)s 个手机号码发送调查码。") % {"n": sent})
    return redirect("portal:evaluation_survey_link", pk=evaluation.pk)


@login_required
def survey_sheet(request, pk):
    """As `survey_link`: the unused printed codes, one slip each with its QR code (HTML to print,
    or `?format=pdf`)."""
    evaluation = get_evaluation_for_user(request, pk, perms.can_manage_survey_codes)
    context = sheet_context(evaluation, _survey_url(request, evaluation.survey))
    if request.GET.get("format") == "pdf":
        pdf = render_pdf("reports/pdf/survey_sheet.html", context)
        return pdf_response(pdf, _("满意度调查卡-%(pk)s.pdf") % {"pk": evaluation.pk})
    response = render(request, "reports/portal/survey_sheet.html", context)
    response["Cache-Control"] = "private, no-store"
    return response
