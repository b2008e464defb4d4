"""The staff back office of funded projects: listing, project page, action pages, dashboard."""

import datetime
from decimal import Decimal

import pytest

from orgs.models import Sanction
from projects.models import FundedProject, ProjectState, TrancheState
from tests.projects.conftest import on_day

pytestmark = pytest.mark.django_db

BASE = "/admin/funded_projects/"


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_listing_and_project_page_for_staff(staff_client, running):
    html = staff_client.get(BASE).content.decode()
    assert running.name in html and "阳光社工服务中心" in html
    page = staff_client.get(f"{BASE}inspect/{running.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    for expected in (
        "首期",
        "40,000.00",
        "协议签订",
        "可拨付",
        "2026年第1季度报告",
        "资金到位率",
        "0.00%",
    ):
        assert expected in text


def test_organization_members_cannot_reach_the_back_office(client, owner, running):
    client.force_login(owner)
    response = client.get(f"{BASE}inspect/{running.pk}/")
    assert response.status_code in (302, 403)
    tranche = running.tranches.get(position=1)
    response = client.post(
        f"{BASE}inspect/{running.pk}/payment/{tranche.pk}/",
        {"paid_on": "2026-03-10", "voucher_number": "记-1"},
    )
    assert response.status_code in (302, 403)
    tranche.refresh_from_db()
    assert tranche.state == TrancheState.PAYABLE


def test_staff_record_a_payment(staff_client, running):
    tranche = running.tranches.get(position=1)
    with on_day(datetime.date(2026, 3, 10)):
        response = staff_client.post(
            f"{BASE}inspect/{running.pk}/payment/{tranche.pk}/",
            {"paid_on": "2026-03-10", "voucher_number": "记-031"},
        )
    assert response.status_code == 302
    tranche.refresh_from_db()
    assert (tranche.state, tranche.voucher_number) == (TrancheState.PAID, "记-031")


def test_payment_page_of_another_projects_tranche_is_404(staff_client, running, call):
    from tests.factories import make_funded_project

    other = make_funded_project(call=call)
    tranche = other.tranches.first()
    response = staff_client.get(f"{BASE}inspect/{running.pk}/payment/{tranche.pk}/")
    assert response.status_code == 404


def test_terminate_page_creates_the_sanction(staff_client, running, org_a):
    response = staff_client.post(
        f"{BASE}inspect/{running.pk}/terminate/",
        {
            "reason": "长期未开展活动",
            "refund_amount": "",
            "sanction_scope": "all",
            "sanction_until": "2028-12-31",
            "decision_ref": "南民〔2026〕9号",
        },
    )
    assert response.status_code == 302
    assert FundedProject.objects.get(pk=running.pk).state == ProjectState.TERMINATED
    assert Sanction.objects.get(organization=org_a).ends_on == datetime.date(2028, 12, 31)


def test_terminate_refund_above_paid_shows_the_reason(staff_client, running):
    response = staff_client.post(
        f"{BASE}inspect/{running.pk}/terminate/",
        {"reason": "长期未开展活动", "refund_amount": "5.00", "sanction_scope": ""},
    )
    assert response.status_code == 200
    assert "不能超过已拨付金额" in response.content.decode()
    assert FundedProject.objects.get(pk=running.pk).state == ProjectState.IN_PROGRESS


def test_plan_page_rejects_a_plan_that_does_not_add_up(staff_client, project):
    data = {
        "plan-TOTAL_FORMS": "2",
        "plan-INITIAL_FORMS": "0",
        "plan-0-title": "首期",
        "plan-0-amount": "60000.00",
        "plan-0-trigger": "agreement_signed",
        "plan-1-title": "尾款",
        "plan-1-amount": "30000.00",
        "plan-1-trigger": "final_passed",
    }
    response = staff_client.post(f"{BASE}inspect/{project.pk}/plan/", data)
    assert "与资助金额（100,000.00元）不一致" in response.content.decode()
    data["plan-1-amount"] = "40000.00"
    assert staff_client.post(f"{BASE}inspect/{project.pk}/plan/", data).status_code == 302
    assert [t.amount for t in project.tranches.all()] == [Decimal("60000.00"), Decimal("40000.00")]


def test_dashboard_lists_late_reports_and_at_risk_projects(staff_client, running):
    # The scheduler never ran: the report is overdue because its due date (04-10) has passed.
    with on_day(datetime.date(2026, 4, 11)):
        html = staff_client.get(f"{BASE}dashboard/").content.decode()
    assert "没有逾期报告" not in html
    assert "逾期未交的报告" in html and "2026年第1季度报告" in html
    assert "逾期 1 天" in html
    assert "1份报告逾期" in html


def test_listing_query_count(staff_client, running, call, django_assert_max_num_queries):
    from tests.factories import make_funded_project

    for _i in range(5):
        make_funded_project(call=call)
    with django_assert_max_num_queries(40):
        staff_client.get(BASE)


@pytest.mark.parametrize("path", ["agreement/pdf/", "agreement/signed/"])
def test_downloads_refuse_a_post(staff_client, running, path):
    """Read-only views answer a POST with 405, not a server error from a form they do not have."""
    response = staff_client.post(f"{BASE}inspect/{running.pk}/{path}", {"x": "1"})
    assert response.status_code == 405
