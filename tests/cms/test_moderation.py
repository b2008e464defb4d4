"""Publishing goes through moderation: one person submits, another approves."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Workflow

from cms.models import FourEyesApprovalTask, HomePage, NoticePage
from tests.cms.conftest import add_page

pytestmark = pytest.mark.django_db


def draft_notice(site, editor):
    page = NoticePage(
        title="关于开展公益创投活动的通知",
        slug="venture",
        issuer="示范市民政局",
        body="<p>现开展公益创投活动。</p>",
        live=False,
        owner=editor,
    )
    add_page(site.notices, page, publish=False)
    page.save_revision(user=editor)
    return page


def submit(page, user):
    workflow = page.get_workflow()
    workflow.start(page, user)
    page.refresh_from_db()
    return page


def approve(page, user):
    state = page.current_workflow_task_state
    state.task.specific.on_action(state, user, "approve")
    page.refresh_from_db()


def test_workflow_and_groups_cover_the_whole_site(site):
    workflow = Workflow.objects.get(name="网站发布审核")
    assert site.home.get_workflow() == workflow
    assert site.notices.get_workflow() == workflow
    task = workflow.tasks.get().specific
    assert isinstance(task, FourEyesApprovalTask)
    assert list(task.groups.values_list("name", flat=True)) == ["网站审核"]
    editors, moderators = Group.objects.get(name="网站编辑"), Group.objects.get(name="网站审核")
    assert set(editors.page_permissions.values_list("permission__codename", flat=True)) == {
        "add_page",
        "change_page",
    }
    assert "publish_page" not in moderators.page_permissions.values_list(
        "permission__codename", flat=True
    )
    assert moderators.permissions.filter(codename="manage_catalogue").exists()


def test_editors_and_moderators_cannot_publish_directly(site, editor, moderator):
    page = draft_notice(site, editor)
    assert not page.permissions_for_user(editor).can_publish()
    assert not page.permissions_for_user(moderator).can_publish()
    assert page.permissions_for_user(editor).can_submit_for_moderation()


def test_unapproved_page_is_not_public_until_approved(client, site, editor, moderator):
    page = submit(draft_notice(site, editor), editor)
    assert page.workflow_in_progress
    response = client.get("/notices/venture/")
    assert response.status_code == 404
    assert "关于开展公益创投活动的通知" not in client.get("/notices/").content.decode()

    approve(page, moderator)

    assert page.live is True
    response = client.get("/notices/venture/")
    assert response.status_code == 200
    assert "现开展公益创投活动。" in response.content.decode()


def test_submitter_cannot_approve_own_submission(site, moderator, second_moderator):
    page = submit(draft_notice(site, moderator), moderator)
    task = page.current_workflow_task.specific
    assert task.get_actions(page, moderator) == []
    assert [name for name, _label, _modal in task.get_actions(page, second_moderator)] == [
        "reject",
        "approve",
        "approve",
    ]
    assert page.current_workflow_task_state not in task.get_task_states_user_can_moderate(moderator)
    with pytest.raises(PermissionDenied):
        approve(page, moderator)
    page.refresh_from_db()
    assert page.live is False
    approve(page, second_moderator)
    assert page.live is True


def test_scheduled_publishing_waits_for_its_time(client, site, editor, moderator):
    page = draft_notice(site, editor)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=2)
    page.save_revision(user=editor)
    page = submit(page, editor)
    approve(page, moderator)
    assert page.live is False
    assert client.get("/notices/venture/").status_code == 404

    later = timezone.now() + datetime.timedelta(hours=3)
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled", verbosity=0)
    page.refresh_from_db()
    assert page.live is True
    assert client.get("/notices/venture/").status_code == 200


def test_revisions_are_kept(site, editor):
    page = draft_notice(site, editor)
    page.title = "关于开展公益创投活动的通知（修订）"
    page.save_revision(user=editor)
    titles = [r.as_object().title for r in page.revisions.order_by("created_at", "pk")]
    assert titles[-2:] == ["关于开展公益创投活动的通知", "关于开展公益创投活动的通知（修订）"]


def test_home_page_is_the_site_root():
    home = HomePage.objects.get()
    assert home.get_parent().pk == Page.objects.get(depth=1).pk
