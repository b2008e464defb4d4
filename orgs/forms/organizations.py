from django import forms
from django.utils.translation import gettext_lazy as _

from orgs import uscc
from orgs.models import DocumentKind, MemberRole, Organization, OrgKind

IDENTITY_FIELDS = [
    "name",
    "kind",
    "uscc",
    "registration_number",
    "org_code",
    "filing_number",
    "host_organization",
    "registration_authority",
    "registration_level",
    "supervising_unit",
    "founded_on",
    "legal_representative",
    "address",
    "region_code",
    "annual_report_year",
    "annual_report_result",
    "grade",
    "grade_granted_on",
]
CONTACT_FIELDS = ["contact_name", "contact_phone", "contact_email"]
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrganizationForm(forms.ModelForm):
    """Applicant-declared master data; staff-only fields (status, credit, override) are absent."""

    # Codes are pasted with spaces or in lower case; normalize before the model validates.
    uscc = forms.CharField(
        label=_("统一社会信用代码"),
        max_length=40,
        required=False,
        help_text=_("18位，不含字母I、O、Z、S、V"),
    )

    class Meta:
        model = Organization
        fields = IDENTITY_FIELDS + CONTACT_FIELDS
        widgets = {"founded_on": DATE_INPUT, "grade_granted_on": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Applicants register social organizations and providers, not government departments.
        self.fields["kind"].choices = [
            c for c in self.fields["kind"].choices if c[0] != OrgKind.GOVERNMENT
        ]
        hosts = Organization.objects.filter(state="verified").exclude(kind=OrgKind.COMMUNITY_GROUP)
        self.fields["host_organization"].queryset = hosts
        for name in ("contact_name", "contact_phone", "contact_email"):
            self.fields[name].required = True

    def clean_uscc(self):
        return uscc.normalize(self.cleaned_data.get("uscc") or "") or None


class ContactForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = CONTACT_FIELDS


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("成员邮箱"))
    role = forms.ChoiceField(label=_("角色"), choices=MemberRole.choices, initial=MemberRole.MEMBER)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class DocumentUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("材料类型"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("标题"), max_length=200)
    file = forms.FileField(
        label=_("文件"),
        help_text=_("PDF、JPEG 或 PNG，单个文件不超过20MB"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("原因"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )
