"""The admin's page chooser listed every page to anyone allowed into the admin: an incubator
manager, who holds no page permission, read the titles of unpublished pages there (issue 18.18)."""

import datetime

import pytest
from django.contrib.auth.models import Group

from cms.models import NoticeIndexPage, NoticePage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DRAFT_TITLE = "关于调整资助标准的内部草稿"
LIVE_TITLE = "关于开展公益创投大赛的通知"


@pytest.fixture
def pages():
    index = NoticeIndexPage.objects.get()
    made = {}
    for title, slug, publish in [(LIVE_TITLE, "live", True), (DRAFT_TITLE, "draft", False)]:
        page = NoticePage(
            title=title, slug=slug, issuer="示范市民政局", date=datetime.date(2025, 4, 1)
        )
        page.body = "<p>正文</p>"
        if not publish:
            page.live = False
        index.add_child(instance=page)
        if publish:
            page.save_revision().publish()
        made[slug] = page
    made["index"] = index
    return made


@pytest.fixture
def site_editor():
    user = UserFactory(real_name="网站编辑丁")
    user.groups.add(Group.objects.get(name="网站编辑"))
    return user


def html(response):
    """The chooser answers JSON (titles \\u-escaped) for the modal, or HTML."""
    if response["Content-Type"].startswith("application/json"):
        return response.json()["html"]
    return response.content.decode()


def chooser_pages(client, pages):
    return [
        client.get("/admin/choose-page/"),
        client.get(f"/admin/choose-page/{pages['index'].pk}/"),
        client.get("/admin/choose-page/search/", {"q": "关于"}),
        client.get("/admin/choose-page/search/", {"q": "内部草稿"}),
    ]


def test_incubator_manager_sees_no_draft_title(client, incubator_manager, pages):
    client.force_login(incubator_manager)
    responses = chooser_pages(client, pages)
    for response in responses:
        assert response.status_code == 200
        assert DRAFT_TITLE not in html(response)
    assert LIVE_TITLE in html(responses[1])
    assert LIVE_TITLE in html(responses[2])  # live pages can still be chosen


def test_incubator_manager_cannot_browse_below_a_draft(client, incubator_manager, pages):
    client.force_login(incubator_manager)
    response = client.get(f"/admin/choose-page/{pages['draft'].pk}/")
    assert response.status_code == 404
    assert DRAFT_TITLE not in html(response)


def test_site_editors_still_see_their_drafts(client, site_editor, pages):
    client.force_login(site_editor)
    response = client.get(f"/admin/choose-page/{pages['index'].pk}/")
    assert DRAFT_TITLE in html(response)
    assert LIVE_TITLE in html(response)
    assert DRAFT_TITLE in html(client.get("/admin/choose-page/search/", {"q": "关于"}))
    assert client.get(f"/admin/choose-page/{pages['draft'].pk}/").status_code == 200
