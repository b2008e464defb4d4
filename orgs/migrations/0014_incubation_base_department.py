"""Incubation bases belong to a department (issue 21): on a single-purchaser platform the only
department; otherwise the department serving the operator's registered region (as
`orgs.departments.department_for_region`). A base no department serves stays without one until
an administrator sets it."""

import django.db.models.deletion
from django.db import migrations, models

from core import regions


def forwards(apps, schema_editor):
    Organization = apps.get_model("orgs", "Organization")
    IncubationBase = apps.get_model("orgs", "IncubationBase")
    departments = Organization.objects.filter(kind="government")
    ids = list(departments.values_list("pk", flat=True)[:2])
    serving = list(departments.exclude(jurisdiction_code="").values_list("pk", "jurisdiction_code"))
    for base in IncubationBase.objects.filter(department__isnull=True).select_related("operator"):
        if len(ids) == 1:
            department_id = ids[0]
        else:
            code = base.operator.region_code
            found = [
                (len(regions.prefix(area)), pk)
                for pk, area in serving
                if regions.within(code, area)
            ]
            department_id = max(found)[1] if found else None
        if department_id:
            IncubationBase.objects.filter(pk=base.pk).update(department_id=department_id)


class Migration(migrations.Migration):
    dependencies = [("orgs", "0013_departments_for_existing_staff")]

    operations = [
        migrations.AddField(
            model_name="incubationbase",
            name="department",
            field=models.ForeignKey(
                blank=True,
                limit_choices_to={"kind": "government"},
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="supervised_incubation_bases",
                to="orgs.organization",
                verbose_name="主管部门",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
