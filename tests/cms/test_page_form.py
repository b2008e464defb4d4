"""The page editor refuses a rich-text value Draftail cannot have sent, instead of failing
(`core.admin_fields`)."""

import pytest
from wagtail.fields import RichTextField
from wagtail.models import Page, Revision

from cms.models import HomePage, NoticePage
from core.admin_fields import UNREADABLE_RICH_TEXT, GuardedRichTextField
from tests.cms.conftest import add_page

pytestmark = pytest.mark.django_db


def notice_edit_data(page, body):
    return {
        "title": page.title,
        "slug": page.slug,
        "date": "2026-03-01",
        "category": "notice",
        "issuer": "示范市民政局",
        "body": body,
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
    }


@pytest.fixture
def notice(site):
    page = NoticePage(title="关于开展公益创投的通知", slug="venture", issuer="示范市民政局")
    page.body = "<p>现开展公益创投活动。</p>"
    return add_page(site.notices, page)


@pytest.mark.parametrize("body", ["正文", "-1", "NaN", "[]", '{"blocks": 1}'])
def test_page_form_refuses_unreadable_rich_text(client, editor, notice, body):
    client.force_login(editor)
    revisions = Revision.objects.count()
    response = client.post(f"/admin/pages/{notice.pk}/edit/", notice_edit_data(notice, body))
    assert response.status_code == 200
    assert response.context["form"].errors == {"body": [UNREADABLE_RICH_TEXT]}
    assert Revision.objects.count() == revisions
    assert NoticePage.objects.get(pk=notice.pk).body == "<p>现开展公益创投活动。</p>"


def test_page_form_saves_the_editors_content_state(client, editor, notice):
    client.force_login(editor)
    body = '{"blocks": [{"key": "a", "type": "unstyled", "text": "新正文", "depth": 0, '
    body += '"inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}'
    response = client.post(f"/admin/pages/{notice.pk}/edit/", notice_edit_data(notice, body))
    assert response.status_code == 302
    assert NoticePage.objects.get(pk=notice.pk).get_latest_revision_as_object().body == (
        '<p data-block-key="a">新正文</p>'
    )


def test_every_rich_text_field_of_our_page_types_is_guarded():
    ours = [m for m in Page.__subclasses__() if m._meta.app_label == "cms"]
    assert HomePage in ours
    checked = 0
    for model in ours:
        for concrete in [model, *model.__subclasses__()]:
            form = concrete.get_edit_handler().get_form_class()
            for field in concrete._meta.get_fields():
                if isinstance(field, RichTextField) and field.name in form.base_fields:
                    assert isinstance(form.base_fields[field.name], GuardedRichTextField), field
                    checked += 1
    assert checked >= 10
