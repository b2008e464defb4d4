"""A purchase project's confirmed contract is announced on the public site (cms) from the
project's data."""

import datetime
from decimal import Decimal

import pytest

from cms.models import AnnouncementIndexPage, ContractAnnouncementPage, PurchaseAnnouncementPage
from projects.agreement import confirm_agreement, upload_signed_scan
from tests.factories import CallFactory, make_funded_project
from tests.projects.conftest import scan_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def purchase_project(org_a):
    call = CallFactory(kind="purchase", title="2026年长者助餐服务采购")
    index = AnnouncementIndexPage.objects.get()
    purchase = PurchaseAnnouncementPage(
        title=call.title,
        slug="purchase-meals",
        purchaser=call.department.name,
        budget=Decimal("300000.00"),
        service_content="为辖区长者提供助餐服务",
        term_start=datetime.date(2026, 1, 1),
        term_end=datetime.date(2026, 12, 31),
        live=True,
    )
    # A live purchase announcement as fixture data (its catalogue link is cms's own concern).
    purchase._publishing = False
    index.add_child(instance=purchase)
    return make_funded_project(organization=org_a, call=call, amount=Decimal("80000.00"))


def test_confirmed_contract_is_announced_once(
    purchase_project, owner, staff, client, django_capture_on_commit_callbacks
):
    upload_signed_scan(purchase_project, scan_file(), by=owner)
    with django_capture_on_commit_callbacks(execute=True):
        project = confirm_agreement(purchase_project, by=staff)
    page = ContractAnnouncementPage.objects.get()
    assert page.live
    assert (page.provider, page.price, page.purchaser) == (
        "阳光社工服务中心",
        Decimal("80000.00"),
        project.call.department.name,
    )
    assert (page.term_start, page.term_end) == (project.starts_on, project.ends_on)
    assert page.purchase.title == "2026年长者助餐服务采购"
    assert "全额拨付80,000.00元（协议签订）" in page.settlement
    html = client.get(page.url).content.decode()
    assert ("阳光社工服务中心" in html and "80,000.00" in html) or "80000.00" in html

    from cms.contract_publishing import publish_contract

    assert publish_contract(project.pk) == page
    assert ContractAnnouncementPage.objects.count() == 1


def test_venture_projects_get_no_contract_announcement(running, django_capture_on_commit_callbacks):
    assert not ContractAnnouncementPage.objects.exists()
