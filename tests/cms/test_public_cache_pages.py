"""Wagtail pages kept by the public page cache: publishing, editing and unpublishing a page
refreshes it and the home and index pages listing it at once (core.public_cache)."""

import datetime

import pytest

from cms.models import NoticePage
from core.public_cache.middleware import HEADER
from tests.cms.conftest import add_page

pytestmark = pytest.mark.django_db


def kept(client, url) -> str:
    client.get(url)
    answer = client.get(url)
    assert answer[HEADER] == "hit"
    return answer.content.decode()


def notice(title, slug):
    return NoticePage(
        title=title,
        slug=slug,
        issuer="示范市民政局",
        body="<p>正文</p>",
        date=datetime.date(2026, 1, 5),
    )


def test_publish_edit_unpublish_reach_kept_pages(client, site):
    index = site.notices.url
    assert "社区服务项目公告" not in kept(client, index)
    kept(client, "/")
    page = add_page(site.notices, notice("社区服务项目公告", "notice-a"))
    assert "社区服务项目公告" in client.get(index).content.decode()
    url = page.url
    assert "社区服务项目公告" in kept(client, url)
    page.title = "社区服务项目公告（更正）"
    page.save_revision().publish()
    assert "社区服务项目公告（更正）" in client.get(url).content.decode()
    assert "社区服务项目公告（更正）" in kept(client, index)
    page.unpublish()
    assert client.get(url).status_code == 404
    assert "社区服务项目公告" not in client.get(index).content.decode()


def test_draft_does_not_reach_the_public_page(client, site):
    page = add_page(site.notices, notice("已发布的公告", "notice-b"))
    url = page.url
    kept(client, url)
    page.title = "尚未发布的草稿标题"
    page.save_revision()  # a draft: the public still sees the published page
    html = client.get(url).content.decode()
    assert "已发布的公告" in html and "尚未发布的草稿标题" not in html


def test_catalogue_entry_edit_reaches_kept_page(client, site):
    from tests.cms.conftest import entry, make_catalogue

    catalogue = make_catalogue(site)
    item = entry(catalogue, "A01", "居家养老服务")
    url = item.url
    assert "居家养老服务" in kept(client, url)
    item.title = "居家社区养老服务"
    item.save_revision().publish()
    assert "居家社区养老服务" in client.get(url).content.decode()
