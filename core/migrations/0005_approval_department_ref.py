"""A proposal records the department of its target (issue 21), so approvers see and decide only
their departments' proposals. Existing proposals take it from their targets now, following each
target model's `DEPARTMENT_PATH` (core knows no departments: the path is the model's). A target
whose model is not scoped, or whose path is not in the database yet, stays shared (empty)."""

from django.apps import apps as global_apps
from django.core.exceptions import FieldError
from django.db import migrations, models


def forwards(apps, schema_editor):
    Approval = apps.get_model("core", "Approval")
    ContentType = apps.get_model("contenttypes", "ContentType")
    pending = Approval.objects.filter(department_ref__isnull=True)
    for type_id in pending.values_list("content_type_id", flat=True).distinct():
        content_type = ContentType.objects.get(pk=type_id)
        try:
            current = global_apps.get_model(content_type.app_label, content_type.model)
            model = apps.get_model(content_type.app_label, content_type.model)
        except LookupError:
            continue
        path = getattr(current, "DEPARTMENT_PATH", "")
        if not path:
            continue
        rows = pending.filter(content_type_id=type_id)
        ids = {object_id for object_id in rows.values_list("object_id", flat=True)}
        try:
            found = dict(model.objects.filter(pk__in=ids).values_list("pk", path))
        except (FieldError, ValueError):
            continue
        for pk, department_id in found.items():
            if department_id is not None:
                rows.filter(object_id=str(pk)).update(department_ref=department_id)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0004_issued_documents"),
    ]

    operations = [
        migrations.AddField(
            model_name="approval",
            name="department_ref",
            field=models.PositiveIntegerField(
                blank=True, editable=False, null=True, verbose_name="所属部门"
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
