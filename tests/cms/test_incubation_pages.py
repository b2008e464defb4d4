"""Public incubation pages as Wagtail pages (issue 8 item 7): editable introduction and pictures
around the base's live figures; the old /incubation/ addresses lead there."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from cms.models import IncubationBaseImage, IncubationBasePage, IncubationIndexPage
from cms.search import site_search
from tests.cms.conftest import add_page
from tests.orgs.incubation_support import (
    FOUNDER_EMAIL,
    FOUNDER_PHONE,
    full_points,
    incubating,
    move,
    org_application,
    team_application,
)

pytest_plugins = ["tests.orgs.incubation_fixtures"]


@pytest.fixture
def index(site):
    return IncubationIndexPage.objects.get()


def base_page(index, base, **fields):
    return add_page(
        index,
        IncubationBasePage(
            title=fields.pop("title", base.name),
            slug=fields.pop("slug", f"base-{base.pk}"),
            base=base,
            introduction=fields.pop("introduction", "<p>区民政局建设的孵化基地。</p>"),
            **fields,
        ),
    )


@pytest.fixture
def outcomes(base, team_lead, org_b, outsider, incubator_manager, freeze):
    from orgs.incubation import actions

    freeze(datetime.date(2025, 3, 3))
    team = incubating(
        team_application(base, team_lead), manager=incubator_manager, applicant=team_lead
    )
    grad = incubating(
        org_application(base, org_b, outsider, service_field="青少年成长"),
        manager=incubator_manager,
        applicant=outsider,
        desk="A-02",
    )
    grad = move(grad, "start_midterm", by=incubator_manager)
    _a, grad = actions.record_assessment(
        incubation=grad, by=incubator_manager, points=full_points(base)
    )
    grad = move(grad, "start_final", by=incubator_manager)
    freeze(datetime.date(2026, 3, 10))
    _a, grad = actions.record_assessment(
        incubation=grad, by=incubator_manager, points=full_points(base)
    )
    return team, grad


def test_base_page_shows_introduction_pictures_and_live_figures(client, index, base, outcomes):
    page = base_page(index, base, introduction="<p>免费工位，<b>一年</b>孵化期。</p>")
    image = get_image_model().objects.create(title="基地", file=get_test_image_file())
    IncubationBaseImage.objects.create(page=page, image=image, caption="基地共享办公区")

    html = client.get(page.url).content.decode()

    assert "<h1>南山区社会组织孵化基地</h1>" in html
    assert "<p>免费工位，<b>一年</b>孵化期。</p>" in html
    assert 'alt="基地共享办公区"' in html and "<figcaption>基地共享办公区</figcaption>" in html
    assert "工位2个（已使用1个，空余1个），办公室1间" in html
    assert "导师辅导、财务代账、能力建设培训" in html
    assert "在孵1家，已出壳1家" in html
    assert f'href="/portal/incubation/bases/{base.pk}/apply/"' in html
    assert "南山区晨曦助老服务中心（筹备中）" in html
    assert "彩虹社区服务中心" in html and "青少年成长" in html and "<td>2026</td>" in html
    for secret in (FOUNDER_PHONE, FOUNDER_EMAIL, "秘密发起人"):
        assert secret not in html


def test_old_addresses_redirect_to_the_pages(client, index, base, outcomes):
    page = base_page(index, base)
    response = client.get(f"/incubation/{base.pk}/")
    assert (response.status_code, response["Location"]) == (302, page.url)
    response = client.get("/incubation/")
    assert (response.status_code, response["Location"]) == (302, index.url)
    assert client.get("/incubation/999/").status_code == 404


def test_base_without_a_page_keeps_its_plain_page(client, index, base, outcomes):
    response = client.get(f"/incubation/{base.pk}/")
    assert response.status_code == 200
    assert "<h1>南山区社会组织孵化基地</h1>" in response.content.decode()


def test_index_lists_bases_linking_to_their_pages(client, index, base, outcomes):
    page = base_page(index, base)
    html = client.get(index.url).content.decode()
    assert f'<a href="{page.url}">南山区社会组织孵化基地</a>' in html
    assert "<dt>累计入孵</dt><dd>2</dd>" in html.replace("\n", "")
    for secret in (FOUNDER_PHONE, FOUNDER_EMAIL, "秘密发起人"):
        assert secret not in html


def test_portal_links_reach_the_page(client, index, base, incubator_manager):
    page = base_page(index, base)
    client.force_login(incubator_manager)
    response = client.get(f"/incubation/{base.pk}/", follow=True)
    assert response.redirect_chain == [(page.url, 302)]


def test_one_page_per_base(index, base):
    base_page(index, base)
    with pytest.raises(ValidationError, match="已存在"):
        base_page(index, base, slug="again")


def test_base_page_escapes_base_data(client, index, base):
    base.description = "<script>alert(1)</script>"
    base.services = "<b>辅导</b>"
    base.save()
    html = client.get(base_page(index, base, introduction="").url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;辅导&lt;/b&gt;" in html


def test_base_page_is_found_by_chinese_search(index, base):
    page = base_page(index, base, introduction="<p>为初创社会组织提供财务托管服务</p>")
    assert site_search("财务托管", "incubation") == [page.pk]


def test_base_page_query_count(client, index, base, outcomes, django_assert_max_num_queries):
    page = base_page(index, base)
    client.get(page.url)
    with django_assert_max_num_queries(25):
        assert client.get(page.url).status_code == 200
