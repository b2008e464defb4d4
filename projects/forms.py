"""Forms of the organization side (portal) and of the staff actions that need more than a reason."""

from decimal import Decimal

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from core.formsets import at_most
from orgs.models import ProgrammeScope
from projects.models import ChangeKind

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0")}


class SignedScanForm(forms.Form):
    file = forms.FileField(
        label=_("签署后的协议扫描件"), help_text=_("PDF、JPG或PNG，签字并加盖公章")
    )


class ReportForm(forms.Form):
    summary = forms.CharField(label=_("进展概述"), widget=forms.Textarea(attrs={"rows": 5}))
    beneficiaries_reached = forms.IntegerField(label=_("本期服务受益人次"), min_value=0)
    problems = forms.CharField(
        label=_("存在问题与改进措施"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        for line in self.lines:
            self.fields[f"line_{line.pk}"] = forms.DecimalField(
                label=_("支出：%(line)s（元）") % {"line": line},
                required=False,
                **MONEY,
            )

    def spending(self) -> dict:
        return {line: self.cleaned_data.get(f"line_{line.pk}") for line in self.lines}


class ActivityForm(forms.Form):
    held_on = forms.DateField(label=_("活动日期"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("活动地点"), max_length=200)
    participants = forms.IntegerField(label=_("参与人次"), min_value=0)
    description = forms.CharField(label=_("活动内容"), widget=forms.Textarea(attrs={"rows": 2}))


ActivityFormSet = formset_factory(ActivityForm, extra=1, can_delete=True, **at_most(100))


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("活动照片"), help_text=_("JPG或PNG；上传后自动去除拍摄信息"))
    caption = forms.CharField(label=_("照片说明"), max_length=200, required=False)


class ChangeRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("变更类型"), choices=ChangeKind.choices)
    explanation = forms.CharField(label=_("变更理由"), widget=forms.Textarea(attrs={"rows": 4}))
    new_ends_on = forms.DateField(
        label=_("变更后结束日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("仅调整项目周期时填写"),
    )
    new_activities = forms.CharField(
        label=_("变更后活动安排"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("仅调整活动安排时填写"),
    )


class BudgetShiftForm(forms.Form):
    from_line = forms.ModelChoiceField(label=_("调出科目"), queryset=None)
    to_line = forms.ModelChoiceField(label=_("调入科目"), queryset=None)
    amount = forms.DecimalField(label=_("调整金额（元）"), **MONEY)

    def __init__(self, *args, lines=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_line"].queryset = lines
        self.fields["to_line"].queryset = lines


BudgetShiftFormSet = formset_factory(BudgetShiftForm, extra=2, **at_most(50))


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label=_("拨付日期"), widget=forms.DateInput(attrs={"type": "date"}))
    voucher_number = forms.CharField(label=_("凭证号"), max_length=60)
    override_reason = forms.CharField(
        label=_("核准理由"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("项目暂停拨付时，仅审核人填写理由后可登记拨付；理由记入审计记录"),
    )

    def __init__(self, *args, stopped: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not stopped:
            del self.fields["override_reason"]


class TerminationForm(forms.Form):
    reason = forms.CharField(label=_("终止原因"), widget=forms.Textarea(attrs={"rows": 4}))
    refund_amount = forms.DecimalField(
        label=_("要求退回金额（元）"), required=False, help_text=_("不超过已拨付金额"), **MONEY
    )
    sanction_scope = forms.ChoiceField(
        label=_("限制申报"),
        required=False,
        choices=[("", _("不限制")), *ProgrammeScope.choices],
    )
    sanction_until = forms.DateField(
        label=_("限制截止日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("留空表示长期有效，直至解除"),
    )
    decision_ref = forms.CharField(label=_("决定文号"), max_length=100, required=False)


class EvaluationResultForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("评估阶段"), choices=[("midterm", _("中期评估")), ("final", _("终期评估"))]
    )
    passed = forms.TypedChoiceField(
        label=_("结果"),
        choices=[("1", _("通过")), ("0", _("未通过"))],
        coerce=lambda v: v == "1",
    )
    grade = forms.CharField(
        label=_("等级"), max_length=20, help_text=_("如：优、良、中、差，或合格")
    )
    reason = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AdjustmentLineForm(forms.Form):
    """One line of the adjusted budget after a reduced award (`projects.budget_adjustment`)."""

    category = forms.CharField(label=_("预算科目"), max_length=50)
    item = forms.CharField(label=_("明细项目"), max_length=200)
    amount = forms.DecimalField(
        label=_("调整后金额（元）"), min_value=Decimal("0"), max_digits=14, decimal_places=2
    )


AdjustmentFormSet = formset_factory(AdjustmentLineForm, extra=1, can_delete=True, **at_most(50))
