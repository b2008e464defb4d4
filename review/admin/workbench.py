"""评审工作台: one page per call for programme staff, and the actions it posts to.

Who: programme staff only (`review.permissions.can_manage_review`), checked in `dispatch` of every
view and again by the transition rules inside `core.workflow.perform_transition`. The page shows
the plan and rubric, the panels and their progress, the ranking with the recommendation (one page
of rows, `review.admin.ranking_table`; each row links to its score sheets, `review.admin.sheets`,
where a sheet is sent back), the 公示 and its objections; every button posts to `call_action`,
which calls one domain function.

Departments (issue 21): every page loads its call through `Call.objects.for_user` (another
department's call answers 404); a department above the purchaser reads the page without its
buttons, and its POSTs to `call_action` or the plan answer 403 with the reason.
"""

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core import approvals
from core.admin import denied_response, scoped_check
from core.audit import log_event
from core.choices import row_id
from core.files import serve_private
from core.notifications import Message, notify
from core.pdf import pdf_response
from core.scoping import department_decision
from core.workflow import TransitionRefused, perform_transition
from grants.models import Call, CallState
from review import approvals as review_approvals
from review import archive, decisions, exports, plan_freeze, publication
from review import award as awarding
from review.admin.ranking_table import ranking_page
from review.dashboard import call_progress, outstanding_by_expert
from review.draw import draw_panel, plan_for
from review.forms import (
    CorrectionForm,
    CriterionFormSet,
    DrawForm,
    LineForm,
    PlanForm,
    PublishForm,
    RereviewForm,
    SettleForm,
)
from review.models import Objection, Publicity, RecommendationLine, ReviewAssignment
from review.permissions import can_manage_review
from review.publication import beijing_today

REVIEW_STATES = (CallState.CLOSED, CallState.REVIEWING, CallState.PUBLICITY, CallState.DECIDED)


def check_staff(user):
    allowed, reason = can_manage_review(None, user)
    if not allowed:
        raise PermissionDenied(reason)


def staff_call(request, pk):
    """The call `pk` as the user may see it (404 otherwise)."""
    call = get_object_or_404(
        Call.objects.for_user(request.user).select_related("department"), pk=pk
    )
    return scoped_check(call, request.user)


def refusal(request, call):
    """The 403 page with the reason when the user's department only reads `call`, else None."""
    allowed, why = department_decision(call, request.user)
    if allowed:
        return None
    return denied_response(request, why, reverse("review_call", args=[call.pk]))


class StaffMixin(WagtailAdminTemplateMixin):
    header_icon = "table"
    # Pages that change the call's review refuse a department that only reads it.
    acting = False

    def dispatch(self, request, *args, **kwargs):
        check_staff(request.user)
        if self.acting and (refused := refusal(request, self.call)):
            return refused
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        items = [
            *self.breadcrumbs_items,
            {"url": reverse("review_calls"), "label": _("评审工作台")},
        ]
        if "pk" in self.kwargs:
            items.append(
                {"url": reverse("review_call", args=[self.kwargs["pk"]]), "label": str(self.call)}
            )
        return [*items, {"url": "", "label": self.get_page_title()}]

    @property
    def call(self):
        if not hasattr(self, "_call"):
            self._call = staff_call(self.request, self.kwargs["pk"])
        return self._call

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "pk" in self.kwargs:
            context["acts"] = department_decision(self.call, self.request.user)[0]
        return context


class CallListView(StaffMixin, TemplateView):
    template_name = "review/admin/call_list.html"
    page_title = gettext_lazy("评审工作台")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["calls"] = (
            Call.objects.for_user(self.request.user)
            .filter(state__in=REVIEW_STATES)
            .select_related("department")
            .order_by("-closes_at")
        )
        return context


