"""Role groups are named by stable ASCII keys (`orgs.roles.Role`), not by their Chinese labels.

Existing groups are renamed, so their members and permissions stay. Should a group with the new
name already exist (created by hand), the old group's members and permissions move into it and
the old group goes. Reversible: the reverse renames the groups back.
"""

from django.conf import settings
from django.db import migrations, models

# Frozen here (history): the names 0002_role_groups and 0003_incubation created.
KEYS = {
    "民政工作人员": "staff",
    "评审专家": "expert",
    "第三方评估机构人员": "evaluator",
    "孵化基地管理员": "incubator_manager",
}


def _rename(apps, mapping):
    Group = apps.get_model("auth", "Group")
    for old_name, new_name in mapping.items():
        old = Group.objects.filter(name=old_name).first()
        if old is None:
            continue
        new = Group.objects.filter(name=new_name).first()
        if new is None:
            old.name = new_name
            old.save(update_fields=["name"])
            continue
        new.permissions.add(*old.permissions.all())
        new.user_set.add(*old.user_set.all())
        old.delete()


def to_keys(apps, schema_editor):
    _rename(apps, KEYS)


def to_labels(apps, schema_editor):
    _rename(apps, {key: label for label, key in KEYS.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0004_region_code_ascii_digits"),
    ]

    operations = [
        migrations.RunPython(to_keys, to_labels),
        migrations.AlterField(
            model_name="incubationbase",
            name="managers",
            field=models.ManyToManyField(
                blank=True,
                help_text="须具有“孵化基地管理员”角色",
                limit_choices_to={"groups__name": "incubator_manager"},
                related_name="managed_incubation_bases",
                to=settings.AUTH_USER_MODEL,
                verbose_name="基地管理员",
            ),
        ),
    ]
