"""Forms of the demand library: the owner's need form, the public form, offers and answers."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.choices import RowsChoiceField
from core.regions.fields import RegionCodeFormField
from needs.models import Need, NeedInterest
from orgs.models import Organization

NEED_FIELDS = [
    "title",
    "description",
    "affected_group",
    "affected_count",
    "region_code",
    "street",
    "community",
    "category",
    "catalogue_item_page",
    "urgency",
    "expected_start",
    "expected_end",
    "budget_min",
    "budget_max",
    "contact_name",
    "contact_phone",
    "contact_email",
]

DATE = forms.DateInput(attrs={"type": "date"})
# cms.CatalogueEntryPage, named by its content type: needs may not import cms.
CATALOGUE_ENTRY_MODEL = ("cms", "catalogueentrypage")


def catalogue_entries():
    """Live entries of the guiding catalogue (指导性目录), for the need's optional item."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    try:
        content_type = ContentType.objects.get_by_natural_key(*CATALOGUE_ENTRY_MODEL)
    except ContentType.DoesNotExist:
        return Page.objects.none()
    return Page.objects.live().filter(content_type=content_type).order_by("path")


class NeedForm(forms.ModelForm):
    class Meta:
        model = Need
        fields = NEED_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "expected_start": DATE,
            "expected_end": DATE,
        }
        help_texts = {"contact_phone": _("联系方式仅民政工作人员可见，不在网站公开")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "catalogue_item_page" in self.fields:
            field = self.fields["catalogue_item_page"]
            field.queryset = catalogue_entries()
            field.help_text = _("可选：对应的政府购买服务指导性目录条目")

    def clean(self):
        data = super().clean()
        if not data.get("contact_phone") and not data.get("contact_email"):
            self.add_error("contact_phone", _("请至少填写联系电话或联系邮箱"))
        return data


class PublicNeedForm(NeedForm):
    """The public form: fewer fields, and a honeypot that people never see or fill."""

    website = forms.CharField(
        label=_("网址（请勿填写）"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta(NeedForm.Meta):
        fields = [
            "title",
            "description",
            "affected_group",
            "affected_count",
            "region_code",
            "street",
            "community",
            "category",
            "urgency",
            "contact_name",
            "contact_phone",
            "contact_email",
        ]

    def is_spam(self) -> bool:
        return bool(self.data.get("website", "").strip())


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("附件标题"), max_length=200, required=False)
    file = forms.FileField(label=_("文件"), help_text=_("PDF、JPG或PNG"))


class InterestForm(forms.ModelForm):
    organization = forms.ModelChoiceField(
        label=_("以哪个组织名义"), queryset=Organization.objects.none()
    )

    class Meta:
        model = NeedInterest
        fields = ["approach", "capacity", "estimated_cost"]
        widgets = {
            "approach": forms.Textarea(attrs={"rows": 4}),
            "capacity": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.order_fields(["organization", "approach", "capacity", "estimated_cost"])


class AnswersForm(forms.Form):
    needs = RowsChoiceField(
        label=_("本项目回应的需求"),
        queryset=Need.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["needs"].queryset = candidates


class BoardFilterForm(forms.Form):
    """The public board's filters (GET); every field optional."""

    q = forms.CharField(label=_("关键词"), required=False, max_length=100)
    category = forms.ChoiceField(label=_("服务领域"), required=False)
    region = RegionCodeFormField(label=_("地区"), required=False, help_text="", streets=True)
    state = forms.ChoiceField(label=_("状态"), required=False)
    urgency = forms.ChoiceField(label=_("紧急程度"), required=False)

    def __init__(self, *args, **kwargs):
        from needs.models import NeedState, ServiceCategory, Urgency
        from needs.models.states import PUBLIC_STATES

        super().__init__(*args, **kwargs)
        everything = [("", _("全部"))]
        self.fields["category"].choices = everything + list(ServiceCategory.choices)
        self.fields["urgency"].choices = everything + list(Urgency.choices)
        labels = dict(NeedState.choices)
        self.fields["state"].choices = everything + [(s, labels[s]) for s in PUBLIC_STATES]