class CallReviewView(StaffMixin, TemplateView):
    template_name = "review/admin/call_review.html"

    def get_page_title(self):
        return _("评审：%(title)s") % {"title": self.call.title}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("review_calls"), "label": _("评审工作台")},
            {"url": "", "label": str(self.call)},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        call = self.call
        plan = plan_for(call)
        publicity = getattr(call, "publicity", None)
        context.update(
            call=call,
            plan=plan,
            criteria=list(plan.criteria.all()),
            total_points=plan.total_points(),
            panels=call.review_panels.select_related("category").prefetch_related(
                "members__expert__user"
            ),
            progress=call_progress(call),
            **ranking_page(call, self.request.GET),
            selected_total=decisions.selected_total(call),
            publicity=publicity,
            objections=_with_settle_forms(publicity),
            draw_form=DrawForm(call=call, initial={"size": plan.panel_size}),
            publish_form=PublishForm(initial={"start": beijing_today()}),
            award_problems=awarding.award_problems(publicity, beijing_today())
            if publicity and call.state == CallState.PUBLICITY
            else [],
            line_form=LineForm(),
            rereview_form=RereviewForm(
                initial=RereviewForm.initial_for(plan, call), auto_id="id_rereview_%s"
            ),
            correction_form=CorrectionForm(
                initial={"contact": publicity.contact if publicity else ""},
                auto_id="id_correction_%s",
            ),
        )
        return context


class PlanEditView(StaffMixin, TemplateView):
    """The review plan and the rubric; the rubric cannot change once the review started."""

    template_name = "review/admin/plan_edit.html"
    acting = True

    def get_page_title(self):
        return _("评审方案与评分标准")

    def forms(self, data=None):
        plan = plan_for(self.call)
        return plan, PlanForm(data, instance=plan), CriterionFormSet(data, instance=plan)

    def get(self, request, *args, **kwargs):
        plan, form, formset = self.forms()
        return self.render_to_response(self.get_context_data(plan=plan, form=form, formset=formset))

    def post(self, request, *args, **kwargs):
        plan, form, formset = self.forms(request.POST)
        rubric_changed = formset.is_valid() and formset.has_changed()
        if plan.rubric_frozen and rubric_changed:
            messages.error(request, _("评审已开始，评分标准已锁定，不能修改"))
            return self.render_to_response(
                self.get_context_data(plan=plan, form=form, formset=formset)
            )
        if not (form.is_valid() and formset.is_valid()):
            return self.render_to_response(
                self.get_context_data(plan=plan, form=form, formset=formset)
            )
        with transaction.atomic():
            form.save()
            if not plan.rubric_frozen:
                formset.save()
            log_event(
                self.call,
                user=request.user,
                summary=_("修改评审方案"),
                fields=sorted(form.changed_data),
                rubric_changed=rubric_changed,
            )
        messages.success(request, _("评审方案已保存"))
        return redirect("review_call", pk=self.call.pk)


def _with_settle_forms(publicity) -> list:
    """Objections, each with its own settling form: one page holds several forms with a 'reason'
    field, and each needs ids of its own for its labels."""
    if publicity is None:
        return []
    objections = list(publicity.objections.select_related("application"))
    for objection in objections:
        objection.settle_form = SettleForm(auto_id=f"id_settle_{objection.pk}_%s")
    return objections


ACTIONS = {}


def action(name):
    def register(func):
        ACTIONS[name] = func
        return func

    return register


@action("start_review")
def _start(request, call):
    decisions.start_review(call, by=request.user)
    return _("评审已开始，评审方案（含评分标准、计分规则、最低分、资金与配额）已锁定")


@action("rereview")
def _rereview(request, call):
    form = RereviewForm(request.POST)
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    data = dict(form.cleaned_data)
    reason = data.pop("reason")
    approval, done = plan_freeze.rereview(call, by=request.user, reason=reason, changes=data)
    return _submitted(approval, done)


@action("correct")
def _correct(request, call):
    publicity = get_object_or_404(Publicity, call=call)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    version = archive.correct(
        publicity,
        by=request.user,
        reason=form.cleaned_data["reason"],
        contact=form.cleaned_data["contact"],
    )
    return _("已发布更正（第%(n)d版）") % {"n": version.number}


