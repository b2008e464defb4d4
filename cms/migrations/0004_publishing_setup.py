"""Who may publish the public site, and its sections.

* 网站编辑 (editors) add and change pages under the home page and submit them for moderation.
* 网站审核 (moderators) approve or reject submissions, but not their own (FourEyesApprovalTask),
  and manage catalogue imports. Neither group has the publish permission: every publication goes
  through the workflow; only superusers publish directly (emergencies, bulk operations).
* The workflow "网站发布审核" is assigned to the home page, so it covers the whole site.
* The three sections of the site are created so a fresh installation has its structure.
"""

from django.db import migrations
from django.utils import timezone

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4

EDITORS = "网站编辑"
MODERATORS = "网站审核"
SECTIONS = [
    ("catalogueindexpage", "指导性目录", "catalogue"),
    ("announcementindexpage", "政府购买服务公告", "announcements"),
    ("noticeindexpage", "通知公告", "notices"),
]


def _step(n):
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = ALPHABET[r] + out
    return out.rjust(STEPLEN, "0")


def _permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": codename}
    )
    return permission


def _add_sections(apps, home):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    now = timezone.now()
    for model, title, slug in SECTIONS:
        Model = apps.get_model("cms", model)
        if (
            Model.objects.exists()
            or Page.objects.filter(
                path__startswith=home.path, depth=home.depth + 1, slug=slug
            ).exists()
        ):
            continue
        last = (
            Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
            .order_by("-path")
            .first()
        )
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
        Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)
        home.numchild += 1


def setup(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    ContentType = apps.get_model("contenttypes.ContentType")
    Task = apps.get_model("cms.FourEyesApprovalTask")
    HomePage = apps.get_model("cms", "HomePage")

    home_specific = HomePage.objects.order_by("pk").first()
    home = Page.objects.get(pk=home_specific.pk) if home_specific else None

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    access_admin = _permission(apps, "wagtailadmin", "admin", "access_admin")
    page_codenames = {
        editors: ["add_page", "change_page"],
        moderators: ["add_page", "change_page", "lock_page", "unlock_page"],
    }
    root_collection = Collection.objects.filter(depth=1).first()
    for group, codenames in page_codenames.items():
        group.permissions.add(access_admin)
        if home is not None:
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page=home,
                    permission=_permission(apps, "wagtailcore", "page", codename),
                )
        if root_collection is not None:
            for app_label, model, codename in [
                ("wagtaildocs", "document", "add_document"),
                ("wagtaildocs", "document", "change_document"),
                ("wagtaildocs", "document", "choose_document"),
                ("wagtailimages", "image", "add_image"),
                ("wagtailimages", "image", "choose_image"),
            ]:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=_permission(apps, app_label, model, codename),
                )
    moderators.permissions.add(_permission(apps, "cms", "cataloguepage", "manage_catalogue"))

    task_type, _ = ContentType.objects.get_or_create(app_label="cms", model="foureyesapprovaltask")
    task = Task.objects.filter(name="审核发布").first()
    if task is None:
        task = Task.objects.create(name="审核发布", content_type=task_type, active=True)
    task.groups.add(moderators)
    workflow, created = Workflow.objects.get_or_create(
        name="网站发布审核", defaults={"active": True}
    )
    if created:
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    if home is not None:
        WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
        _add_sections(apps, home)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_public_site_pages"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]
    operations = [migrations.RunPython(setup, migrations.RunPython.noop)]
