"""The 审核人 role (`orgs.roles.Role.APPROVER`): its group, named by its ASCII key like the other
roles (0005_role_ascii_keys). It grants nothing by itself: an approver reaches the back office
through the staff role; the override rules check the group (`orgs.roles.is_approver`)."""

from django.db import migrations

NAME = "approver"  # frozen here (history): Role.APPROVER


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=NAME)


def drop_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0005_role_ascii_keys"),
    ]

    operations = [migrations.RunPython(create_group, drop_group)]