@action("draw")
def _draw(request, call):
    form = DrawForm(request.POST, call=call)
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    data = form.cleaned_data
    panel = draw_panel(
        call=call,
        by=request.user,
        category=data["category"],
        size=data["size"],
        match_expertise=data["match_expertise"],
    )
    return _("已抽取评审组（随机种子%(seed)s），抽取记录已存档") % {"seed": panel.seed}


@action("finish_review")
def _finish(request, call):
    left = decisions.finish_review(call, by=request.user)
    if left:
        raise ValidationError(
            [f"{application}: {'；'.join(problems)}" for application, problems in left.items()]
        )
    return _("评审已完成")


@action("propose")
def _propose(request, call):
    decisions.propose(call, by=request.user)
    return _("已按排名生成拟资助建议名单")


@action("line")
def _line(request, call):
    line = get_object_or_404(RecommendationLine, pk=row_id(request.POST.get("line")), call=call)
    form = LineForm(request.POST)
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    data = form.cleaned_data
    decisions.change_line(
        line,
        by=request.user,
        selected=data["selected"],
        amount=data["amount"],
        reason=data["reason"],
    )
    return _("已调整拟资助名单")


def _submitted(approval, done) -> str:
    """The message of a two-person action (`core.approvals.submit`): proposed, or done at once
    when its second person is switched off."""
    if approval is None:
        return done
    return _("“%(action)s”已提交审核，审核人批准后执行") % {"action": approval.action_label}


@action("decide")
def _decide(request, call):
    return _submitted(
        *approvals.submit(
            review_approvals.DECIDE,
            call,
            by=request.user,
            data={
                "lines": review_approvals.decision_list(call),
                "total": str(decisions.selected_total(call)),
            },
        )
    )


@action("publish")
def _publish(request, call):
    form = PublishForm(request.POST)
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    start = form.cleaned_data["start"]
    data = {
        "start": start.isoformat() if start else "",
        "contact": form.cleaned_data["contact"],
        "applications": review_approvals.publicity_list(call),
    }
    refusal = publication.fallback_refusal(call, start or beijing_today())
    if refusal and not form.cleaned_data["confirm_fallback"]:
        raise ValidationError(refusal)
    if refusal:  # the 经办 confirms the fallback dates; recorded on the 公示 when published
        data["fallback_confirmed_by"] = request.user.pk
        data["fallback_confirmed_at"] = timezone.now().isoformat()
    return _submitted(*approvals.submit(review_approvals.PUBLISH, call, by=request.user, data=data))


@action("settle")
def _settle(request, call):
    objection = get_object_or_404(
        Objection, pk=row_id(request.POST.get("objection")), publicity__call=call
    )
    form = SettleForm(request.POST)
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    data = form.cleaned_data
    if data["decision"] == "uphold":
        publication.uphold(
            objection,
            by=request.user,
            reason=data["reason"],
            promote=data["promote"],
            confirm_fallback=data["confirm_fallback"],
        )
        return _("异议成立，已取消该项目并公布")
    publication.reject(objection, by=request.user, reason=data["reason"], summary=data["summary"])
    return _("异议不成立，处理结果已公布")


@action("reopen")
def _reopen(request, call):
    assignment = get_object_or_404(
        ReviewAssignment, pk=row_id(request.POST.get("assignment")), application__call=call
    )
    perform_transition(assignment, "reopen", by=request.user, reason=request.POST.get("reason", ""))
    return _("评分表已退回专家重新评分")


@action("remind")
def _remind(request, call):
    rows = outstanding_by_expert(call)
    for row in rows:
        notify(
            Message.REVIEW_REMINDER,
            recipients=[row["expert__user__email"]],
            context={
                "expert_name": row["expert__user__real_name"],
                "call_title": call.title,
                "outstanding": row["outstanding"],
                "path": "/portal/review/",
            },
        )
    log_event(
        call, user=request.user, summary=_("发送评审提醒"), experts=[r["expert"] for r in rows]
    )
    return _("已向%(n)d位专家发送提醒") % {"n": len(rows)}


