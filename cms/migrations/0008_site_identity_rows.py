"""Every existing site gets its (empty) identity row, so the footer's first visitor does not write
it (Wagtail's `for_request` creates a missing row inside the request)."""

from django.db import migrations


def create_rows(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    SiteIdentity = apps.get_model("cms", "SiteIdentity")
    for site in Site.objects.all():
        SiteIdentity.objects.get_or_create(site=site)


class Migration(migrations.Migration):
    dependencies = [("cms", "0007_site_identity_and_call_contact")]

    operations = [migrations.RunPython(create_rows, migrations.RunPython.noop)]
