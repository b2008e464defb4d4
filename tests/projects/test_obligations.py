"""Money follows obligations (issue 17.5): a report past its due date is overdue when read, whether
or not the scheduler has run, and a tranche is not paid while the project has an overdue report or
a failed evaluation — unless a 审核人 overrides it with a written reason, which the audit keeps."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.audit import TRANSITION, history
from core.workflow import TransitionRefused, perform_transition
from orgs.roles import Role
from projects.models import FundedProject, ProgressReport, ReportState, TrancheState
from projects.tranches import record_payment
from tests.factories import UserFactory, make_funded_project
from tests.projects.conftest import handed_in, on_day

pytestmark = pytest.mark.django_db

BASE = "/admin/funded_projects/"
# The running project's first report: 2026年第1季度报告 (2026-01-01 .. 03-31), due 2026-04-10.
Q1_DUE = datetime.date(2026, 4, 10)
MAY_1 = datetime.date(2026, 5, 1)  # Q1 report 21 days late; nothing else due yet
STOP = "项目有逾期未交的报告（2026年第1季度报告，逾期 21 天），暂停拨付"


@pytest.fixture
def approver(db):
    """A programme officer who also holds the 审核人 role."""
    return UserFactory(real_name="钱审核", roles=[Role.STAFF, Role.APPROVER])


def first_tranche(project):
    return project.tranches.get(position=1)


def pay(tranche, by, **kwargs):
    return record_payment(tranche, paid_on=MAY_1, voucher_number="记-051", by=by, **kwargs)


# --- overdue is computed ------------------------------------------------------------------------


def test_a_report_past_its_due_date_is_overdue_without_the_scheduler(running):
    report = running.reports.order_by("due_on").first()
    assert (report.title, report.due_on, report.state) == (
        "2026年第1季度报告",
        Q1_DUE,
        ReportState.DUE,
    )
    assert list(ProgressReport.objects.overdue(Q1_DUE)) == []
    assert list(ProgressReport.objects.overdue(Q1_DUE + datetime.timedelta(days=1))) == [report]
    assert report.days_overdue(MAY_1) == 21
    with on_day(MAY_1):
        assert (report.is_overdue, report.state_text) == (True, "逾期 21 天")
    # Handed in: no longer overdue, whatever the date.
    ProgressReport.objects.filter(pk=report.pk).update(state=ReportState.SUBMITTED)
    report.refresh_from_db()
    assert report.days_overdue(MAY_1) == 0
    assert list(ProgressReport.objects.overdue(MAY_1)) == []


def test_pages_say_how_many_days_late(client, staff, member, running):
    report = running.reports.order_by("due_on").first()
    client.force_login(member)
    with on_day(MAY_1):
        pages = {
            "applicant list": client.get("/portal/projects/"),
            "project page": client.get(f"/portal/projects/{running.pk}/"),
            "report page": client.get(f"/portal/projects/{running.pk}/reports/{report.pk}/"),
        }
        client.force_login(staff)
        pages["staff dashboard"] = client.get(f"{BASE}dashboard/")
        pages["staff project page"] = client.get(f"{BASE}inspect/{running.pk}/")
    for name, response in pages.items():
        html = response.content.decode()
        assert "逾期 21 天" in html, name
    dashboard = pages["staff dashboard"].content.decode()
    assert "没有逾期报告" not in dashboard and "2026年第1季度报告" in dashboard
    assert STOP in pages["staff project page"].content.decode()


def test_dashboard_queries_do_not_grow_with_overdue_reports(client, staff, running, call):
    client.force_login(staff)

    def count():
        with on_day(MAY_1), CaptureQueriesContext(connection) as queries:
            client.get(f"{BASE}dashboard/")
        return len(queries)

    one = count()
    for _i in range(3):
        other = make_funded_project(call=call)
        FundedProject.objects.filter(pk=other.pk).update(
            starts_on=running.starts_on, ends_on=running.ends_on
        )
        other.refresh_from_db()
        from projects.reporting import generate_reports

        generate_reports(other)
    assert ProgressReport.objects.overdue(MAY_1).count() == 4
    assert count() <= one + 3  # the at-risk rows' indicator queries are per running project


# --- payments stop ------------------------------------------------------------------------------


def test_a_tranche_is_payable_while_obligations_are_met(running, staff):
    with on_day(datetime.date(2026, 3, 10)):
        paid = record_payment(
            first_tranche(running),
            paid_on=datetime.date(2026, 3, 10),
            voucher_number="记-031",
            by=staff,
        )
    assert paid.state == TrancheState.PAID


def test_payment_refused_with_an_overdue_report_though_the_scheduler_never_ran(running, staff):
    assert not running.reports.filter(state=ReportState.OVERDUE).exists()
    with on_day(MAY_1), pytest.raises(TransitionRefused) as refused:
        pay(first_tranche(running), staff)
    assert refused.value.reasons == [STOP]
    tranche = first_tranche(running)
    assert (tranche.state, tranche.voucher_number) == (TrancheState.PAYABLE, "")


@pytest.mark.parametrize(
    ("field", "stop"),
    [
        ("midterm_passed", "项目中期评估未通过，暂停拨付"),
        ("final_passed", "项目终期评估未通过，暂停拨付"),
    ],
)
def test_payment_refused_after_a_failed_evaluation(running, staff, field, stop):
    handed_in(running)
    FundedProject.objects.filter(pk=running.pk).update(**{field: False})
    with on_day(MAY_1), pytest.raises(TransitionRefused) as refused:
        pay(first_tranche(running), staff)
    assert refused.value.reasons == [stop]


def test_an_approver_overrides_with_a_reason_and_the_audit_keeps_it(running, approver):
    with on_day(MAY_1):
        paid = pay(first_tranche(running), approver, override_reason="区政府专题会议决定先行拨付")
    assert paid.state == TrancheState.PAID
    entry = history(paid).filter(action=TRANSITION).first()
    assert entry.user == approver
    assert entry.data["transition"] == "pay_with_override"
    assert entry.data["reason"] == "区政府专题会议决定先行拨付"
    assert entry.data["overridden"] == [STOP]
    assert entry.data["voucher"] == "记-051"


def test_plain_staff_cannot_override(running, staff):
    with on_day(MAY_1), pytest.raises(PermissionDenied, match="只有审核人可以核准暂停拨付的批次"):
        pay(first_tranche(running), staff, override_reason="急需资金")
    assert first_tranche(running).state == TrancheState.PAYABLE


def test_an_override_needs_a_reason(running, approver):
    tranche = first_tranche(running)
    with on_day(MAY_1), pytest.raises(TransitionRefused, match="请填写原因"):
        perform_transition(tranche, "pay_with_override", by=approver, reason="  ")
    with on_day(MAY_1), pytest.raises(TransitionRefused, match="暂停拨付"):
        pay(tranche, approver, override_reason="")  # no reason: the ordinary payment, refused
    assert first_tranche(running).state == TrancheState.PAYABLE


def test_nothing_to_override_while_obligations_are_met(running, approver):
    handed_in(running)
    with on_day(MAY_1), pytest.raises(TransitionRefused, match="没有需要核准的暂停拨付事由"):
        pay(first_tranche(running), approver, override_reason="先行拨付")


# --- through the staff pages --------------------------------------------------------------------


def test_payment_page_names_the_stop_and_refuses_staff(client, staff, running):
    tranche = first_tranche(running)
    url = f"{BASE}inspect/{running.pk}/payment/{tranche.pk}/"
    client.force_login(staff)
    with on_day(MAY_1):
        form = client.get(url).content.decode()
        assert STOP in form and 'name="override_reason"' in form
        assert "将会发生：" in form
        refused = client.post(url, {"paid_on": "2026-05-01", "voucher_number": "记-051"})
    assert refused.status_code == 200 and STOP in refused.content.decode()
    assert first_tranche(running).state == TrancheState.PAYABLE


def test_payment_page_override_by_an_approver_is_shown_on_the_tranche(client, approver, running):
    tranche = first_tranche(running)
    url = f"{BASE}inspect/{running.pk}/payment/{tranche.pk}/"
    client.force_login(approver)
    with on_day(MAY_1):
        response = client.post(
            url,
            {"paid_on": "2026-05-01", "voucher_number": "记-051", "override_reason": "先行拨付"},
        )
        assert response.status_code == 302
        html = client.get(f"{BASE}inspect/{running.pk}/").content.decode()
    assert first_tranche(running).state == TrancheState.PAID
    assert "审核人钱审核核准拨付：先行拨付" in html
