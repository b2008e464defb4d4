"""The application form: main fields in sections, team and budget rows, extra questions.

Every field is optional at the form level so a draft can always be saved; what a submission needs
is checked by `grants.completeness` and marked on the fields as `submit_required` for display.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.formsets import at_most
from core.money import figures
from grants import questions
from grants.completeness import REQUIRED_FIELDS
from grants.models import Application, FundingSource, Qualification, exact_amount

MONEY_ERRORS = {
    "invalid": _("请输入金额（元），如 12345.00"),
    "max_decimal_places": _("金额最多保留两位小数（精确到分）"),
    "max_digits": _("金额过大"),
    "max_whole_digits": _("金额过大"),
}

SECTIONS = [
    (
        "basic",
        _("一、项目基本信息"),
        ["category", "project_name", "period_months", "amount_requested"],
    ),
    (
        "people",
        _("二、申报单位与联系人"),
        [
            "org_profile",
            "lead_name",
            "lead_phone",
            "contact_name",
            "contact_phone",
            "contact_email",
        ],
    ),
    (
        "plan",
        _("三、项目方案"),
        [
            "summary",
            "needs_analysis",
            "objectives",
            "activities",
            "expected_outcomes",
            "risks",
            "region_code",
            "street",
            "community",
            "direct_beneficiaries",
            "indirect_beneficiaries",
        ],
    ),
]


class ApplicationForm(forms.ModelForm):
    amount_requested = forms.DecimalField(
        label=_("申请资助金额（元）"),
        required=False,
        max_digits=14,
        decimal_places=2,
        error_messages=MONEY_ERRORS,
    )

    class Meta:
        model = Application
        fields = [name for _id, _title, names in SECTIONS for name in names]
        widgets = {
            name: forms.Textarea(attrs={"rows": 6})
            for name in (
                "needs_analysis",
                "objectives",
                "activities",
                "expected_outcomes",
                "risks",
            )
        } | {
            "summary": forms.Textarea(attrs={"rows": 5, "data-max-chars": 500}),
            "org_profile": forms.Textarea(attrs={"rows": 5, "data-max-chars": 500}),
        }

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.fields["category"].queryset = call.categories.all()
        self.fields["category"].empty_label = _("请选择一个服务领域")
        self.fields["amount_requested"].help_text = _(
            "不超过%(cap)s元，且须等于预算明细中“申请资助”部分的合计"
        ) % {"cap": figures(call.per_project_cap)}
        self.fields["period_months"].help_text = _("不超过%(max)d个月") % {
            "max": call.project_period_months
        }
        answers = (self.instance.extra_answers or {}) if self.instance else {}
        for block_id, kind, _spec in questions.questions(call):
            if kind == "file":
                continue
            name = questions.field_name(block_id)
            self.fields[name] = questions.extra_question_fields(call, include_files=False)[name]
            self.initial[name] = questions.from_json(kind, answers.get(block_id))
        for name, form_field in self.fields.items():
            form_field.submit_required = name in REQUIRED_FIELDS or form_field.required
            form_field.required = False

    @property
    def question_names(self) -> list[str]:
        return [n for n in self.fields if n.startswith(questions.FIELD_PREFIX)]

    def question_fields(self):
        return [self[n] for n in self.question_names]

    def sections(self):
        """(anchor, title, bound fields) for the template."""
        return [(anchor, title, [self[n] for n in names]) for anchor, title, names in SECTIONS]

    def clean_amount_requested(self):
        amount = self.cleaned_data.get("amount_requested")
        if amount is None:
            return None
        if amount < 0:
            raise forms.ValidationError(_("申请资助金额不能为负数"))
        if amount == 0:
            raise forms.ValidationError(_("申请资助金额须大于0"))
        if amount > self.call.per_project_cap:
            raise forms.ValidationError(
                _("申请资助金额（%(amount)s元）超过本次征集的单个项目资助上限（%(cap)s元）")
                % {"amount": figures(amount), "cap": figures(self.call.per_project_cap)}
            )
        return amount

    def clean_period_months(self):
        months = self.cleaned_data.get("period_months")
        if months and months > self.call.project_period_months:
            raise forms.ValidationError(
                _("项目周期不得超过本次征集规定的%(max)d个月")
                % {"max": self.call.project_period_months}
            )
        return months


class RowForm(forms.Form):
    """A table row: each input is labelled by its column for screen readers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            form_field.widget.attrs.setdefault("aria-label", str(form_field.label))


