"""What Wagtail's own migrations seed in English, made the bureau's.

* The tree's root page is titled "Root": it becomes 根页面; the root collection "Root" becomes
  全部文件.
* Wagtail's default groups Editors and Moderators and its workflow "Moderators approval" (with
  its task) duplicate the platform's 网站编辑, 网站审核 and 网站发布审核 (cms 0004), and Moderators may
  publish directly, past the four-eyes task. Unused ones are removed; a group that has members or
  a workflow that has run is kept and renamed, so nothing anyone did is lost.
"""

from django.db import migrations

ROOT_TITLE = "根页面"
ROOT_COLLECTION = "全部文件"
GROUPS = {"Editors": "编辑（Wagtail 默认组）", "Moderators": "审核员（Wagtail 默认组）"}
WORKFLOW = "Moderators approval"
WORKFLOW_RENAMED = "审核员审批（Wagtail 默认流程）"


def to_chinese(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    Task = apps.get_model("wagtailcore", "Task")
    TaskState = apps.get_model("wagtailcore", "TaskState")

    Page.objects.filter(depth=1, title="Root").update(title=ROOT_TITLE, draft_title=ROOT_TITLE)
    Collection = apps.get_model("wagtailcore", "Collection")
    Collection.objects.filter(depth=1, name="Root").update(name=ROOT_COLLECTION)

    for workflow in Workflow.objects.filter(name=WORKFLOW):
        if WorkflowState.objects.filter(workflow=workflow).exists():
            Workflow.objects.filter(pk=workflow.pk).update(name=WORKFLOW_RENAMED)
        else:
            workflow.delete()
    for task in Task.objects.filter(name=WORKFLOW):
        if TaskState.objects.filter(task=task).exists() or task.workflow_tasks.exists():
            Task.objects.filter(pk=task.pk).update(name=WORKFLOW_RENAMED)
        else:
            task.delete()

    for name, renamed in GROUPS.items():
        for group in Group.objects.filter(name=name):
            if group.user_set.exists() or Group.objects.filter(name=renamed).exists():
                Group.objects.filter(pk=group.pk).update(name=renamed)
            else:
                group.delete()


class Migration(migrations.Migration):
    dependencies = [("cms", "0008_site_identity_rows")]

    operations = [migrations.RunPython(to_chinese, migrations.RunPython.noop)]