@action("award")
def _award(request, call):
    return _submitted(*approvals.submit(review_approvals.AWARD, call, by=request.user))


# One-way actions of the workbench (docs/decisions.md): the button's POST answers with a page
# saying what will happen; only its "确认" (a POST carrying confirmed=1) acts.
CONFIRM = {
    "decide": gettext_lazy(
        "拟资助名单将确定，申报书进入“拟资助”或“未入选”；此后调整须撤销决定并说明理由。"
    ),
    "publish": gettext_lazy(
        "公示将在网站发布，名单和公示期冻结，发布后不能撤回，更正只能以更正公告发布。"
    ),
    "award": gettext_lazy(
        "公示期满，公示中的申报书将立项并成为资助项目，立项结果将公布；此操作不能撤销。"
    ),
    "rereview": gettext_lazy(
        "评审方案将按新的设置生成新版本，已生成的拟资助建议名单和拟资助决定将作废；此操作不能撤销。"
    ),
}


def confirm_action(request, call, name):
    """The confirmation page of a one-way workbench action, or None when it may go ahead."""
    text = CONFIRM.get(name)
    if not text or request.POST.get("confirmed") == "1":
        return None
    carried = [
        (key, value)
        for key in request.POST
        if key not in ("csrfmiddlewaretoken", "confirmed")
        for value in request.POST.getlist(key)
    ]
    title = _("确认操作")
    context = {
        "call": call,
        "confirm": text,
        "carried": carried,
        "header_title": title,
        "page_title": title,
        "cancel_url": reverse("review_call", args=[call.pk]),
    }
    return TemplateResponse(request, "review/admin/confirm_action.html", context)


@require_POST
def call_action(request, pk, name):
    check_staff(request.user)
    call = staff_call(request, pk)
    if refused := refusal(request, call):
        return refused
    handler = ACTIONS.get(name)
    if handler is None:
        raise PermissionDenied(_("未知操作"))
    if page := confirm_action(request, call, name):
        return page
    try:
        messages.success(request, handler(request, call))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    except TransitionRefused as refused:
        for reason in refused.reasons:
            messages.error(request, reason)
    return redirect(_back(request, call, name))


def _back(request, call, name) -> str:
    """Where an action returns: a reopened sheet to its application's score sheets (where it
    was sent back), anything else to its section of the workbench."""
    if name == "reopen":
        application = (
            ReviewAssignment.objects.filter(
                pk=row_id(request.POST.get("assignment")), application__call=call
            )
            .values_list("application", flat=True)
            .first()
        )
        if application:
            return reverse("review_sheets", args=[call.pk, application])
    return reverse("review_call", args=[call.pk]) + f"#{name}"


def export(request, pk, kind):
    """Score sheets or ranking as XLSX, ranking as PDF (programme staff)."""
    check_staff(request.user)
    call = staff_call(request, pk)
    plan_for(call)
    if kind == "scores.xlsx":
        body, name = exports.score_sheet_xlsx(call), _("评分明细")
    elif kind == "ranking.xlsx":
        body, name = exports.ranking_xlsx(call), _("评审排名")
    elif kind == "ranking.pdf":
        return pdf_response(exports.ranking_pdf(call), f"{call.title}-{_('评审排名')}.pdf")
    else:
        raise PermissionDenied(_("未知导出类型"))
    response = HttpResponse(body, content_type=exports.XLSX)
    filename = quote(f"{call.title}-{name}.xlsx")
    response["Content-Disposition"] = (
        f"attachment; filename=\"review.xlsx\"; filename*=UTF-8''{filename}"
    )
    return response


def objection_attachment(request, pk, objection_pk):
    """An objector's attachment, for programme staff only (private storage)."""
    check_staff(request.user)
    call = staff_call(request, pk)
    objection = get_object_or_404(
        Objection, pk=objection_pk, publicity__call=call, attachment__gt=""
    )
    return serve_private(
        objection.attachment,
        filename=objection.attachment_name or "objection",
        content_type=objection.attachment_type or "application/octet-stream",
    )
