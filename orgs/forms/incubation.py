"""Forms of incubation: the application, the base's decisions, assessments and support."""

from decimal import Decimal

from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.formsets import at_most
from orgs.models import Founder, Incubation, MemberRole, Organization, OrgKind, SupportRecord
from orgs.models.incubation.states import (
    ExitReason,
    IncubationDocumentKind,
    IncubationState,
    Need,
    Placement,
    SupportKind,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 4})


class IncubationForm(forms.ModelForm):
    """The applicant's side. A registered organization applies as itself; otherwise the founding
    team describes the organization it will register."""

    needs = forms.MultipleChoiceField(
        label=_("孵化需求"),
        choices=Need.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Incubation
        fields = [
            "organization",
            "team_name",
            "intended_kind",
            "registration_plan",
            "service_field",
            "mission",
            "planned_services",
            "team",
            "needs",
            "needs_other",
            "placement",
        ]
        widgets = {
            "registration_plan": TEXT,
            "mission": TEXT,
            "planned_services": TEXT,
            "team": TEXT,
        }
        help_texts = {
            "organization": _("以已登记组织申请时选择；筹备团队留空并填写下方拟登记信息"),
            "team": _("负责人、专职人员、志愿者等情况"),
        }

    def __init__(self, *args, user, base, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        field.queryset = Organization.objects.filter(
            memberships__user=user,
            memberships__role=MemberRole.ADMIN,
            kind__in=OrgKind.social_organizations(),
        )
        field.empty_label = _("—（筹备团队，尚未登记）")
        offered = base.placements_offered
        self.fields["placement"].choices = [c for c in Placement.choices if c[0] in offered]

    def clean(self):
        data = super().clean()
        if not data.get("organization") and not data.get("team_name"):
            self.add_error("team_name", _("请选择申请组织，或填写筹备团队的拟登记名称"))
        if Need.OTHER in (data.get("needs") or []) and not data.get("needs_other"):
            self.add_error("needs_other", _("选择“其他”时请说明具体需求"))
        return data


FounderFormSet = inlineformset_factory(
    Incubation,
    Founder,
    fields=["name", "role", "phone", "email"],
    extra=2,
    can_delete=True,
    **at_most(20),
)


class IncubationDocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("材料类型"), choices=IncubationDocumentKind.choices)
    title = forms.CharField(label=_("标题"), max_length=200)
    file = forms.FileField(label=_("文件"), help_text=_("PDF、JPG或PNG"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("意见或原因"), widget=TEXT, required=False, max_length=2000)


class AdmitForm(forms.Form):
    placement = forms.ChoiceField(label=_("孵化方式"), choices=Placement.choices)
    desk_number = forms.CharField(
        label=_("工位号"), max_length=30, required=False, help_text=_("实体孵化必填")
    )
    agreement = forms.FileField(
        label=_("签署的入驻协议"), required=False, help_text=_("PDF、JPG或PNG；已上传的可不再上传")
    )
    reason = forms.CharField(label=_("备注"), widget=TEXT, required=False, max_length=2000)

    def __init__(self, *args, incubation, **kwargs):
        super().__init__(*args, **kwargs)
        offered = incubation.base.placements_offered
        self.fields["placement"].choices = [c for c in Placement.choices if c[0] in offered]
        self.fields["placement"].initial = incubation.placement
        self.fields["desk_number"].initial = incubation.desk_number


class ExtendForm(forms.Form):
    new_end_on = forms.DateField(label=_("延期至"), widget=DATE_INPUT)
    reason = forms.CharField(label=_("延期原因"), widget=TEXT, max_length=2000)


class ExitForm(forms.Form):
    exit_reason = forms.ChoiceField(label=_("退出原因"), choices=ExitReason.choices)
    notice_on = forms.DateField(
        label=_("退出通知日期"),
        widget=DATE_INPUT,
        initial=timezone.localdate,
        help_text=_("场地归还期限自该日起按工作日计算"),
    )
    reason = forms.CharField(label=_("说明"), widget=TEXT, max_length=2000)


ON_FAIL = [("", _("—")), ("extend", _("延期孵化")), ("exit", _("退出孵化"))]


class AssessmentForm(forms.Form):
    """One score field per checklist item of the base, then what happens if the total fails."""

    assessed_on = forms.DateField(
        label=_("评估日期"), widget=DATE_INPUT, initial=timezone.localdate
    )
    comments = forms.CharField(label=_("评估意见"), widget=TEXT, required=False, max_length=4000)
    on_fail = forms.ChoiceField(
        label=_("未通过时"), choices=ON_FAIL, required=False, help_text=_("总分低于合格分时必选")
    )
    new_end_on = forms.DateField(label=_("延期至"), widget=DATE_INPUT, required=False)
    exit_reason = forms.ChoiceField(
        label=_("退出原因"), choices=[("", "—"), *ExitReason.choices], required=False
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        scored = {}
        for item in self.items:
            scored[f"item_{item.pk}"] = forms.DecimalField(
                label=_("%(name)s（满分%(max)s）") % {"name": item.name, "max": item.max_points},
                min_value=Decimal("0"),
                max_value=item.max_points,
                decimal_places=1,
            )
        self.fields = {**scored, **self.fields}

    def points(self) -> dict:
        return {item.pk: self.cleaned_data[f"item_{item.pk}"] for item in self.items}


class SupportRecordForm(forms.ModelForm):
    class Meta:
        model = SupportRecord
        fields = ["kind", "date", "hours", "description", "amount"]
        widgets = {"date": DATE_INPUT, "description": TEXT}

    def clean(self):
        data = super().clean()
        grant = data.get("kind") == SupportKind.ACTIVITY_GRANT
        if grant and not data.get("amount"):
            self.add_error("amount", _("小额活动资助须填写金额"))
        if not grant and data.get("amount"):
            self.add_error("amount", _("只有小额活动资助填写金额"))
        return data


class RegistrationLinkForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("组织类型"),
        choices=[(k.value, k.label) for k in OrgKind.social_organizations()],
    )
    code = forms.CharField(
        label=_("统一社会信用代码"),
        max_length=40,
        required=False,
        help_text=_("登记证书上的18位代码（备案类社区社会组织不填）"),
    )
    filing_number = forms.CharField(
        label=_("备案编号"),
        max_length=60,
        required=False,
        help_text=_("备案类社区社会组织填写街道（乡镇）出具的备案证明上的编号"),
    )
    host_code = forms.CharField(
        label=_("挂靠单位统一社会信用代码"),
        max_length=40,
        required=False,
        help_text=_("备案类社区社会组织通过已登记的挂靠单位申报项目；可稍后在组织信息中补填"),
    )
    name = forms.CharField(label=_("登记名称"), max_length=200, required=False)

    def __init__(self, *args, incubation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].initial = incubation.team_name
        if incubation.intended_kind:
            self.fields["kind"].initial = incubation.intended_kind

    def clean(self):
        data = super().clean()
        if data.get("kind") == OrgKind.COMMUNITY_GROUP:
            if not data.get("filing_number"):
                self.add_error("filing_number", _("备案类社区社会组织请填写备案编号"))
        elif "kind" in data:
            if not data.get("code"):
                self.add_error("code", _("请填写统一社会信用代码"))
            if data.get("filing_number") or data.get("host_code"):
                self.add_error("filing_number", _("只有备案类社区社会组织填写备案编号和挂靠单位"))
        return data


class IncubationFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), *IncubationState.choices], required=False
    )
    year = forms.IntegerField(label=_("申请年度"), required=False, min_value=2000, max_value=2100)
