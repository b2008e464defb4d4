"""A funded project's public page and the directory, kept by the public page cache, are fresh
at once after an approved progress report, a state change or an organization's new name."""

import datetime
from decimal import Decimal

import pytest

from core.public_cache.middleware import HEADER
from core.workflow import perform_transition
from projects.entry import save_report
from projects.tranches import record_payment
from tests.projects.conftest import on_day

pytestmark = pytest.mark.django_db


def kept(client, url) -> str:
    client.get(url)
    answer = client.get(url)
    assert answer[HEADER] == "hit"
    return answer.content.decode()


def test_approved_report_shows_on_kept_project_page(client, running, owner, staff):
    url = f"/projects/{running.pk}/"
    assert "2026年第1季度报告" not in kept(client, url)
    with on_day(datetime.date(2026, 3, 10)):
        record_payment(
            running.tranches.get(position=1),
            paid_on=datetime.date(2026, 3, 10),
            voucher_number="记-031",
            by=staff,
        )
    report = running.reports.order_by("due_on").first()
    save_report(
        report,
        by=owner,
        summary="开展长者探访",
        beneficiaries_reached=80,
        problems="",
        activities=[
            {
                "held_on": datetime.date(2026, 3, 20),
                "place": "红花园社区",
                "participants": 30,
                "description": "探访独居长者",
            }
        ],
        spending={running.budget_lines.get(position=1): Decimal("8000.00")},
    )
    report = perform_transition(report, "submit", by=owner)
    assert "2026年第1季度报告" not in kept(client, url)  # submitted is not yet public
    perform_transition(report, "approve", by=staff)
    assert "2026年第1季度报告" in client.get(url).content.decode()


def test_organization_name_change_reaches_kept_pages(client, running, org_a):
    url = f"/projects/{running.pk}/"
    assert org_a.name in kept(client, url)
    assert org_a.name in kept(client, "/projects/")
    org_a.name = "阳光社会工作服务中心（更名）"
    org_a.save()
    assert "阳光社会工作服务中心（更名）" in client.get(url).content.decode()
    assert "阳光社会工作服务中心（更名）" in client.get("/projects/").content.decode()


def test_project_name_change_reaches_kept_directory(client, running):
    assert running.name in kept(client, "/projects/")
    type(running).objects.filter(pk=running.pk).update(name="长者关爱计划（调整后）")
    assert "长者关爱计划（调整后）" in client.get("/projects/").content.decode()
