# Issue 21: a department's own experts beside the city-wide pool; existing experts stay city-wide
# (department NULL).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0013_departments_for_existing_staff'),
        ('review', '0004_publicity_fallback_confirmation'),
    ]

    operations = [
        migrations.AddField(
            model_name='expertprofile',
            name='department',
            field=models.ForeignKey(blank=True, help_text='留空为全市专家库；填写后为该部门自有专家，仅该部门及其下级部门的征集可以抽取', limit_choices_to={'kind': 'government'}, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='own_experts', to='orgs.organization', verbose_name='所属部门'),
        ),
    ]
