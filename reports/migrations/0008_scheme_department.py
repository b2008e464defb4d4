import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Evaluation schemes name the department that issued them; the existing ones stay
    city-wide (no department), usable by every department."""

    dependencies = [
        ("orgs", "0013_departments_for_existing_staff"),
        ("reports", "0007_survey_codes"),
    ]

    operations = [
        migrations.AddField(
            model_name="evaluationscheme",
            name="department",
            field=models.ForeignKey(
                blank=True,
                help_text="留空表示全市通用；下级部门可选用上级部门发布的方案",
                limit_choices_to={"kind": "government"},
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="evaluation_schemes",
                to="orgs.organization",
                verbose_name="发布部门",
            ),
        ),
    ]
