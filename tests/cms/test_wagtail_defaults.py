"""What Wagtail seeds in English is the bureau's own (cms 0009), and role groups read by their
labels in the group admin (orgs.admin.groups) while their keys stay fixed."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from wagtail.models import Collection, Page, Workflow

from orgs.roles import Role
from tests.factories import UserFactory

migration = importlib.import_module("cms.migrations.0009_wagtail_defaults_in_chinese")


def test_a_migrated_database_holds_no_wagtail_english(db):
    assert Page.get_first_root_node().title == "根页面"
    assert Collection.get_first_root_node().name == "全部文件"
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    # The platform's own publishing workflow still covers the site.
    home = Page.objects.get(depth=2)
    assert home.get_workflow().name == "网站发布审核"


def test_a_default_group_with_members_is_renamed_not_removed(db):
    editor = UserFactory()
    Group.objects.create(name="Editors").user_set.add(editor)
    Group.objects.create(name="Moderators")
    migration.to_chinese(apps, None)
    assert list(editor.groups.values_list("name", flat=True)) == ["编辑（Wagtail 默认组）"]
    assert not Group.objects.filter(name__in=["Moderators", "审核员（Wagtail 默认组）"]).exists()


def test_groups_list_shows_role_labels(client, admin_user):
    client.force_login(admin_user)
    page = client.get("/admin/groups/").content.decode()
    assert "民政工作人员" in page and "孵化基地管理员" in page
    assert ">staff<" not in page and "incubator_manager<" not in page


def test_a_role_group_prints_as_its_label_wherever_wagtail_shows_it(client, admin_user):
    group = Group.objects.get(name=Role.APPROVER)
    assert str(group) == "审核人" and group.name == "approver"
    assert str(Group.objects.get(name="网站编辑")) == "网站编辑"
    client.force_login(admin_user)
    task_form = client.get("/admin/workflows/tasks/add/wagtailcore/groupapprovaltask/")
    page = task_form.content.decode()
    assert "民政工作人员" in page and ">approver<" not in page and " approver\n" not in page
    delete = client.get(f"/admin/groups/delete/{group.pk}/").content.decode()
    assert "“审核人”组有" in delete


@pytest.mark.parametrize("name", [Role.STAFF, Role.APPROVER])
def test_a_role_group_keeps_its_key(client, admin_user, name):
    group = Group.objects.get(name=name)
    client.force_login(admin_user)
    page = client.get(f"/admin/groups/edit/{group.pk}/")
    assert page.status_code == 200
    assert "不能修改" in page.content.decode()
    client.post(f"/admin/groups/edit/{group.pk}/", {"name": "renamed"})
    group.refresh_from_db()
    assert group.name == name


def test_other_groups_can_be_renamed_in_the_form(admin_user):
    from orgs.admin.groups import RoleGroupForm

    editors = Group.objects.get(name="网站编辑")
    assert not RoleGroupForm(instance=editors).fields["name"].disabled
    assert RoleGroupForm(instance=Group.objects.get(name=Role.STAFF)).fields["name"].disabled
