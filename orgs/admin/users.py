"""Wagtail's user admin for `orgs.User`: e-mail log-in, 姓名 and 手机号码, no username or
first/last name.

Wired in through `orgs.apps.WagtailUsersConfig.user_viewset`. Superusers manage every account;
programme staff may create and edit accounts that are not superusers and give them role groups
(see `orgs.admin.policies.AccountPolicy`), but cannot grant or touch superuser rights.

所属部门 (`User.departments`, issue 21) decide whose records a person sees and acts on, so only a
system administrator sets them: the field is absent from the forms of everyone else (a posted
value is ignored), and the listing shows each account's departments.
"""

from django import forms
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Case, When
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.users import forms as wagtail_forms
from wagtail.users.views import users as wagtail_users

from core.admin import BoundedSearchMixin
from core.choices import RowsChoiceField
from core.phones import normalize_mobile
from orgs.models import Organization, OrgKind, User
from orgs.roles import Role, group_label

ACCOUNT_FIELDS = [
    "email",
    "real_name",
    "mobile",
    "is_active",
    "is_superuser",
    "groups",
    "departments",
]


class AccountFormMixin:
    """Shared by the create and edit forms: our fields, our normalization, the role limits."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("电子邮箱")
        self.fields["email"].help_text = _("用于登录和找回密码")
        self.fields["groups"].label = _("角色")
        self.fields["groups"].label_from_instance = group_label  # "民政工作人员", not "staff"
        self.fields["groups"].help_text = _(
            "平台角色决定可以使用的功能，例如民政工作人员可进入后台"
        )
        # Accept "139 1234 5678" or "+86…": normalized in clean_mobile, validated by the model.
        self.fields["mobile"] = forms.CharField(
            label=_("手机号码"), required=False, max_length=20, help_text=_("可用于登录")
        )
        if "is_superuser" in self.fields:
            self.fields["is_superuser"].label = _("系统管理员")
        if "is_active" in self.fields:
            self.fields["is_active"].label = _("启用")
        if "departments" in self.fields:
            self.fields["departments"].queryset = Organization.objects.filter(
                kind=OrgKind.GOVERNMENT
            ).order_by("name")
            self.fields["departments"].help_text = _(
                "民政工作人员、审核人和孵化基地管理员只能查看和办理所属部门（及其下级部门）的事项"
            )
        if for_user is None or not for_user.is_superuser:
            # Staff manage role groups only; superuser rights and departments are for
            # superusers to give.
            self.fields.pop("is_superuser", None)
            self.fields.pop("departments", None)
            self.fields["groups"].queryset = Group.objects.filter(
                name__in=[role.value for role in Role]
            ).order_by(Case(*(When(name=role.value, then=i) for i, role in enumerate(Role))))

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_mobile(self):
        return normalize_mobile(self.cleaned_data.get("mobile") or "") or None


class AccountCreationForm(AccountFormMixin, wagtail_forms.UserCreationForm):
    first_name = None
    last_name = None

    class Meta:
        model = User
        fields = ACCOUNT_FIELDS
        widgets = {
            "groups": forms.CheckboxSelectMultiple,
            "departments": forms.CheckboxSelectMultiple,
        }
        field_classes = {"groups": RowsChoiceField, "departments": RowsChoiceField}


class AccountEditForm(AccountFormMixin, wagtail_forms.UserEditForm):
    first_name = None
    last_name = None

    class Meta:
        model = User
        fields = ACCOUNT_FIELDS
        widgets = {
            "groups": forms.CheckboxSelectMultiple,
            "departments": forms.CheckboxSelectMultiple,
        }
        field_classes = {"groups": RowsChoiceField, "departments": RowsChoiceField}


class UserFilterSet(wagtail_users.UserFilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["group"].label = _("角色")
        self.filters["group"].field.label_from_instance = group_label


class IndexView(BoundedSearchMixin, wagtail_users.IndexView):
    @cached_property
    def search_fields(self):
        return ["email", "real_name", "mobile"]

    @cached_property
    def columns(self):
        columns = list(super().columns)
        departments = Column(
            "departments",
            label=_("所属部门"),
            accessor=lambda u: "、".join(sorted(d.name for d in u.departments.all())) or "—",
        )
        columns.insert(3, departments)  # after the name and the e-mail
        return columns

    def get_base_queryset(self):
        return super().get_base_queryset().prefetch_related("departments")

    def get_edit_url(self, instance):
        if instance.is_superuser and not self.request.user.is_superuser:
            return None
        return super().get_edit_url(instance)


class CreateView(wagtail_users.CreateView):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}


class EditView(wagtail_users.EditView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if self.object.is_superuser and not request.user.is_superuser:
            self.can_delete = False
            self.forbidden = True
        else:
            self.forbidden = False

    def dispatch(self, request, *args, **kwargs):
        if self.forbidden:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}


class UserViewSet(wagtail_users.UserViewSet):
    filterset_class = UserFilterSet
    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    create_template_name = "orgs/admin/users/create.html"
    edit_template_name = "orgs/admin/users/edit.html"

    def get_form_class(self, for_update=False):
        return AccountEditForm if for_update else AccountCreationForm
