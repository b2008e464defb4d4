"""Roles are auth groups named by stable ASCII keys; people see the Chinese labels."""

import importlib

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, Permission
from django.core.checks import Error

from core.security.policy import requires_two_factor
from orgs import roles
from orgs.checks import check_two_factor_roles
from orgs.roles import ROLE_LABELS, Role, group_label, role_label
from tests.factories import UserFactory

migration = importlib.import_module("orgs.migrations.0005_role_ascii_keys")
# Groups that are not roles: the site editors (cms/migrations/0004_publishing_setup.py); Wagtail's
# own Editors/Moderators are removed by cms 0009.
CMS_GROUPS = {"网站编辑", "网站审核"}


def test_role_keys_are_ascii():
    assert Role.STAFF == "staff" and Role.EXPERT == "expert" and Role.EVALUATOR == "evaluator"
    assert Role.INCUBATOR_MANAGER == "incubator_manager"
    for role in Role:
        assert role.value.isascii() and role.value.isidentifier()
    assert set(ROLE_LABELS) == set(Role)


def test_role_groups_after_migrations_are_named_by_their_keys(db):
    assert set(Group.objects.values_list("name", flat=True)) == {r.value for r in Role} | CMS_GROUPS
    assert not Group.objects.filter(name__in=[str(label) for label in ROLE_LABELS.values()])
    assert Group.objects.get(name="staff").permissions.filter(codename="access_admin").exists()
    assert (
        Group.objects.get(name="incubator_manager")
        .permissions.filter(codename="access_admin")
        .exists()
    )


def test_renaming_migration_keeps_members_and_permissions(db):
    from django.apps import apps

    staff = UserFactory(roles=[Role.STAFF])
    migration.to_labels(apps, None)
    later = {r.value for r in Role} - set(migration.KEYS.values())  # 审核人: created by its key
    assert set(Group.objects.values_list("name", flat=True)) == (
        set(migration.KEYS) | later | CMS_GROUPS
    )
    assert list(staff.groups.values_list("name", flat=True)) == ["民政工作人员"]

    migration.to_keys(apps, None)
    assert set(Group.objects.values_list("name", flat=True)) == {r.value for r in Role} | CMS_GROUPS
    assert list(staff.groups.values_list("name", flat=True)) == ["staff"]
    assert Group.objects.get(name="staff").permissions.filter(codename="access_admin").exists()


def test_renaming_migration_merges_into_an_existing_key_group(db):
    """A group already named by the key (made by hand) takes the old group's members."""
    from django.apps import apps

    old_member, new_member = UserFactory(), UserFactory(roles=[Role.EXPERT])
    old = Group.objects.create(name="评审专家")
    old.permissions.add(Permission.objects.get(codename="access_admin"))
    old_member.groups.add(old)

    migration.to_keys(apps, None)
    assert not Group.objects.filter(name="评审专家").exists()
    expert_group = Group.objects.get(name="expert")
    assert set(expert_group.user_set.all()) == {old_member, new_member}
    assert expert_group.permissions.filter(codename="access_admin").exists()


def test_two_factor_roles_are_role_keys():
    assert {"staff", "expert", "evaluator"} <= set(django_settings.REQUIRE_2FA_ROLES)
    for name in django_settings.REQUIRE_2FA_ROLES:
        assert name.isascii()
        assert Role(name) in ROLE_LABELS
    assert check_two_factor_roles(None) == []


def test_relabelling_a_role_keeps_two_factor(db, monkeypatch):
    """The label is display only: rewording it must not switch 2FA off for the role."""
    monkeypatch.setitem(roles.ROLE_LABELS, Role.STAFF, "社会组织管理局工作人员")
    monkeypatch.setitem(roles.ROLE_LABELS, Role.EXPERT, "评审委员")
    staff, expert = UserFactory(roles=[Role.STAFF]), UserFactory(roles=[Role.EXPERT])
    assert requires_two_factor(staff) is True
    assert requires_two_factor(expert) is True
    assert role_label("staff") == "社会组织管理局工作人员"
    assert requires_two_factor(UserFactory()) is False


def test_system_check_refuses_labels_in_two_factor_roles(settings):
    settings.REQUIRE_2FA_ROLES = ["staff", "民政工作人员"]
    assert check_two_factor_roles(None) == [
        Error(
            "REQUIRE_2FA_ROLES names unknown roles: 民政工作人员",
            hint=f"Use the role keys: {', '.join(Role)}.",
            id="orgs.E001",
        )
    ]


def test_group_labels_show_roles_in_chinese(db):
    assert group_label(Group.objects.get(name="staff")) == "民政工作人员"
    assert group_label(Group.objects.get(name="incubator_manager")) == "孵化基地管理员"
    assert group_label(Group.objects.get(name="网站编辑")) == "网站编辑"


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_role_picker_shows_labels_in_role_order(staff_client):
    form = staff_client.get("/admin/users/new/").context["form"]
    labels = [label for _, label in form.fields["groups"].choices]
    assert labels[:4] == ["民政工作人员", "评审专家", "第三方评估机构人员", "孵化基地管理员"]
    assert labels == [str(ROLE_LABELS[role]) for role in Role]


def test_user_list_filter_shows_labels(staff_client):
    response = staff_client.get("/admin/users/")
    field = response.context["filters"].form.fields["group"]
    labels = {label for _, label in field.choices}
    assert {"民政工作人员", "评审专家", "第三方评估机构人员", "孵化基地管理员"} <= labels
    assert labels == {str(ROLE_LABELS[role]) for role in Role} | CMS_GROUPS
    assert "incubator_manager" not in response.content.decode()


@pytest.mark.parametrize("role", list(Role))
def test_factory_refuses_group_names_that_are_not_roles(db, role):
    assert UserFactory(roles=[role]).groups.get().name == role.value
    with pytest.raises(ValueError):
        UserFactory(roles=[str(ROLE_LABELS[role])])
