"""Back-office pages of two-person approvals (经办/审核, `core.approvals`).

* 待审核 (`approvals`): pending proposals, newest first, and the last decided ones.
* One proposal (`approval`): what is proposed, by whom and when; approve / reject (a reason is
  required) for approvers other than the proposer, withdraw for the proposer. Every button goes
  through `core.approvals`, which moves the proposal through the one door.
* 双人审核设置 (`two_person_rules`): system administrators switch a second person off (with a
  reason) or on again, per action.

Who: approvers and programme staff see proposals (`core.permissions.can_view_approvals`) of the
departments they see (`Approval.objects.for_user`, issue 21: another department's proposal is a
404); who may decide is the proposal's transition rule and department, checked again inside the
door.
"""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core import approvals
from core.admin import history_rows
from core.models import Approval, ApprovalState
from core.permissions import (
    can_decide_approval,
    can_set_two_person_rules,
    can_view_approvals,
    can_withdraw_approval,
)
from core.scoping import department_decision
from core.workflow import TransitionRefused

REASON_MAX = 2000


class DecisionForm(forms.Form):
    """Approve (comment optional), reject (reason required) or withdraw a proposal."""

    decision = forms.ChoiceField(
        choices=[
            ("approve", gettext_lazy("批准")),
            ("reject", gettext_lazy("退回")),
            ("withdraw", gettext_lazy("撤回")),
        ],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(
        label=gettext_lazy("审核意见"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("退回须填写原因"))
        return data


class RuleForm(forms.Form):
    """Switch one action's second person on or off; off needs a reason."""

    action = forms.ChoiceField(label=gettext_lazy("事项"), widget=forms.HiddenInput)
    required = forms.BooleanField(label=gettext_lazy("须经审核人批准"), required=False)
    reason = forms.CharField(
        label=gettext_lazy("关闭原因"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(a.key, a.label) for a in approvals.actions()]

    def clean(self):
        data = super().clean()
        if not data.get("required") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("关闭双人审核须填写原因"))
        return data


def _denied(request, reason, context=None):
    return TemplateResponse(
        request,
        "core/admin/denied.html",
        {**(context or {}), "reason": reason, "cancel_url": reverse("approvals")},
        status=403,
    )


class ApprovalsMixin(WagtailAdminTemplateMixin):
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        allowed, reason = can_view_approvals(None, request.user)
        if not allowed:
            raise PermissionDenied(reason)
        return super().dispatch(request, *args, **kwargs)


def decide_decision(approval, user) -> tuple[bool, str]:
    """Whether `user` may approve or reject `approval`, as the door will answer: an approver who
    is not the proposer, of the proposal's own department (a department above only reads it)."""
    in_department, why = department_decision(approval, user)
    if not in_department:
        return (False, why)
    return can_decide_approval.check(approval, user)


def rows(queryset, user) -> list[dict]:
    finder = AdminURLFinder(user)
    result = []
    for approval in queryset:
        target = approval.target
        result.append(
            {
                "approval": approval,
                "details": approvals.describe(approval),
                "target_url": finder.get_edit_url(target) if target is not None else None,
                "may_decide": decide_decision(approval, user)[0],
            }
        )
    return result


class ApprovalListView(ApprovalsMixin, TemplateView):
    template_name = "core/admin/approval_list.html"
    page_title = gettext_lazy("待审核")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        base = Approval.objects.for_user(self.request.user).select_related(
            "proposed_by", "decided_by"
        )
        context.update(
            pending=rows(
                base.filter(state=ApprovalState.PENDING).order_by("proposed_at"), self.request.user
            ),
            decided=rows(
                base.exclude(state=ApprovalState.PENDING).order_by("-decided_at")[:30],
                self.request.user,
            ),
            rules_url=reverse("two_person_rules")
            if can_set_two_person_rules(None, self.request.user)[0]
            else None,
        )
        return context


class ApprovalView(ApprovalsMixin, TemplateView):
    template_name = "core/admin/approval.html"

    @property
    def approval(self) -> Approval:
        if not hasattr(self, "_approval"):
            self._approval = get_object_or_404(
                Approval.objects.for_user(self.request.user).select_related(
                    "proposed_by", "decided_by"
                ),
                pk=self.kwargs["pk"],
            )
        return self._approval

    def get_page_title(self):
        return str(self.approval.action_label)

    def get_page_subtitle(self):
        return self.approval.target_label

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("approvals"), "label": _("待审核")},
            {"url": "", "label": str(self.approval)},
        ]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        approval, user = self.approval, self.request.user
        pending = approval.state == ApprovalState.PENDING
        context.update(
            row=rows([approval], user)[0],
            approval=approval,
            form=form or DecisionForm(),
            may_decide=pending and decide_decision(approval, user)[0],
            decide_refusal=decide_decision(approval, user)[1] if pending else "",
            may_withdraw=pending and can_withdraw_approval(approval, user),
            history=history_rows(approval),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = DecisionForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        decision, reason = form.cleaned_data["decision"], form.cleaned_data["reason"]
        act = {
            "approve": approvals.approve,
            "reject": approvals.reject,
            "withdraw": approvals.withdraw,
        }[decision]
        try:
            approval = act(self.approval, by=request.user, reason=reason)
        except PermissionDenied as refused:
            return _denied(request, str(refused), self.get_context_data())
        except (ValidationError, TransitionRefused) as refused:
            problems = refused.messages if isinstance(refused, ValidationError) else refused.reasons
            for problem in problems:
                form.add_error(None, problem)
            return self.render_to_response(self.get_context_data(form=form))
        if decision == "approve":
            messages.success(
                request,
                _("已批准：%(approval)s。%(result)s")
                % {"approval": approval, "result": approval.result},
            )
        else:
            messages.success(
                request,
                _("%(approval)s：%(state)s")
                % {"approval": approval, "state": approval.get_state_display()},
            )
        return redirect("approval", pk=approval.pk)


class TwoPersonRulesView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "core/admin/two_person_rules.html"
    page_title = gettext_lazy("双人审核设置")
    header_icon = "cogs"

    def dispatch(self, request, *args, **kwargs):
        allowed, reason = can_set_two_person_rules(None, request.user)
        if not allowed:
            raise PermissionDenied(reason)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, errors=None, **kwargs):
        context = super().get_context_data(**kwargs)
        items = []
        for action in approvals.actions():
            setting = approvals.rule_for(action.key)
            bound = (
                errors if errors is not None and errors.data.get("action") == action.key else None
            )
            items.append(
                {
                    "action": action,
                    "setting": setting,
                    "form": bound
                    or RuleForm(
                        initial={
                            "action": action.key,
                            "required": setting.required,
                            "reason": setting.reason,
                        }
                    ),
                }
            )
        context["items"] = items
        return context

    def post(self, request, *args, **kwargs):
        form = RuleForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(errors=form))
        data = form.cleaned_data
        try:
            setting = approvals.set_required(
                data["action"], required=data["required"], by=request.user, reason=data["reason"]
            )
        except ValidationError as invalid:
            for message in invalid.messages:
                form.add_error(None, message)
            return self.render_to_response(self.get_context_data(errors=form))
        messages.success(
            request,
            (
                _("%(action)s：须经审核人批准")
                if setting.required
                else _("%(action)s：已关闭双人审核")
            )
            % {"action": approvals.action_label(setting.action)},
        )
        return redirect("two_person_rules")
