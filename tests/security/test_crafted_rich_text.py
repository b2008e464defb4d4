"""A rich-text body holding a crafted entity (saved through the raw contentstate or straight into
the database) must not make the page editor or the public page answer 500 (issue 18.18)."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from cms.models import NoticeIndexPage, NoticePage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CRAFTED = {
    "image with unknown id": '<embed embedtype="image" id="999999" format="left"/>',
    "image with non-numeric id": '<embed embedtype="image" id="abc" format="left"/>',
    "image without id": '<embed embedtype="image" format="left"/>',
    "image id out of range": '<embed embedtype="image" id="99999999999999999999" format="left"/>',
    "image with unknown format": '<embed embedtype="image" id="{image}" format="nosuch"/>',
    "image without format": '<embed embedtype="image" id="{image}"/>',
    "image without attributes": '<embed embedtype="image"/>',
    "unknown embed type": '<embed embedtype="nosuch" id="1"/>',
    "page link with non-numeric id": '<p><a linktype="page" id="abc">链接</a></p>',
    "page link without id": '<p><a linktype="page">链接</a></p>',
    "page link id out of range": '<p><a linktype="page" id="99999999999999999999">链接</a></p>',
    "document link with non-numeric id": '<p><a linktype="document" id="x">附件</a></p>',
    "document link without id": '<p><a linktype="document">附件</a></p>',
    "unknown link type": '<p><a linktype="nosuch" id="1">链接</a></p>',
}


@pytest.fixture
def image():
    buf = io.BytesIO()
    PILImage.new("RGB", (40, 30), "blue").save(buf, "PNG")
    return get_image_model().objects.create(
        title="示意图", file=ImageFile(io.BytesIO(buf.getvalue()), name="pic.png")
    )


@pytest.fixture
def site_editor():
    user = UserFactory(real_name="网站编辑甲")
    user.groups.add(Group.objects.get(name="网站编辑"))
    return user


def crafted_page(html):
    """A published notice whose body (live row and latest revision) holds ``html``."""
    page = NoticePage(
        title="关于开展社区服务的通知",
        slug="crafted",
        issuer="示范市民政局",
        date=datetime.date(2025, 3, 1),
        body="<p>正文</p>",
    )
    NoticeIndexPage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    NoticePage.objects.filter(pk=page.pk).update(body=html)
    revision = page.latest_revision
    revision.content["body"] = html
    revision.save(update_fields=["content"])
    return page


@pytest.mark.parametrize("html", CRAFTED.values(), ids=CRAFTED.keys())
def test_crafted_entity_does_not_break_the_editor_or_the_page(client, site_editor, image, html):
    page = crafted_page(html.format(image=image.pk))
    client.raise_request_exception = False
    client.force_login(site_editor)

    editor = client.get(f"/admin/pages/{page.pk}/edit/")
    assert editor.status_code == 200

    client.logout()
    public = client.get(page.url)
    assert public.status_code == 200
    assert "关于开展社区服务的通知" in public.content.decode()


def test_unknown_image_format_falls_back_to_a_listed_one(client, image):
    page = crafted_page(f'<embed embedtype="image" id="{image.pk}" format="nosuch"/>')
    body = client.get(page.url).content.decode()
    assert 'src="/media/images/pic' in body


def test_editor_saves_a_crafted_page_link_as_a_plain_link(client, site_editor):
    """Loading and saving the page again through the editor keeps the text, drops the bad id."""
    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
    from wagtail.rich_text import features

    converter = ContentstateConverter(features.get_default_features())
    contentstate = converter.from_database_format('<p><a linktype="page" id="abc">链接</a></p>')
    html = converter.to_database_format(contentstate)
    assert "链接" in html
    assert "abc" not in html
