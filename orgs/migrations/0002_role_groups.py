from django.db import migrations

ROLES = ["民政工作人员", "评审专家", "第三方评估机构人员", "孵化基地管理员"]
ADMIN_ACCESS = {"民政工作人员"}


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    admin_ct, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access, _ = Permission.objects.get_or_create(
        content_type=admin_ct, codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    for name in ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        if name in ADMIN_ACCESS:
            group.permissions.add(access)


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
