"""Staff action pages of a funded project in the admin, each ending in the one door or an audited
service: record a payment, review a report, decide a change, publish a photo, record an
evaluation result, terminate (refund, sanction), record a refund, edit the payment plan.

Every view checks `is_programme_staff` first (the viewset's policy admits only staff, this is the
second lock) and loads objects of the project named in the URL only. The project is loaded
through the user's departments (`core.scoping`): another department's is a 404, and a page that
changes a project the user only sees (a subordinate department's) is a 403 with the reason.
"""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import formset_factory
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages

from core import approvals
from core.admin import denied_response
from core.confirm import confirm_text
from core.files import serve_private
from core.formsets import at_most
from core.pdf import pdf_response
from core.workflow import TransitionRefused, perform_transition
from orgs.roles import is_programme_staff
from projects.admin.scoping import acting_refusal, get_scoped_or_404
from projects.agreement import render_agreement_pdf
from projects.approvals import PAY, payment_data
from projects.conditions import payment_stops
from projects.evaluation import record_evaluation_result
from projects.forms import EvaluationResultForm, PaymentForm, TerminationForm
from projects.models import (
    BudgetAdjustment,
    ChangeRequest,
    FundedProject,
    PaymentNotice,
    ProgressReport,
    ReportKind,
    ReportPhoto,
    Tranche,
    TrancheTrigger,
)
from projects.notices import store_payment_notice_pdf
from projects.permissions import STAFF_ONLY
from projects.photos import set_photo_public
from projects.stops import record_refund, terminate_project
from projects.tranches import replace_plan

TEMPLATE = "projects/admin/action.html"


class StaffProjectView(View):
    """Base: staff only; `self.project` loaded from the URL among the projects the user's
    departments see. With `acting`, the page changes the project: only its own department's staff
    reach it. Methods not defined answer 405."""

    inspect_url_name = None
    acting = False

    def dispatch(self, request, *args, **kwargs):
        if not is_programme_staff(request.user):
            raise PermissionDenied(STAFF_ONLY)
        self.project = get_scoped_or_404(
            FundedProject.objects.select_related("organization", "call"),
            request.user,
            pk=kwargs.pop("pk"),
        )
        refusal = acting_refusal(self.project, request.user) if self.acting else ""
        if refusal:
            return denied_response(request, refusal, self.back_url)
        return super().dispatch(request, *args, **kwargs)

    @property
    def back_url(self):
        return reverse(self.inspect_url_name, args=(self.project.pk,))


class StaffProjectFormView(StaffProjectView):
    """GET shows the form, POST acts (`act`) and goes back to the project."""

    title = ""
    form_class = None
    acting = True

    def get_form(self, data=None):
        return self.form_class(data)

    def render(self, form, **extra):
        context = {
            "project": self.project,
            "form": form,
            "title": self.title,
            "back_url": self.back_url,
            "header_title": self.title,
            **extra,
        }
        return TemplateResponse(self.request, TEMPLATE, context)

    def get(self, request, *args, **kwargs):
        return self.render(self.get_form())

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                message = self.act(form, *args, **kwargs)
            except (ValidationError, TransitionRefused) as error:
                texts = getattr(error, "messages", None) or getattr(error, "reasons", [str(error)])
                for text in texts:
                    form.add_error(None, text)
            else:
                messages.success(request, message)
                return redirect(self.back_url)
        return self.render(form)


