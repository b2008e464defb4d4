"""Sanctions and invitations get life cycles (`state`), moved only by
`core.workflow.perform_transition`. Existing rows take the state their dates already say: a sanction
with `lifted_at` is lifted; an invitation with `accepted_at` is accepted, else one with `revoked_at`
is revoked. Expiry stays date-derived (`expires_at`), not a state.
"""

import django_fsm
from django.db import migrations


def states_from_dates(apps, schema_editor):
    Sanction = apps.get_model("orgs", "Sanction")
    Invitation = apps.get_model("orgs", "Invitation")
    Sanction.objects.filter(lifted_at__isnull=False).update(state="lifted")
    Invitation.objects.filter(accepted_at__isnull=False).update(state="accepted")
    Invitation.objects.filter(accepted_at__isnull=True, revoked_at__isnull=False).update(
        state="revoked"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0006_approver_group"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="state",
            field=django_fsm.FSMField(
                choices=[("open", "待接受"), ("accepted", "已接受"), ("revoked", "已撤回")],
                default="open",
                max_length=50,
                protected=True,
                verbose_name="状态",
            ),
        ),
        migrations.AddField(
            model_name="sanction",
            name="state",
            field=django_fsm.FSMField(
                choices=[("in_force", "未解除"), ("lifted", "已解除")],
                default="in_force",
                max_length=50,
                protected=True,
                verbose_name="解除状态",
            ),
        ),
        # The reverse needs nothing: the columns go.
        migrations.RunPython(states_from_dates, migrations.RunPython.noop),
    ]
