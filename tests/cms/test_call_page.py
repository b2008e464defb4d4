"""The public call page (issue 4 item 3): guidelines around one call's live facts."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model

from cms.models import CallGuidelineFile, CallIndexPage, CallPage
from cms.search import site_search
from grants.models import CallCategory, RequiredAttachment
from tests.cms.conftest import add_page
from tests.factories import CallFactory

BEIJING_OPEN = datetime.datetime(2026, 3, 1, 1, 0, tzinfo=datetime.UTC)  # 09:00 in Beijing
BEIJING_CLOSE = datetime.datetime(2026, 3, 31, 9, 30, tzinfo=datetime.UTC)  # 17:30 in Beijing


@pytest.fixture
def calls_index(site):
    return CallIndexPage.objects.get()


def make_call(**fields):
    defaults = {
        "title": "2026年南山区第五届公益创投大赛",
        "edition": "第五届",
        "total_budget": Decimal("3500000.00"),
        "per_project_cap": Decimal("200000.00"),
        "categories": ["扶老"],
    }
    return CallFactory(**{**defaults, **fields})


def call_page(index, call, *, publish=True, slug=None, **fields):
    return add_page(
        index,
        CallPage(
            title=fields.pop("title", call.title),
            slug=slug or f"call-{call.pk}",
            call=call,
            guidelines=fields.pop("guidelines", "<p>请在线填写申报书。</p>"),
            **fields,
        ),
        publish=publish,
    )


@pytest.fixture
def full_call(db):
    call = make_call(
        opens_at=BEIJING_OPEN,
        closes_at=BEIJING_CLOSE,
        completion_deadline=BEIJING_CLOSE + datetime.timedelta(days=7),
        min_grade=3,
        min_years_registered=2,
        require_verified=True,
        categories=[],
    )
    CallCategory.objects.create(call=call, name="扶老", quota_count=6, sort_order=0)
    CallCategory.objects.create(
        call=call, name="社区治理", quota_budget=Decimal("800000.00"), sort_order=1
    )
    RequiredAttachment.objects.create(call=call, name="项目预算明细表（盖章）")
    RequiredAttachment.objects.create(call=call, name="审计报告", required=False, sort_order=1)
    return call


def test_call_page_renders_every_fact_of_the_call(client, calls_index, full_call):
    page = call_page(calls_index, full_call, guidelines="<h3>资助方向</h3><p>一老一小</p>")
    document = get_document_model().objects.create(
        title="申报指南", file=ContentFile(b"guide", "guide.pdf")
    )
    CallGuidelineFile.objects.create(page=page, document=document, title="申报指南（PDF）")

    response = client.get(page.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 id="call-title" class="document__title">2026年南山区第五届公益创投大赛</h1>' in html
    assert "征集中" in html  # the call's state label
    # Dates in Beijing time, money with two decimals and separators.
    assert "2026年3月1日 09:00 — 2026年3月31日 17:30（北京时间）" in html
    assert "3,500,000.00" in html and "200,000.00" in html
    # Categories with quotas.
    assert "<td>扶老</td><td>—</td><td>6</td>" in html
    assert "<td>社区治理</td><td>—</td><td>不限</td><td>800,000.00</td>" in html
    # Eligibility in plain words and required documents.
    assert "<li>等级评估3A及以上</li>" in html
    assert "<li>成立满2年</li>" in html
    assert "<li>已在本平台完成组织认证</li>" in html
    assert "<li>项目预算明细表（盖章）</li>" in html
    assert "<li>审计报告（选交）</li>" in html
    assert "承诺书（法定代表人签字并加盖公章的扫描件）" in html
    # Guidelines and a downloadable file.
    assert "<h3>资助方向</h3><p>一老一小</p>" in html
    assert f'<a href="{document.url}">申报指南（PDF）</a>' in html
    assert client.get(document.url).status_code == 200


def test_call_page_apply_button_leads_to_the_portal_sign_in(client, calls_index, db):
    call = make_call()
    page = call_page(calls_index, call)
    html = client.get(page.url).content.decode()
    apply_url = reverse("portal:call_detail", args=[call.pk])
    assert f'<a class="button" href="{apply_url}">登录后申报</a>' in html
    response = client.get(apply_url)
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


def test_call_page_without_apply_button_once_closed(client, calls_index, db):
    now = timezone.now()
    call = make_call(
        state="closed",
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now - datetime.timedelta(days=1),
    )
    html = client.get(call_page(calls_index, call).url).content.decode()
    assert "登录后申报" not in html
    assert "该征集已截止申报" in html
    assert "已截止" in html


def test_call_page_escapes_html_typed_into_the_call(client, calls_index, db):
    call = make_call(
        title="<script>alert('t')</script>征集",
        description="<img src=x onerror=alert(1)>",
        categories=["<b>扶老</b>"],
    )
    RequiredAttachment.objects.create(call=call, name="<i>预算表</i>")
    page = call_page(calls_index, call, title="安全标题")
    html = client.get(page.url).content.decode()
    assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt;征集" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;b&gt;扶老&lt;/b&gt;" in html
    assert "&lt;i&gt;预算表&lt;/i&gt;" in html


def test_call_page_of_a_draft_call_is_never_shown(client, calls_index, db):
    call = make_call(state="draft", title="尚未发布的征集")
    page = call_page(calls_index, call)  # the page itself was published by mistake
    assert client.get(page.url).status_code == 404
    index_html = client.get(calls_index.url).content.decode()
    assert "尚未发布的征集" not in index_html
    assert site_search("尚未发布") == []
    assert page.get_sitemap_urls() == []
    sitemap = client.get("/sitemap.xml").content.decode()
    assert page.url not in sitemap


def test_unpublished_call_page_is_not_shown(client, calls_index, db):
    page = call_page(calls_index, make_call(), publish=False, live=False)
    assert client.get(f"/calls/{page.slug}/").status_code == 404


def test_call_index_lists_open_calls_first(client, calls_index, db):
    now = timezone.now()
    closed = make_call(
        title="往届征集",
        state="closed",
        opens_at=now - datetime.timedelta(days=60),
        closes_at=now - datetime.timedelta(days=30),
    )
    open_call = make_call(title="正在征集的项目A")
    call_page(calls_index, closed)
    call_page(calls_index, open_call)
    response = client.get(calls_index.url)
    accepting = [p.call.title for p in response.context["accepting"]]
    others = [p.call.title for p in response.context["others"]]
    assert (accepting, others) == (["正在征集的项目A"], ["往届征集"])


def test_call_page_is_found_by_chinese_search(client, calls_index, db):
    call = make_call(title="长者助餐服务购买项目", categories=["长者助餐"])
    page = call_page(calls_index, call, guidelines="<p>面向独居长者提供上门送餐</p>")
    assert site_search("助餐", "calls") == [page.pk]
    assert site_search("上门送餐") == [page.pk]
    html = client.get("/search/", {"q": "助餐", "kind": "calls"}).content.decode()
    assert f'<a href="{page.url}">长者<mark>助餐</mark>服务购买项目</a>' in html


def test_home_page_links_open_calls_to_their_public_page(client, site, calls_index, db):
    with_page = make_call(title="有公开页面的征集")
    without_page = make_call(title="没有公开页面的征集")
    page = call_page(calls_index, with_page)
    html = client.get("/").content.decode()
    assert f'<a href="{page.url}">有公开页面的征集</a>' in html
    portal = reverse("portal:call_detail", args=[without_page.pk])
    assert f'<a href="{portal}">没有公开页面的征集</a>' in html


def test_one_public_page_per_call(calls_index, db):
    from django.core.exceptions import ValidationError

    call = make_call()
    call_page(calls_index, call)
    with pytest.raises(ValidationError, match="已存在"):
        call_page(calls_index, call, slug="second")


def test_call_pages_query_count_is_constant(client, calls_index, db, django_assert_max_num_queries):
    for i in range(8):
        call = make_call(title=f"征集{i}", categories=["扶老", "助残", "济困"])
        RequiredAttachment.objects.create(call=call, name="预算表")
        call_page(calls_index, call)
    page = CallPage.objects.first()
    client.get(page.url)  # warm caches (site root, etc.)
    client.get(calls_index.url)
    # Measured: 15 for a call page, 10 for the index of 8 calls (constant in the number of calls).
    with django_assert_max_num_queries(16):
        assert client.get(page.url).status_code == 200
    with django_assert_max_num_queries(11):
        assert client.get(calls_index.url).status_code == 200


def test_editor_adds_a_call_page_in_the_admin(admin_client, calls_index, db):
    call = make_call(title="后台新建页面的征集")
    url = reverse("wagtailadmin_pages:add", args=["cms", "callpage", calls_index.pk])
    form = admin_client.get(url).content.decode()
    assert 'name="call"' in form and "后台新建页面的征集" in form
    response = admin_client.post(
        url,
        {
            "title": "后台新建页面的征集",
            "slug": "from-admin",
            "call": call.pk,
            "summary": "",
            "guidelines": '{"blocks":[{"key":"a","type":"unstyled","text":"指南正文",'
            '"depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
            "guideline_files-TOTAL_FORMS": "0",
            "guideline_files-INITIAL_FORMS": "0",
            "guideline_files-MIN_NUM_FORMS": "0",
            "guideline_files-MAX_NUM_FORMS": "1000",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302
    page = CallPage.objects.get(slug="from-admin")
    assert (page.call, page.live) == (call, True)
