"""Forms of the review: the public objection form and the staff forms of the admin screens."""

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.formsets import at_most
from core.uploads import clean_upload
from review.models import Criterion, ReviewPlan, ScoringRule
from review.spam import token_ok

OBJECTION_MAX_BYTES = 10 * 1024 * 1024
# A 公示 starts within a year of the day it is published (a start in 9999 overflowed the calendar).
PUBLISH_WINDOW = datetime.timedelta(days=365)


class ObjectionForm(forms.Form):
    application = forms.TypedChoiceField(label=_("异议项目"), coerce=int)
    name = forms.CharField(label=_("异议人姓名（或单位）"), max_length=100)
    contact = forms.CharField(
        label=_("联系方式"), max_length=100, help_text=_("手机或电子邮箱，用于反馈处理结果")
    )
    content = forms.CharField(
        label=_("异议内容"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("请写明异议事实与理由"),
    )
    attachment = forms.FileField(
        label=_("证明材料（可选）"), required=False, help_text=_("PDF、JPG或PNG，不超过10MB")
    )
    # Honeypot: hidden by CSS and from assistive technology; people leave it empty.
    website = forms.CharField(required=False, label=_("网址"))
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = [("", _("请选择"))] + [
            (e["application"], f"{e['project']}（{e['organization']}）") for e in entries
        ]
        self.fields["website"].widget.attrs.update(
            {"autocomplete": "off", "tabindex": "-1", "aria-hidden": "true"}
        )

    def clean_attachment(self):
        f = self.cleaned_data.get("attachment")
        return clean_upload(f, max_bytes=OBJECTION_MAX_BYTES) if f else None

    def clean(self):
        data = super().clean()
        if data.get("website") or not token_ok(data.get("token")):
            raise ValidationError(_("提交过快或页面已过期，请刷新页面后重新填写"))
        return data


class PlanForm(forms.ModelForm):
    class Meta:
        model = ReviewPlan
        fields = [
            "blind",
            "scoring_rule",
            "trim_threshold",
            "allow_halves",
            "comment_below_share",
            "min_score_to_fund",
            "disagreement_spread",
            "panel_size",
            "min_scores",
            "publish_scores",
            "publish_expert_names",
        ]

    def _post_clean(self):
        # The model refuses it on save as well (ReviewPlan.save): a frozen setting changes only
        # through 重新评审 (review.plan_freeze).
        super()._post_clean()
        changed = self.instance.frozen_changes()
        if changed:
            self.add_error(None, self.instance.frozen_message(changed))


CriterionFormSet = forms.inlineformset_factory(
    ReviewPlan,
    Criterion,
    fields=["position", "dimension", "name", "guidance", "max_points"],
    extra=1,
    can_delete=True,
    **at_most(30),
)


class DrawForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("服务领域"), queryset=None, required=False, empty_label=_("全部领域")
    )
    size = forms.IntegerField(label=_("人数"), min_value=1, max_value=99)
    match_expertise = forms.BooleanField(label=_("按专业领域抽取"), required=False)

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = call.categories.all()


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}))


class LineForm(forms.Form):
    selected = forms.BooleanField(label=_("拟资助"), required=False)
    amount = forms.DecimalField(
        label=_("拟资助金额（元）"), max_digits=14, decimal_places=2, required=False
    )
    # Checked (with its own message) by review.decisions.change_line.
    reason = forms.CharField(
        label=_("调整理由"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class PublishForm(forms.Form):
    start = forms.DateField(
        label=_("公示开始日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("如非工作日，顺延至下一个工作日"),
    )
    contact = forms.CharField(
        label=_("异议受理联系方式"), max_length=200, help_text=_("如：电话0755-12345678，邮箱…")
    )
    confirm_fallback = forms.BooleanField(
        label=_("确认按推算日期公示"),
        required=False,
        help_text=_(
            "仅当公示期涉及尚未录入国务院办公厅节假日安排的年度时需要：结束日期按周一至周五"
            "（扣除法定节假日）推算，公示页面将予以说明，并记录确认人和确认时间"
        ),
    )

    def clean_start(self):
        # review.publication.publish refuses the same again: a 公示 starts on the day it is
        # published or later (docs/domain.md §11), within a year.
        start = self.cleaned_data["start"]
        today = timezone.localdate()
        earliest, latest = today, today + PUBLISH_WINDOW
        if not earliest <= start <= latest:
            raise forms.ValidationError(
                _("公示开始日期须在%(earliest)s至%(latest)s之间（不能早于发布当天）。")
                % {"earliest": earliest.isoformat(), "latest": latest.isoformat()}
            )
        return start


class CorrectionForm(forms.Form):
    contact = forms.CharField(label=_("异议受理联系方式"), max_length=200)
    reason = forms.CharField(
        label=_("更正说明"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class RereviewForm(forms.Form):
    """The new values of a 重新评审 (review.plan_freeze); the reason is required."""

    scoring_rule = forms.ChoiceField(label=_("计分规则"), choices=ScoringRule.choices)
    trim_threshold = forms.IntegerField(label=_("去极值阈值（份）"), min_value=3, max_value=99)
    min_score_to_fund = forms.DecimalField(
        label=_("拟资助最低分"), max_digits=5, decimal_places=2, min_value=0, max_value=999
    )
    min_scores = forms.IntegerField(label=_("每份申报书最少评分数"), min_value=1, max_value=99)
    blind = forms.BooleanField(label=_("匿名评审"), required=False)
    total_budget = forms.DecimalField(
        label=_("资金总额（元）"), max_digits=14, decimal_places=2, min_value=Decimal("0.01")
    )
    per_project_cap = forms.DecimalField(
        label=_("单个项目资助上限（元）"),
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0.01"),
    )
    reason = forms.CharField(
        label=_("重新评审理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    @classmethod
    def initial_for(cls, plan, call) -> dict:
        return {
            "scoring_rule": plan.scoring_rule,
            "trim_threshold": plan.trim_threshold,
            "min_score_to_fund": plan.min_score_to_fund,
            "min_scores": plan.min_scores,
            "blind": plan.blind,
            "total_budget": call.total_budget,
            "per_project_cap": call.per_project_cap,
        }


class SettleForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("处理结果"), choices=[("uphold", _("异议成立")), ("reject", _("异议不成立"))]
    )
    reason = forms.CharField(label=_("处理意见"), widget=forms.Textarea(attrs={"rows": 3}))
    summary = forms.CharField(
        label=_("公开摘要（异议不成立时公布）"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    promote = forms.BooleanField(label=_("按排名递补"), required=False, initial=True)
    confirm_fallback = forms.BooleanField(
        label=_("确认按推算日期公示"),
        required=False,
        help_text=_(
            "仅当公示期涉及尚未录入国务院办公厅节假日安排的年度时需要：结束日期按周一至周五"
            "（扣除法定节假日）推算，公示页面将予以说明，并记录确认人和确认时间"
        ),
    )
