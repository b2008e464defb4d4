from django.db import migrations


def install(apps, schema_editor):
    from reports.shipped import install as install_schemes

    install_schemes(
        apps.get_model("reports", "EvaluationScheme"),
        apps.get_model("reports", "Indicator"),
        apps.get_model("reports", "GradeBand"),
    )


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
