"""The two new sections of the site (征集公告, 孵化基地), live and in the menu, like 0004's."""

from django.db import migrations
from django.utils import timezone

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4
SECTIONS = [
    ("callindexpage", "征集公告", "calls"),
    ("incubationindexpage", "孵化基地", "incubation-bases"),
]


def _step(n):
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = ALPHABET[r] + out
    return out.rjust(STEPLEN, "0")


def add_sections(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    HomePage = apps.get_model("cms", "HomePage")
    home_specific = HomePage.objects.order_by("pk").first()
    if home_specific is None:
        return
    home = Page.objects.get(pk=home_specific.pk)
    now = timezone.now()
    for model, title, slug in SECTIONS:
        Model = apps.get_model("cms", model)
        siblings = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
        if Model.objects.exists() or siblings.filter(slug=slug).exists():
            continue
        last = siblings.order_by("-path").first()
        n = int(last.path[-STEPLEN:], 36) + 1 if last else 1
        content_type, _ = ContentType.objects.get_or_create(app_label="cms", model=model)
        Model.objects.create(
            title=title,
            draft_title=title,
            slug=slug,
            content_type=content_type,
            path=home.path + _step(n),
            depth=home.depth + 1,
            numchild=0,
            url_path=f"{home.url_path}{slug}/",
            locale_id=home.locale_id,
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
            show_in_menus=True,
        )
        home.numchild += 1
        Page.objects.filter(pk=home.pk).update(numchild=home.numchild)


class Migration(migrations.Migration):
    dependencies = [("cms", "0005_call_and_incubation_pages")]
    operations = [migrations.RunPython(add_sections, migrations.RunPython.noop)]
