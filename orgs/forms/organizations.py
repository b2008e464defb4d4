from django import forms
from django.utils.translation import gettext_lazy as _

from orgs import uscc
from orgs.models import DocumentKind, MemberRole, Organization, OrgKind

IDENTITY_FIELDS = [
    "name",
    "short_name",
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
CONTACT_FIELDS = ["contact_name", "contact_phone", "contact_email", "website"]
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


class BankAccountForm(forms.Form):
    """The payee account (`orgs.bank`); the reason is required once an account is on file."""

    bank_account_name = forms.CharField(
        label=_("户名"), max_length=100, help_text=_("须与组织名称一致")
    )
    bank_name = forms.CharField(label=_("开户行"), max_length=100, help_text=_("写到支行"))
    bank_account_number = forms.CharField(
        label=_("账号"), max_length=60, help_text=_("8至30位数字，可用空格分组")
    )
    reason = forms.CharField(
        label=_("变更原因"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("首次填写无需原因；变更已登记的账户须说明原因"),
    )

    def __init__(self, *args, org=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.org = org
        if org is not None and not org.has_bank_account:
            del self.fields["reason"]

    def clean(self):
        from orgs.bank import clean_account

        data = super().clean()
        if self.errors:
            return data
        try:
            data.update(
                clean_account(
                    account_name=data.get("bank_account_name", ""),
                    bank_name=data.get("bank_name", ""),
                    account_number=data.get("bank_account_number", ""),
                )
            )
        except forms.ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(field, message)
        return data