class TeamMemberForm(RowForm):
    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    education = forms.CharField(label=_("学历"), max_length=50, required=False)
    major = forms.CharField(label=_("专业"), max_length=100, required=False)
    qualification = forms.ChoiceField(
        label=_("社工证"), choices=Qualification.choices, initial=Qualification.NONE, required=False
    )
    role = forms.CharField(label=_("项目分工"), max_length=100, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)

    def clean(self):
        data = super().clean()
        typed = [data.get(k) for k in ("name", "education", "major", "role", "phone")]
        data["_blank"] = not any(typed)
        if not data["_blank"] and not data.get("name"):
            self.add_error("name", _("请填写团队成员姓名"))
        data["qualification"] = data.get("qualification") or Qualification.NONE
        return data


class BudgetLineForm(RowForm):
    category = forms.CharField(label=_("预算科目"), max_length=50, required=False)
    item = forms.CharField(label=_("明细项目"), max_length=200, required=False)
    unit_price = forms.DecimalField(
        label=_("单价（元）"),
        max_digits=12,
        decimal_places=2,
        required=False,
        error_messages=MONEY_ERRORS,
    )
    quantity = forms.DecimalField(
        label=_("数量"),
        max_digits=10,
        decimal_places=2,
        required=False,
        error_messages={
            "invalid": _("请输入数量"),
            "max_decimal_places": _("数量最多保留两位小数"),
            "max_digits": _("数量过大"),
            "max_whole_digits": _("数量过大"),
        },
    )
    funding_source = forms.ChoiceField(
        label=_("资金来源"),
        choices=FundingSource.choices,
        initial=FundingSource.REQUESTED,
        required=False,
    )

    def clean(self):
        data = super().clean()
        typed = [data.get(k) for k in ("category", "item", "unit_price", "quantity")]
        data["_blank"] = all(v in (None, "") for v in typed) and not self.errors
        if data["_blank"]:
            return data
        for name, message in (
            ("category", _("请填写预算科目")),
            ("item", _("请填写明细项目")),
            ("unit_price", _("请填写单价")),
            ("quantity", _("请填写数量")),
        ):
            if data.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, message)
        price, quantity = data.get("unit_price"), data.get("quantity")
        if price is not None and price < 0:
            self.add_error("unit_price", _("单价不能为负数"))
        if quantity is not None and quantity <= 0:
            self.add_error("quantity", _("数量须大于0"))
        if price is not None and quantity is not None and price >= 0 and quantity > 0:
            amount = exact_amount(price, quantity)
            if amount is None:
                self.add_error(
                    "quantity",
                    _("金额须精确到分：%(price)s × %(quantity)s = %(product)s，请调整单价或数量")
                    % {"price": price, "quantity": quantity, "product": price * quantity},
                )
            data["amount"] = amount
        data["funding_source"] = data.get("funding_source") or FundingSource.REQUESTED
        return data


class RowFormSet(forms.BaseFormSet):
    """Rows are replaced as a whole on save; blank and deleted rows are dropped."""

    row_fields: list[str] = []

    def rows(self) -> list[dict]:
        return [
            {k: form.cleaned_data[k] for k in self.row_fields}
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("_blank")
            and not form.cleaned_data.get("DELETE")
        ]

    def error_list(self) -> list[str]:
        messages = [str(e) for e in self.non_form_errors()]
        for index, errors in enumerate(self.errors, start=1):
            for name, errs in errors.items():
                label = self.form.base_fields[name].label if name in self.form.base_fields else ""
                messages += [
                    str(
                        _("第%(row)d行%(field)s：%(error)s")
                        % {"row": index, "field": label, "error": e}
                    )
                    for e in errs
                ]
        return messages


class TeamFormSet(RowFormSet):
    row_fields = ["name", "education", "major", "qualification", "role", "phone"]


class BudgetFormSet(RowFormSet):
    row_fields = ["category", "item", "unit_price", "quantity", "amount", "funding_source"]


TeamMembers = forms.formset_factory(
    TeamMemberForm, formset=TeamFormSet, extra=1, can_delete=True, **at_most(50)
)
BudgetLines = forms.formset_factory(
    BudgetLineForm, formset=BudgetFormSet, extra=2, can_delete=True, **at_most(100)
)


def team_formset(application, data=None) -> TeamFormSet:
    if data is not None:
        return TeamMembers(data, prefix="team")
    initial = [
        {k: getattr(m, k) for k in TeamFormSet.row_fields} for m in application.team_members.all()
    ]
    return TeamMembers(initial=initial, prefix="team")


def budget_formset(application, data=None) -> BudgetFormSet:
    if data is not None:
        return BudgetLines(data, prefix="budget")
    initial = [
        {k: getattr(line, k) for k in BudgetFormSet.row_fields}
        for line in application.budget_lines.all()
    ]
    return BudgetLines(initial=initial, prefix="budget")


class AttachmentUploadForm(forms.Form):
    slot = forms.CharField(widget=forms.HiddenInput)
    file = forms.FileField(
        label=_("选择文件"),
        help_text=_("PDF、JPG或PNG格式"),
        error_messages={"required": _("请选择要上传的文件")},
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("原因"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
