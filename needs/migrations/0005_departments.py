"""Needs and recommendation meetings belong to a department (issue 21).

An existing need goes to the department of its call, else to the department serving its region,
else — a single-purchaser database — to the only department there is. A meeting goes to the
department most of its needs (presented or matched) belong to, else to the only department."""

from collections import Counter

import django.db.models.deletion
from django.db import migrations, models

from core import regions


def _only(departments):
    ids = list(departments.values_list("pk", flat=True)[:2])
    return ids[0] if len(ids) == 1 else None


def _for_region(serving, code):
    """The nearest department serving `code` (as `orgs.departments.department_for_region`)."""
    found = [(len(regions.prefix(area)), pk) for pk, area in serving if regions.within(code, area)]
    return max(found)[1] if found else None


def forwards(apps, schema_editor):
    Organization = apps.get_model("orgs", "Organization")
    Need = apps.get_model("needs", "Need")
    Meeting = apps.get_model("needs", "RecommendationMeeting")
    departments = Organization.objects.filter(kind="government")
    only = _only(departments)
    serving = list(
        departments.exclude(jurisdiction_code="").values_list("pk", "jurisdiction_code")
    )
    for need in Need.objects.filter(department__isnull=True).select_related("call"):
        if need.call_id:
            department_id = need.call.department_id
        else:
            department_id = _for_region(serving, need.region_code) or only
        if department_id:
            Need.objects.filter(pk=need.pk).update(department_id=department_id)
    for meeting in Meeting.objects.filter(department__isnull=True):
        counted = Counter(
            d for d in meeting.needs.values_list("department_id", flat=True) if d is not None
        )
        counted.update(
            d
            for d in meeting.matches.values_list("need__department_id", flat=True)
            if d is not None
        )
        department_id = counted.most_common(1)[0][0] if counted else only
        if department_id:
            Meeting.objects.filter(pk=meeting.pk).update(department_id=department_id)


class Migration(migrations.Migration):
    dependencies = [
        ("needs", "0004_region_code_streets"),
        ("orgs", "0013_departments_for_existing_staff"),
    ]

    operations = [
        migrations.AddField(
            model_name="need",
            name="department",
            field=models.ForeignKey(
                blank=True,
                limit_choices_to={"kind": "government"},
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="handled_needs",
                to="orgs.organization",
                verbose_name="负责部门",
            ),
        ),
        migrations.AddField(
            model_name="recommendationmeeting",
            name="department",
            field=models.ForeignKey(
                limit_choices_to={"kind": "government"},
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="recommendation_meetings_held",
                to="orgs.organization",
                verbose_name="主办部门",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