class PaymentView(StaffProjectFormView):
    """Record a payment. While an overdue report or a failed evaluation stops the money the page
    says so, and only a 审核人's written reason gets the payment through (`pay_with_override`)."""

    title = gettext_lazy("登记拨付")
    form_class = PaymentForm

    def load(self, tranche_pk):
        self.tranche = get_object_or_404(Tranche, pk=tranche_pk, project=self.project)
        self.stops = payment_stops(self.project)

    def get_form(self, data=None):
        return self.form_class(data, stopped=bool(self.stops))

    def render(self, form, **extra):
        confirm = confirm_text(self.tranche, "pay_with_override" if self.stops else "pay")
        return super().render(
            form, subject=self.tranche, notes=self.stops, confirm=confirm, **extra
        )

    def get(self, request, tranche_pk):
        self.load(tranche_pk)
        return self.render(self.get_form())

    def post(self, request, tranche_pk):
        self.load(tranche_pk)
        return super().post(request, tranche_pk)

    def act(self, form, tranche_pk):
        data = form.cleaned_data
        approval, _done = approvals.submit(
            PAY,
            self.tranche,
            by=self.request.user,
            data=payment_data(
                paid_on=data["paid_on"],
                voucher_number=data["voucher_number"],
                override_reason=data.get("override_reason", ""),
            ),
        )
        if approval is not None:
            return _("%(t)s的拨付登记已提交审核，审核人批准后记为已拨付。") % {"t": self.tranche}
        return _("%(t)s已登记拨付。") % {"t": self.tranche}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("意见"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ObjectTransitionView(StaffProjectFormView):
    """Approve / return a report, approve / reject a change, with a reason when required."""

    form_class = ReasonForm
    model = None
    names = ()

    def load(self, obj_pk):
        lookup = {"project": self.project} if self.model is not ReportPhoto else {}
        return get_object_or_404(self.model, pk=obj_pk, **lookup)

    def get(self, request, obj_pk, name):
        if name not in self.names:
            raise Http404
        obj = self.load(obj_pk)
        return self.render(
            self.get_form(), subject=obj, action=name, confirm=confirm_text(obj, name)
        )

    def act(self, form, obj_pk, name):
        if name not in self.names:
            raise Http404
        obj = self.load(obj_pk)
        perform_transition(obj, name, by=self.request.user, reason=form.cleaned_data["reason"])
        return _("“%(o)s”已处理。") % {"o": obj}


class ReportDecisionView(ObjectTransitionView):
    title = gettext_lazy("审核项目报告")
    model = ProgressReport
    names = ("approve", "return_for_revision")


class ChangeDecisionView(ObjectTransitionView):
    title = gettext_lazy("审核变更申请")
    model = ChangeRequest
    names = ("approve", "reject")


class PhotoPublicView(StaffProjectView):
    acting = True

    def get(self, request, photo_pk):
        raise Http404

    def post(self, request, photo_pk):
        photo = get_object_or_404(ReportPhoto, pk=photo_pk, report__project=self.project)
        public = request.POST.get("public") == "1"
        set_photo_public(photo, public=public, by=request.user)
        messages.success(request, _("照片已公开展示。") if public else _("照片已取消公开。"))
        return redirect(self.back_url)


class PhotoView(StaffProjectView):
    def get(self, request, photo_pk):
        photo = get_object_or_404(ReportPhoto, pk=photo_pk, report__project=self.project)
        return serve_private(
            photo.image,
            filename=f"photo-{photo.pk}.jpg",
            content_type=photo.content_type,
            inline=True,
        )


class SignedScanView(StaffProjectView):
    def get(self, request):
        name = self.project.signed_scan.name
        return serve_private(
            self.project.signed_scan,
            filename=self.project.signed_scan_name or "signed.pdf",
            content_type="application/pdf" if name.endswith(".pdf") else "image/jpeg",
        )


class AgreementPdfView(StaffProjectView):
    def get(self, request):
        try:
            pdf = render_agreement_pdf(self.project)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
            return redirect(self.back_url)
        return pdf_response(pdf, f"{self.project.agreement_title}-{self.project.name}.pdf")


class PaymentNoticePdfView(StaffProjectView):
    """The 拨付通知 of a paid tranche of this project, for the finance office (staff only)."""

    def get(self, request, tranche_pk):
        notice = get_object_or_404(
            PaymentNotice, tranche__pk=tranche_pk, tranche__project=self.project
        )
        return pdf_response(store_payment_notice_pdf(notice.pk), f"拨付通知-{notice.number}.pdf")


class AdjustmentDecisionView(ObjectTransitionView):
    title = gettext_lazy("确认调整后预算")
    model = BudgetAdjustment
    names = ("confirm", "return_for_revision")


class EvaluationView(StaffProjectFormView):
    """Staff record an evaluation result by hand (the evaluation app records accepted ones)."""

    title = gettext_lazy("登记评估结果")
    form_class = EvaluationResultForm

    def act(self, form):
        record_evaluation_result(
            self.project,
            stage=form.cleaned_data["stage"],
            passed=form.cleaned_data["passed"],
            grade=form.cleaned_data["grade"],
            by=self.request.user,
            reason=form.cleaned_data["reason"],
        )
        return _("评估结果已登记。")


class TerminateView(StaffProjectFormView):
    title = gettext_lazy("终止项目")
    form_class = TerminationForm

    def render(self, form, **extra):
        return super().render(form, confirm=confirm_text(self.project, "terminate"), **extra)

    def act(self, form):
        data = form.cleaned_data
        terminate_project(
            self.project,
            by=self.request.user,
            reason=data["reason"],
            refund_amount=data["refund_amount"],
            sanction_scope=data["sanction_scope"],
            sanction_until=data["sanction_until"],
            decision_ref=data["decision_ref"],
        )
        return _("项目已终止。")


class RefundForm(forms.Form):
    refunded_on = forms.DateField(
        label=gettext_lazy("退款到账日期"), widget=forms.DateInput(attrs={"type": "date"})
    )


class RefundView(StaffProjectFormView):
    title = gettext_lazy("登记退款到账")
    form_class = RefundForm

    def act(self, form):
        record_refund(
            self.project, refunded_on=form.cleaned_data["refunded_on"], by=self.request.user
        )
        return _("退款到账已登记。")


class TrancheRowForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("批次名称"), max_length=50)
    amount = forms.DecimalField(label=gettext_lazy("金额（元）"), max_digits=14, decimal_places=2)
    trigger = forms.ChoiceField(label=gettext_lazy("拨付条件"), choices=TrancheTrigger.choices)
    trigger_date = forms.DateField(
        label=gettext_lazy("指定日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    trigger_report_kind = forms.ChoiceField(
        label=gettext_lazy("审核通过的报告类型"),
        required=False,
        choices=[("", "—"), *ReportKind.choices],
    )
    working_days = forms.IntegerField(
        label=gettext_lazy("拨付时限（工作日）"), required=False, min_value=0
    )


TranchePlanFormSet = formset_factory(TrancheRowForm, extra=1, can_delete=True, **at_most(12))


class PlanView(StaffProjectFormView):
    """The payment plan as a whole: amounts must add up to the award (before any release)."""

    title = gettext_lazy("修改拨付计划")

    def get_form(self, data=None):
        initial = [
            {
                "title": t.title,
                "amount": t.amount,
                "trigger": t.trigger,
                "trigger_date": t.trigger_date,
                "trigger_report_kind": t.trigger_report_kind,
                "working_days": t.working_days,
            }
            for t in self.project.tranches.order_by("position")
        ]
        return TranchePlanFormSet(data, initial=None if data else initial, prefix="plan")

    def act(self, formset):
        rows = [
            f.cleaned_data
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        replace_plan(self.project, rows, by=self.request.user)
        return _("拨付计划已保存。")

    def render(self, form, **extra):
        return super().render(form, formset=form, **extra)

    def post(self, request, *args, **kwargs):
        formset = self.get_form(request.POST)
        if formset.is_valid():
            try:
                message = self.act(formset)
            except ValidationError as error:
                return self.render(formset, errors=error.messages)
            messages.success(request, message)
            return redirect(self.back_url)
        return self.render(formset)
