"""A service purchase followed from its announcement to its final evaluation publishes every
release kind (tender, award, contract, payment, evaluation), and the package is valid OCDS. The
demo has no funded purchase project, so this builds one."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from opendata import ocds
from projects.models import FundedProject, Tranche, TrancheState
from projects.models.states import TrancheTrigger
from tests.factories import make_funded_project
from tests.opendata import api_data
from tests.opendata.schemas import errors, ocds_validator

pytestmark = pytest.mark.django_db


def test_a_purchase_to_its_final_evaluation_is_valid_ocds():
    call = api_data.public_call("社区居家养老服务购买项目", kind="purchase", state="decided")
    project = make_funded_project(call=call, amount=Decimal("120000.00"))
    now = timezone.now()
    FundedProject.objects.filter(pk=project.pk).update(
        agreement_confirmed_at=now, final_grade="优秀", final_decided_at=now
    )
    # The award made the payment plan; its first tranche is paid.
    first = project.tranches.order_by("position").first() or Tranche.objects.create(
        project=project,
        title="首期",
        amount=Decimal("60000.00"),
        trigger=TrancheTrigger.AGREEMENT_SIGNED,
    )
    Tranche.objects.filter(pk=first.pk).update(
        state=TrancheState.PAID, paid_on=datetime.date(2026, 3, 2), voucher_number="PZ-2026-001"
    )
    releases = [r for r in ocds.releases() if r["ocid"].endswith(f"-call-{call.pk}")]
    ids = [r["id"] for r in releases]
    for event in ("-tender", "-award", "-contract-", "-payment-", "-evaluation-"):
        assert any(event in i for i in ids), (event, ids)
    assert {t for r in releases for t in r["tag"]} >= {
        "tender",
        "award",
        "contract",
        "implementation",
    }
    payment = next(r for r in releases if "-payment-" in r["id"])
    transaction = payment["contracts"][0]["implementation"]["transactions"][0]
    assert Decimal(str(transaction["value"]["amount"])) == first.amount
    assert errors(ocds_validator(), ocds.release_package(releases, uri="http://testserver/")) == []
