"""Wagtail's group admin, listing a role group by its Chinese label ("民政工作人员", not "staff";
elsewhere `orgs.roles.show_groups_by_label` does it).

Wired in through `orgs.apps.WagtailUsersConfig.group_viewset`. A role group's name is its stable
key (`orgs.roles`): settings and every permission check use it, so its name cannot be edited here;
other groups (网站编辑 …) are named freely.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import TitleColumn
from wagtail.users.forms import GroupForm
from wagtail.users.views import groups as wagtail_groups

from orgs.roles import Role, group_label


def is_role_group(group) -> bool:
    return group.name in {role.value for role in Role}


class RoleGroupForm(GroupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and is_role_group(self.instance):
            name = self.fields["name"]
            name.disabled = True
            name.help_text = _(
                "平台角色“%(label)s”的系统标识，不能修改：权限检查和设置都用它。"
            ) % {"label": group_label(self.instance)}


class IndexView(wagtail_groups.IndexView):
    columns = [
        TitleColumn(
            "name",
            label=_("名称"),
            accessor=group_label,
            sort_key="name",
            url_name="wagtailusers_groups:edit",
        ),
    ]


class GroupViewSet(wagtail_groups.GroupViewSet):
    index_view_class = IndexView

    def get_form_class(self, for_update=False):
        return RoleGroupForm
