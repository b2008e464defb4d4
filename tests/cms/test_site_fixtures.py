"""A government website's fixtures (issue 19 point 8): the footer's 网站标识码, ICP备案号,
公安机关备案号, 联系我们 and 隐私声明 from the site settings; a call page's contact and its
申报指南 and 预算明细表 downloads."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook
from pypdf import PdfReader
from wagtail.models import Site

from cms import demo_site_files
from cms.models import CallIndexPage, NoticePage, SiteIdentity
from tests.cms.conftest import add_page
from tests.cms.test_call_page import call_page, make_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def identity(site):
    privacy = add_page(
        site.notices,
        NoticePage(title="隐私声明", slug="privacy", issuer="示范市民政局", body="<p>x</p>"),
    )
    identity = SiteIdentity.for_site(Site.objects.get(is_default_site=True))
    identity.site_code = "4403000001"
    identity.icp_number = "粤ICP备00000000号"
    identity.police_number = "粤公网安备44030002000001号"
    identity.contact_address = "示范区民政路1号"
    identity.contact_phone = "0755-26600000"
    identity.contact_email = "mzj@example.gov.cn"
    identity.privacy_page = privacy
    identity.save()
    return identity


def test_footer_shows_the_site_identity_and_privacy_link(client, identity):
    html = client.get("/").content.decode()
    footer = html[html.index("<footer") :]
    assert "网站标识码：4403000001" in footer
    assert 'href="https://beian.miit.gov.cn/"' in footer and "粤ICP备00000000号" in footer
    assert "code=44030002000001" in footer and "粤公网安备44030002000001号" in footer
    assert "示范区民政路1号" in footer and 'href="tel:0755-26600000"' in footer
    assert 'href="mailto:mzj@example.gov.cn"' in footer
    assert f'href="{identity.privacy_page.url}"' in footer and "隐私声明" in footer


def test_footer_without_settings_shows_no_empty_identity(client, site):
    footer = client.get("/").content.decode().split("<footer", 1)[1]
    assert "网站标识码" not in footer and "隐私声明" not in footer and "联系我们" not in footer


def test_footer_hides_an_unpublished_privacy_page(client, identity):
    identity.privacy_page.unpublish()
    assert "隐私声明" not in client.get("/").content.decode().split("<footer", 1)[1]


def test_site_code_must_be_ten_digits(site):
    identity = SiteIdentity(site=Site.objects.get(is_default_site=True), site_code="44030001")
    with pytest.raises(ValidationError) as error:
        identity.full_clean()
    assert "网站标识码为10位数字" in str(error.value)


def test_call_page_shows_contact_and_downloads_guide_and_budget_template(client, site):
    page = call_page(CallIndexPage.objects.get(), make_call())
    demo_site_files.furnish_call_page(page)
    page.refresh_from_db()

    html = client.get(page.url).content.decode()
    assert "咨询联系方式" in html and demo_site_files.CONTACT_NAME in html
    assert 'href="tel:0755-26600001"' in html
    files = {f.title: f.document for f in page.guideline_files.select_related("document")}
    guide, budget = files["申报指南（PDF）"], files["预算明细表模板（XLSX）"]
    assert f'href="{guide.url}"' in html and f'href="{budget.url}"' in html

    response = client.get(guide.url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    assert "申报指南" in "".join(p.extract_text() for p in pdf.pages)

    response = client.get(budget.url)
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [c.value for c in sheet[3]] == demo_site_files.BUDGET_HEADER

    # Idempotent: a second run adds neither files nor a revision.
    revisions = page.revisions.count()
    demo_site_files.furnish_call_page(page)
    assert page.guideline_files.count() == 2 and page.revisions.count() == revisions
