"""Fixtures shared by the grants back-office tests (test_admin*.py): a call with applications
handed in by three organizations, a draft that staff must never see, and one of another call."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from grants.models import Application, BudgetLine, CallCategory
from orgs.models import OrgKind
from tests.factories import ApplicationFactory, CallFactory, OrganizationFactory

INDEX = "/admin/applications/"
# 2025-06-30 09:00 UTC is 17:00 in Beijing.
SUBMITTED = datetime(2025, 6, 30, 9, 0, tzinfo=UTC)


def handed_in(call, org, name, *, state="submitted", submitted_at=SUBMITTED, **kwargs):
    application = ApplicationFactory(
        call=call,
        organization=org,
        project_name=name,
        state=state,
        complete=True,
        submitted_at=submitted_at,
        **kwargs,
    )
    return Application.objects.get(pk=application.pk)


def add_line(application, amount, source, *, category="活动费", item="其他"):
    return BudgetLine.objects.create(
        application=application,
        category=category,
        item=item,
        unit_price=Decimal(amount),
        quantity=Decimal("1"),
        amount=Decimal(amount),
        funding_source=source,
        position=9,
    )


def listed(response) -> set[str]:
    return {a.project_name for a in response.context["object_list"]}


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def volunteers(db):
    return OrganizationFactory(name="福田区彩虹志愿者协会", kind=OrgKind.SOCIAL_GROUP)


@pytest.fixture
def screening(call, org_a, org_b, volunteers, owner, member):
    """Three applications handed in to `call` (org A's with co-funding), a draft, another call's."""
    elders = handed_in(call, org_a, "长者关爱计划")
    # Co-funding with cents: 1,234.56 own, 0.10 + 0.20 from other sources.
    add_line(elders, "1234.56", "own", category="人员费", item="督导补贴")
    add_line(elders, "0.10", "other", item="捐赠物资一")
    add_line(elders, "0.20", "other", item="捐赠物资二")
    disabled = CallCategory.objects.get(call=call, name="助残")
    kids = handed_in(call, org_b, "困境儿童陪伴", state="screening")
    Application.objects.filter(pk=kids.pk).update(category=disabled)
    youth = handed_in(
        call, volunteers, "社区青年志愿服务", submitted_at=datetime(2025, 7, 1, 1, 0, tzinfo=UTC)
    )
    draft = ApplicationFactory(call=call, organization=org_b, project_name="未提交的草稿")
    other_call = CallFactory(title="2025年福田区公益创投")
    elsewhere = handed_in(other_call, org_b, "别处的项目")
    return {
        "elders": elders,
        "kids": Application.objects.get(pk=kids.pk),
        "youth": youth,
        "draft": draft,
        "elsewhere": elsewhere,
        "other_call": other_call,
    }
