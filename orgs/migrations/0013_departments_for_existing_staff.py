"""An existing single-purchaser database: every department serves the region it is registered in,
and everyone holding a department role (民政工作人员, 审核人, 孵化基地管理员) works for every
existing department until an administrator narrows them, so nobody loses sight of their work the
day departments arrive. Records need no change: they belong to the department of their call."""

from django.db import migrations

DEPARTMENT_ROLES = ("staff", "approver", "incubator_manager")


def forwards(apps, schema_editor):
    Organization = apps.get_model("orgs", "Organization")
    User = apps.get_model("orgs", "User")
    departments = Organization.objects.filter(kind="government")
    for department in departments.filter(jurisdiction_code="").exclude(region_code=""):
        department.jurisdiction_code = department.region_code
        department.save(update_fields=["jurisdiction_code"])
    ids = list(departments.values_list("pk", flat=True))
    Through = User.departments.through
    links = [
        Through(user_id=user_id, organization_id=department_id)
        for user_id in User.objects.filter(groups__name__in=DEPARTMENT_ROLES)
        .values_list("pk", flat=True)
        .distinct()
        for department_id in ids
    ]
    Through.objects.bulk_create(links, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("orgs", "0012_departments")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
