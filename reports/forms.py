"""Forms of the evaluator portal and the public survey."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.choices import RowsChoiceField
from reports.grading import entry_maximum
from reports.models import (
    ActivityKind,
    Evaluation,
    FieldActivity,
    IndicatorSource,
    OfflineSurveyResult,
)
from reports.models.states import NARRATIVE_SECTIONS
from reports.models.surveys import QUESTIONS, RATING_CHOICES
from reports.scoring import leaf_indicators
from reports.surveys import MAX_BATCH, SurveyRefused, parse_phones


class ScoresForm(forms.Form):
    """One value and one basis per leaf; computed leaves are shown, never accepted."""

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.evaluation = evaluation
        scheme = evaluation.scheme
        existing = {s.indicator_id: s for s in evaluation.scores.all()}
        self.rows = []
        for indicator in leaf_indicators(scheme):
            score = existing.get(indicator.pk)
            maximum = entry_maximum(indicator, scheme.method)
            row = {"indicator": indicator, "maximum": maximum, "score": score}
            if indicator.source == IndicatorSource.MANUAL:
                value_name, basis_name = f"value_{indicator.pk}", f"basis_{indicator.pk}"
                self.fields[value_name] = forms.DecimalField(
                    label=_("%(code)s %(name)s 得分")
                    % {"code": indicator.code, "name": indicator.name},
                    required=False,
                    min_value=Decimal(0),
                    max_value=maximum,
                    decimal_places=2,
                    initial=score.value if score else None,
                )
                self.fields[basis_name] = forms.CharField(
                    label=_("评分依据"),
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    initial=score.basis if score else "",
                )
                row.update(value=self[value_name], basis=self[basis_name])
            self.rows.append(row)

    def clean(self):
        cleaned = super().clean()
        for row in self.rows:
            if "value" not in row:
                continue
            pk = row["indicator"].pk
            value, basis = cleaned.get(f"value_{pk}"), (cleaned.get(f"basis_{pk}") or "").strip()
            if value is not None and not basis and row["indicator"].kind == "normal":
                self.add_error(f"basis_{pk}", _("请填写评分依据"))
        return cleaned

    def score_rows(self) -> dict:
        return {
            row["indicator"].pk: (
                self.cleaned_data.get(f"value_{row['indicator'].pk}"),
                self.cleaned_data.get(f"basis_{row['indicator'].pk}") or "",
            )
            for row in self.rows
            if "value" in row
        }


class NarrativeForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = [name for name, _label in NARRATIVE_SECTIONS] + ["internal_notes"]
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in fields}
        labels = {name: label for name, label in NARRATIVE_SECTIONS}


class AssignForm(forms.Form):
    evaluators = RowsChoiceField(
        label=_("评估人员"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, evaluation, **kwargs):
        from orgs.models import User
        from orgs.roles import Role

        super().__init__(*args, **kwargs)
        self.fields["evaluators"].queryset = User.objects.filter(
            memberships__organization=evaluation.agency,
            groups__name=Role.EVALUATOR.value,
            is_active=True,
        ).distinct()
        self.fields["evaluators"].initial = list(evaluation.evaluators.values_list("pk", flat=True))


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("材料名称"), max_length=200)
    indicator = forms.ModelChoiceField(label=_("对应指标"), queryset=None, required=False)
    file = forms.FileField(label=_("文件（PDF、JPG、PNG，不超过20MB）"))

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = evaluation.scheme.indicators.all()


class ActivityForm(forms.ModelForm):
    class Meta:
        model = FieldActivity
        fields = ["kind", "held_on", "place", "participants", "summary"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}),
            "participants": forms.Textarea(attrs={"rows": 2}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    kind = forms.ChoiceField(label=_("方式"), choices=ActivityKind.choices)


class OfflineSurveyForm(forms.ModelForm):
    class Meta:
        model = OfflineSurveyResult
        fields = ["method", "held_on", "respondents", "mean_score", "note"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"mean_score": _("按百分制填写，例如五级量表平均4.5分折合为90分")}


class SurveyForm(forms.Form):
    code = forms.CharField(
        label=_("调查码"),
        max_length=20,
        help_text=_("8位字母和数字，印在调查卡上或随短信发送，每个调查码只能使用一次"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    comment = forms.CharField(
        label=_("意见建议（选填）"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, text in QUESTIONS:
            self.fields[key] = forms.TypedChoiceField(
                label=text, choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect
            )
        self.order_fields(["code", *(key for key, _text in QUESTIONS), "comment"])

    def answers(self) -> dict:
        return {key: self.cleaned_data[key] for key, _text in QUESTIONS}


class SurveyCodesForm(forms.Form):
    count = forms.IntegerField(label=_("生成数量"), min_value=1, max_value=MAX_BATCH, initial=20)


class SurveySmsForm(forms.Form):
    phones = forms.CharField(
        label=_("服务对象手机号码"),
        max_length=MAX_BATCH * 20,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("每行一个11位手机号码；每个号码收到一个调查码，号码不会被保存"),
    )

    def clean_phones(self):
        try:
            return parse_phones(self.cleaned_data["phones"])
        except SurveyRefused as refused:
            raise forms.ValidationError(str(refused)) from refused
