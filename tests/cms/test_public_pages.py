"""Pages fit for the public: structure, breadcrumbs, filters, sitemap, home sections."""

import datetime
import re
from html.parser import HTMLParser
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model

from cms.models import CatalogueEntryPage, NoticeAttachment, NoticePage
from tests.cms.conftest import add_page, build_catalogue, make_catalogue

pytestmark = pytest.mark.django_db


class Outline(HTMLParser):
    """Collects what an accessibility check needs from a page."""

    def __init__(self):
        super().__init__()
        self.headings, self.mains, self.lang = [], 0, None
        self.labels, self.controls, self.breadcrumbs = set(), [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "main":
            self.mains += 1
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit"):
            self.controls.append(attrs.get("id"))
        if tag == "nav" and attrs.get("class") == "breadcrumbs":
            self.breadcrumbs += 1


def outline(response):
    parser = Outline()
    parser.feed(response.content.decode())
    return parser


def assert_fit_for_public(response):
    assert response.status_code == 200
    page = outline(response)
    assert page.lang == "zh-hans"
    assert page.mains == 1
    assert page.breadcrumbs == 1
    assert page.headings.count(1) == 1 and page.headings[0] == 1, page.headings
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        assert after <= before + 1, page.headings  # no skipped levels
    unlabelled = [c for c in page.controls if c not in page.labels]
    assert not unlabelled, unlabelled


def notice(site, n, **kw):
    values = {
        "title": f"通知{n}",
        "slug": f"notice-{n}",
        "issuer": "示范市民政局",
        "body": "<p>正文</p>",
        "date": datetime.date(2025, 1, 1) + datetime.timedelta(days=n),
    }
    values.update(kw)
    return add_page(site.notices, NoticePage(**values))


def test_every_public_page_is_fit_for_the_public(client, site):
    catalogue = build_catalogue(make_catalogue(site), 3)
    entry = CatalogueEntryPage.objects.get(code="A-1-3")
    notice(site, 1)
    for url in [
        "/",
        site.catalogues.url,
        catalogue.url,
        entry.get_parent().url,
        entry.url,
        site.notices.url,
        "/notices/notice-1/",
        site.announcements.url,
        "/search/?q=养老",
        f"{site.catalogues.url}compare/",
    ]:
        assert_fit_for_public(client.get(url))


def test_breadcrumbs_lead_home(client, site):
    build_catalogue(make_catalogue(site), 1)
    item = CatalogueEntryPage.objects.get(code="A-1-1")
    html = client.get(item.url).content.decode()
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group()
    assert re.findall(r">([^<>]+)</a>", crumbs) == [
        "首页",
        "指导性目录",
        "示范市政府购买服务指导性目录（2025年版）",
        "公共服务",
        "第1类服务",
    ]
    assert '<li aria-current="page">社区服务事项1</li>' in crumbs


def test_item_page_shows_every_published_condition(client, site):
    build_catalogue(make_catalogue(site), 1)
    item = CatalogueEntryPage.objects.get(code="A-1-1")
    item.provider_requirements = "配备持证社会工作者"
    item.performance_standard = "服务对象满意度不低于90%"
    item.save_revision().publish()
    html = client.get(item.url).content.decode()
    for text in [
        "<dt>服务内容</dt><dd>面向社区居民的第1项养老服务。</dd>",
        "<dt>承接主体资格条件</dt><dd>配备持证社会工作者</dd>",
        "<dt>通常采用的购买方式</dt><dd>竞争性磋商</dd>",
        "<dt>绩效评价标准</dt><dd>服务对象满意度不低于90%</dd>",
        "<dt>有效期</dt><dd>2025年1月1日 至 2025年12月31日</dd>",
        "<dt>发布部门</dt><dd>示范市民政局</dd>",
    ]:
        assert text in html


def test_notices_newest_first_paginated_and_filtered(client, site):
    for n in range(1, 18):
        notice(site, n, category="policy" if n % 2 else "news")
    notice(site, 40, issuer="示范市社会组织管理局", date=datetime.date(2024, 6, 1))
    html = client.get(site.notices.url).content.decode()
    titles = re.findall(r'<a href="/notices/notice-\d+/">([^<]+)</a>', html)
    assert titles[:3] == ["通知17", "通知16", "通知15"]
    assert len(titles) == 15
    assert "第 1 页，共 2 页，18 条" in html

    html = client.get(site.notices.url, {"year": "2024"}).content.decode()
    assert re.findall(r'<a href="/notices/notice-\d+/">([^<]+)</a>', html) == ["通知40"]
    html = client.get(site.notices.url, {"issuer": "示范市社会组织管理局"}).content.decode()
    assert re.findall(r'<a href="/notices/notice-\d+/">([^<]+)</a>', html) == ["通知40"]
    html = client.get(site.notices.url, {"category": "news", "year": "2025"}).content.decode()
    found = re.findall(r'<a href="/notices/notice-\d+/">([^<]+)</a>', html)
    assert found == [f"通知{n}" for n in (16, 14, 12, 10, 8, 6, 4, 2)]
    assert '<option value="news" selected>工作动态</option>' in html
    page2 = client.get(site.notices.url, {"page": "2"}).content.decode()
    assert re.findall(r'<a href="/notices/notice-\d+/">([^<]+)</a>', page2) == [
        "通知2",
        "通知1",
        "通知40",
    ]


def test_notice_attachments_are_listed(client, site):
    page = notice(site, 1)
    document = get_document_model().objects.create(
        title="附件一", file=ContentFile(b"%PDF-1.4 demo", name="attachment.pdf")
    )
    NoticeAttachment.objects.create(page=page, document=document, title="申报指南")
    html = client.get(page.url).content.decode()
    assert f'<a href="{document.url}">申报指南</a>' in html
    assert "（PDF" in html


def test_announcement_page_prints(client, site):
    html = client.get("/").content.decode()
    assert 'href="/static/css/print.css" media="print"' in html
    assert "data-print hidden" in client.get(notice(site, 1).url).content.decode()


def test_sitemap_lists_public_pages(client, site):
    catalogue = build_catalogue(make_catalogue(site), 2)
    response = client.get("/sitemap.xml")
    xml = response.content.decode()
    assert response.status_code == 200
    item = CatalogueEntryPage.objects.get(code="A-1-2")
    for page in [site.home, site.catalogues, catalogue, item]:
        assert f"<loc>http://localhost{page.url}</loc>" in xml or f"{page.url}</loc>" in xml


def test_home_page_lays_out_every_block(client, site):
    notice(site, 1, title="关于开展公益创投活动的通知")
    html = client.get("/").content.decode()
    for heading in ["正在征集", "公示", "政府购买服务公告", "通知公告"]:
        assert f'">{heading}</h2>' in html
    assert "目前没有正在征集的项目。" in html
    assert "目前没有正在进行的公示。" in html
    assert "暂无公告。" in html
    assert '<a href="/notices/notice-1/">关于开展公益创投活动的通知</a>' in html
    assert "本年度购买服务项目公告" in html


def test_home_sections_can_be_filled_by_other_apps(client, site):
    from wagtail import hooks

    def open_calls(request):
        return {
            "slot": "open_calls",
            "template": "cms/home/notices.html",
            "context": {"items": []},
            "more_url": "/calls/",
        }

    with hooks.register_temporarily("cms_home_section", open_calls):
        html = client.get("/").content.decode()
    assert "目前没有正在征集的项目。" not in html
    assert '<a class="panel__more" href="/calls/">' in html


def test_catalogue_download_is_public_xlsx(client, site):
    from openpyxl import load_workbook

    catalogue = build_catalogue(make_catalogue(site), 2)
    response = client.get(f"{catalogue.url}download/")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    assert [c.value for c in sheet["D"]][:3] == ["名称", "公共服务", "第1类服务"]


def test_home_lists_open_calls_and_incubation_figures(client, site):
    from tests.factories import CallFactory

    CallFactory(title="2026年南山区第五届公益创投")
    CallFactory(title="已截止的征集", state="closed")
    html = client.get("/").content.decode()
    assert "2026年南山区第五届公益创投" in html
    assert "已截止的征集" not in html
    assert "目前没有正在征集的项目。" not in html
    for label in ("累计入驻孵化的组织", "已出壳的组织", "孵化后获得资助的组织"):
        assert label in html


def test_main_navigation_reaches_every_public_section(client):
    response = client.get(reverse("needs_public:board"))
    body = response.content.decode()
    for name in (
        "review_public:index",
        "projects_public:directory",
        "evaluations_public:index",
        "needs_public:board",
    ):
        assert f'href="{reverse(name)}"' in body
    assert f'href="{reverse("needs_public:board")}" aria-current="true"' in body
