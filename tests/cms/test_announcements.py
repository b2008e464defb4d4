"""Announcements: no budget, no publication; terms of at most one year, three with a reason."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cms.models import ContractAnnouncementPage, PurchaseAnnouncementPage
from cms.models.announcements import term_errors
from tests.cms.conftest import add_page, entry, make_catalogue

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def item(site):
    catalogue = make_catalogue(site)
    group = entry(entry(catalogue, "A", "公共服务"), "A-4", "社会保障服务")
    return entry(group, "A-4-1", "居家养老上门服务")


def purchase(item, **overrides):
    values = {
        "title": "居家养老上门服务项目公告",
        "slug": "elderly-care",
        "purchaser": "示范市民政局",
        "catalogue_entry": item,
        "budget": Decimal("1200000.00"),
        "service_content": "助餐、助洁、助浴",
        "purchase_method": "competitive_consultation",
        "term_start": D(2025, 1, 1),
        "term_end": D(2025, 12, 31),
    }
    values.update(overrides)
    return PurchaseAnnouncementPage(**values)


def test_term_of_one_year_is_accepted():
    assert term_errors(D(2025, 1, 1), D(2025, 12, 31), "") == {}
    assert term_errors(D(2025, 3, 1), D(2026, 3, 1), "") == {}


def test_term_over_one_year_needs_a_reason():
    errors = term_errors(D(2025, 1, 1), D(2026, 6, 30), "")
    assert list(errors) == ["multi_year_reason"]
    assert str(errors["multi_year_reason"]).startswith("服务期限超过一年的，须说明理由")
    assert term_errors(D(2025, 1, 1), D(2026, 6, 30), "连续性强、经费来源稳定的养老服务") == {}


def test_term_over_three_years_is_always_refused():
    errors = term_errors(D(2025, 1, 1), D(2028, 1, 2), "连续性强")
    assert {k: str(v) for k, v in errors.items()} == {
        "term_end": "服务期限不得超过三年（财政部令第102号第二十四条）。"
    }
    assert term_errors(D(2025, 1, 1), D(2027, 12, 31), "连续性强") == {}
    assert term_errors(D(2024, 2, 29), D(2027, 2, 28), "连续性强") == {}


def test_term_at_the_end_of_the_calendar_is_no_error():
    """Three years after 9999 is beyond the last date: it was a 500 (found by the page fuzz)."""
    assert term_errors(D(9999, 1, 1), D(9999, 12, 31), "") == {}
    assert "multi_year_reason" in term_errors(D(9998, 1, 1), D(9999, 12, 31), "")


def test_term_end_before_start_is_refused():
    errors = term_errors(D(2025, 6, 1), D(2025, 5, 31), "")
    assert str(errors["term_end"]) == "服务期限结束日期不得早于开始日期。"


def test_purchase_announcement_cannot_be_published_without_budget(site, item):
    page = add_page(site.announcements, purchase(item, budget=None, live=False), publish=False)
    # A draft without budget is fine …
    page.save_revision()
    # … publishing it is not.
    page.live = True
    with pytest.raises(ValidationError) as raised:
        page.full_clean()
    assert raised.value.message_dict["budget"] == ["发布前必须填写预算金额：没有预算，不得购买。"]
    with pytest.raises(ValidationError):
        page.get_latest_revision().publish()
    page.refresh_from_db()
    assert page.live is False


def test_purchase_announcement_with_budget_publishes(site, item):
    page = add_page(site.announcements, purchase(item))
    page.refresh_from_db()
    assert page.live is True
    assert page.budget == Decimal("1200000.00")


def test_purchase_announcement_needs_an_item_not_a_class(site, item):
    page = purchase(item, catalogue_entry=item.get_parent().specific)
    page.live = True
    with pytest.raises(ValidationError) as raised:
        page.full_clean(exclude=["path", "depth"])
    assert raised.value.message_dict["catalogue_entry"] == [
        "请选择三级或四级目录条目，而不是目录类别。"
    ]


def test_purchase_announcement_long_term_refused_on_publish(site, item):
    page = purchase(item, term_end=D(2028, 6, 30), multi_year_reason="连续性强")
    page.live = True
    with pytest.raises(ValidationError) as raised:
        page.full_clean(exclude=["path", "depth"])
    assert raised.value.message_dict["term_end"] == [
        "服务期限不得超过三年（财政部令第102号第二十四条）。"
    ]


def test_contract_announcement_checks_price_and_term(site, item):
    page = ContractAnnouncementPage(
        title="合同公告",
        slug="contract",
        purchase=add_page(site.announcements, purchase(item)),
        provider="示范市阳光社会工作服务中心",
        content="居家养老上门服务",
        term_start=D(2025, 1, 1),
        term_end=D(2026, 12, 31),
        live=True,
    )
    with pytest.raises(ValidationError) as raised:
        page.full_clean(exclude=["path", "depth"])
    assert set(raised.value.message_dict) == {"price", "multi_year_reason"}
    assert raised.value.message_dict["price"] == ["发布前必须填写合同金额。"]


def test_editor_sees_budget_error_when_submitting_in_admin(client, site, item, editor):
    client.force_login(editor)
    url = reverse(
        "wagtailadmin_pages:add",
        args=["cms", "purchaseannouncementpage", site.announcements.pk],
    )
    data = {
        "title": "居家养老上门服务项目公告",
        "slug": "elderly-care",
        "date": "2025-03-01",
        "purchaser": "示范市民政局",
        "catalogue_entry": item.pk,
        "budget": "",
        "service_content": "助餐、助洁、助浴",
        "purchase_method": "competitive_consultation",
        "term_start": "2025-01-01",
        "term_end": "2025-12-31",
        "action-submit": "submit",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "发布前必须填写预算金额：没有预算，不得购买。" in response.content.decode()
    assert not PurchaseAnnouncementPage.objects.exists()

    # Saving a draft without the budget is allowed.
    draft = {k: v for k, v in data.items() if k != "action-submit"}
    response = client.post(url, draft)
    assert response.status_code == 302
    page = PurchaseAnnouncementPage.objects.get()
    assert (page.live, page.budget) == (False, None)
