"""The to-do home (`core.todo`, issue 19.1): `/admin/` shows, by role, what waits for the user,
with counts, the first items linking to where the work is done, and a constant number of queries
per panel whatever the data size."""

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import todo
from core.models import Approval
from core.workdays import add_working_days, working_day_span
from orgs.models import Incubation, OrgKind
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    NeedFactory,
    OrganizationFactory,
    UserFactory,
    make_funded_project,
)
from tests.orgs.incubation_support import make_base, org_application

STAFF_PANELS = {
    "applications_to_screen",
    "needs_to_moderate",
    "objections",
    "agreements_to_confirm",
    "progress_reports_to_review",
    "evaluations_to_accept",
    "performance_reports_to_review",
    "overdue_reports",
    "calls_closing",
    "publicity_ending",
}
PANEL_RE = re.compile(r'data-todo-panel="([a-z_]+)" data-todo-count="(\d+)"')


def _panels(response) -> dict[str, int]:
    assert response.status_code == 200
    return {key: int(n) for key, n in PANEL_RE.findall(response.content.decode())}


class World:
    """n of every kind of waiting work, plus things that must not be listed."""

    def __init__(self, *, proposer, manager):
        self.proposer, self.manager = proposer, manager
        self.today = timezone.localdate()
        self.first = {}
        self.agency = OrganizationFactory(name="公益评估中心", kind=OrgKind.EVALUATION_AGENCY)
        self.base = make_base(managers=[manager], name="南山孵化基地")
        self.other_base = make_base(name="福田孵化基地", operator_name="福田孵化中心")
        self.not_listed()

    def add(self, n: int) -> None:
        for _i in range(n):
            self._one()

    def _one(self) -> None:
        from projects.models import FundedProject, ProgressReport
        from reports.models import Evaluation, EvaluationScheme, PerformanceReport, ReportVersion
        from review.models import Objection, Publicity

        now = timezone.now()
        application = ApplicationFactory(state="submitted", submitted_at=now)
        self.first.setdefault("applications_to_screen", application)
        call = CallFactory(closes_at=now + datetime.timedelta(hours=2))
        self.first.setdefault("calls_closing", call)
        need = NeedFactory(state="submitted", submitted_at=now)
        self.first.setdefault("needs_to_moderate", need)

        start, end = working_day_span(self.today, 5)
        publicity = Publicity.objects.create(
            call=CallFactory(state="publicity"),
            starts_on=start,
            ends_on=end,
            objections_until=end,
            snapshot={"title": "拟资助项目公示", "entries": []},
        )
        self.first.setdefault("publicity_ending", publicity)
        objection = Objection.objects.create(
            publicity=publicity,
            application=ApplicationFactory(call=publicity.call, state="publicity"),
            name="张三",
            contact="13800000000",
            content="申报材料与实际不符",
        )
        self.first.setdefault("objections", objection)

        project = make_funded_project()
        FundedProject.objects.filter(pk=project.pk).update(
            agreement_state="uploaded", signed_uploaded_at=now
        )
        self.first.setdefault("agreements_to_confirm", project)
        submitted = ProgressReport.objects.create(
            project=project,
            kind="monthly",
            period_start=self.today - datetime.timedelta(days=30),
            period_end=self.today - datetime.timedelta(days=1),
            due_on=self.today,
            state="submitted",
            submitted_at=now,
        )
        self.first.setdefault("progress_reports_to_review", submitted)
        overdue = ProgressReport.objects.create(
            project=project,
            kind="quarterly",
            period_start=self.today - datetime.timedelta(days=90),
            period_end=self.today - datetime.timedelta(days=10),
            due_on=self.today - datetime.timedelta(days=3),
            state="due",
        )
        self.first.setdefault("overdue_reports", overdue)

        scheme = EvaluationScheme.objects.order_by("pk").first()
        common = {"project": project, "scheme": scheme, "agency": self.agency}
        evaluation = Evaluation.objects.create(
            stage="midterm", due_on=self.today, state="submitted", submitted_at=now, **common
        )
        self.first.setdefault("evaluations_to_accept", evaluation)
        accepted = Evaluation.objects.create(
            stage="final", due_on=self.today, state="accepted", accepted_at=now, **common
        )
        report = PerformanceReport.objects.create(evaluation=accepted, state="generated")
        version = ReportVersion.objects.create(
            report=report, number=1, digest="0" * 64, size=1, public_size=1
        )
        PerformanceReport.objects.filter(pk=report.pk).update(current_version=version)
        self.first.setdefault("performance_reports_to_review", report)

        approval = Approval.objects.create(
            action="decide",
            content_type=ContentType.objects.get_for_model(call),
            object_id=str(call.pk),
            target_label=str(call),
            proposed_by=self.proposer,
        )
        self.first.setdefault("approvals", approval)

        incubation = org_application(self.base, OrganizationFactory(), UserFactory())
        Incubation.objects.filter(pk=incubation.pk).update(
            state="applied", answer_due_on=self.today + datetime.timedelta(days=3)
        )
        self.first.setdefault("incubations_to_answer", incubation)

    def not_listed(self) -> None:
        """Work that is not (or not yet) waiting: none of it may be counted."""
        from projects.models import ProgressReport
        from reports.models import Evaluation, EvaluationScheme

        now = timezone.now()
        ApplicationFactory()  # a draft is the organization's own
        ApplicationFactory(state="screening_passed", submitted_at=now)
        far = add_working_days(self.today, 6)
        CallFactory(
            closes_at=timezone.make_aware(datetime.datetime.combine(far, datetime.time(17)))
        )
        CallFactory(state="draft", closes_at=now + datetime.timedelta(hours=2))
        NeedFactory(state="published")
        project = make_funded_project()  # agreement generated, not uploaded
        ProgressReport.objects.create(
            project=project,
            kind="monthly",
            period_start=self.today - datetime.timedelta(days=30),
            period_end=self.today,
            due_on=self.today,  # due today: not overdue yet
            state="due",
        )
        # Proposed for acceptance already: it waits for the approver, not for staff.
        proposed = Evaluation.objects.create(
            project=project,
            stage="midterm",
            scheme=EvaluationScheme.objects.order_by("pk").first(),
            agency=self.agency,
            due_on=self.today,
            state="submitted",
        )
        Approval.objects.create(
            action="accept_evaluation",
            content_type=ContentType.objects.get_for_model(proposed),
            object_id=str(proposed.pk),
            target_label=str(proposed),
            proposed_by=self.proposer,
        )
        self.own_proposal = proposed
        # Another base's application: not this manager's work.
        other = org_application(self.other_base, OrganizationFactory(), UserFactory())
        Incubation.objects.filter(pk=other.pk).update(state="applied")


@pytest.fixture
def world(staff, incubator_manager):
    return World(proposer=staff, manager=incubator_manager)


# --- Who sees which panels ---------------------------------------------------------------------


def test_staff_home_lists_each_kind_of_waiting_work_with_counts_and_links(client, staff, world):
    world.add(2)
    client.force_login(staff)
    response = client.get(reverse("wagtailadmin_home"))
    # Staff is not an approver and manages no base; the proposal to accept is theirs to wait on.
    assert _panels(response) == {key: 2 for key in STAFF_PANELS}
    html = response.content.decode()
    first = world.first
    expected_links = [
        reverse("applications:inspect", args=[first["applications_to_screen"].pk]),
        reverse("calls:inspect", args=[first["calls_closing"].pk]),
        reverse("needs:inspect", args=[first["needs_to_moderate"].pk]),
        reverse("review_call", args=[first["objections"].publicity.call_id]) + "#publicity",
        reverse("review_call", args=[first["publicity_ending"].call_id]) + "#publicity",
        reverse("funded_projects:inspect", args=[first["agreements_to_confirm"].pk]) + "#agr-h",
        reverse("funded_projects:inspect", args=[first["overdue_reports"].project_id]) + "#rep-h",
        reverse("evaluations:inspect", args=[first["evaluations_to_accept"].pk]),
        reverse("performance_reports:inspect", args=[first["performance_reports_to_review"].pk]),
    ]
    for link in expected_links:
        assert f'href="{link}"' in html
    assert f"{first['applications_to_screen'].organization.name} · " in html
    assert "逾期 3 天" in html
    assert "张三" in html
    # Wagtail's default dashboard is gone.
    assert "Search all pages" not in html and "editor guide" not in html
    assert "awaiting-review" not in html


def test_each_link_opens_the_page_where_the_work_is_done(client, staff, world):
    world.add(1)
    client.force_login(staff)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    links = set(re.findall(r'<li><a href="([^"]+)"', html))
    assert len(links) >= 7
    for link in links:
        page = client.get(link.split("#")[0])
        assert page.status_code == 200, link


def test_approver_also_sees_proposals_of_others_but_not_their_own(client, approver, world):
    world.add(2)
    own = world.first["applications_to_screen"].call
    Approval.objects.create(
        action="decide",
        content_type=ContentType.objects.get_for_model(own),
        object_id=str(own.pk),
        target_label="本人提交的事项",
        proposed_by=approver,
    )
    client.force_login(approver)
    panels = _panels(client.get(reverse("wagtailadmin_home")))
    # Two proposals of a call's decision and one of an acceptance, all by staff.
    assert panels == {"approvals": 3, **{key: 2 for key in STAFF_PANELS}}
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert f'href="{reverse("approval", args=[world.first["approvals"].pk])}"' in html
    assert "本人提交的事项" not in html


def test_incubator_manager_sees_only_their_bases_applications(client, incubator_manager, world):
    world.add(2)
    client.force_login(incubator_manager)
    response = client.get(reverse("wagtailadmin_home"))
    assert _panels(response) == {"incubations_to_answer": 2}
    first = world.first["incubations_to_answer"]
    assert f'href="{reverse("incubations:inspect", args=[first.pk])}"' in response.content.decode()


@pytest.mark.parametrize("persona", ["expert", "owner", "evaluator"])
def test_users_without_back_office_access_cannot_reach_the_home(client, request, world, persona):
    user = request.getfixturevalue(persona)
    world.add(1)
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code in (302, 403)
    assert "data-todo-panel" not in response.content.decode()
    assert todo.panels_for(user) == []


def test_anonymous_visitor_is_sent_to_sign_in(client, world):
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]


def test_empty_panels_say_so_plainly(client, staff, db):
    client.force_login(staff)
    response = client.get(reverse("wagtailadmin_home"))
    assert _panels(response) == {key: 0 for key in STAFF_PANELS}
    html = response.content.decode()
    for text in ("暂无待筛选的申报", "暂无待处理的异议", "暂无逾期未交的项目报告"):
        assert text in html


def test_a_long_list_shows_the_first_items_and_links_to_all(client, staff, world):
    world.add(todo.FIRST_ITEMS + 1)
    client.force_login(staff)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    section = html.split('id="todo-applications_to_screen-section"')[1].split("</section>")[0]
    assert section.count("<li>") == todo.FIRST_ITEMS
    assert f"查看全部 {todo.FIRST_ITEMS + 1} 项" in section
    assert f'href="{reverse("applications:index")}?state=submitted"' in section


# --- Queries do not grow with the data ---------------------------------------------------------


def _queries(user, panel) -> int:
    with CaptureQueriesContext(connection) as captured:
        todo.fill(panel, user)
    return len(captured)


def test_queries_per_panel_do_not_depend_on_the_data_size(approver, incubator_manager, world):
    users = {"incubations_to_answer": incubator_manager}
    panels = [*todo.panels_for(approver), *todo.panels_for(incubator_manager)]
    assert {p.key for p in panels} == STAFF_PANELS | {"approvals", "incubations_to_answer"}
    world.add(1)
    for panel in panels:  # warm the caches (content types, holiday arrangements)
        assert todo.fill(panel, users.get(panel.key, approver)).count >= 1
    small = {p.key: _queries(users.get(p.key, approver), p) for p in panels}
    world.add(9)
    large = {p.key: _queries(users.get(p.key, approver), p) for p in panels}
    assert large == small
    assert all(n == 2 for n in small.values()), small


def test_home_page_queries_do_not_depend_on_the_data_size(client, approver, world):
    client.force_login(approver)
    world.add(1)
    client.get(reverse("wagtailadmin_home"))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("wagtailadmin_home"))
    world.add(9)
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("wagtailadmin_home"))
    assert _panels(response)["applications_to_screen"] == 10
    assert len(large) == len(small)


def test_registered_panels_speak_chinese_and_are_kept_by_their_apps():
    for panel in todo.PANELS.values():
        assert re.search(r"[\u4e00-\u9fff]", str(panel.title)), panel.key
        assert re.search(r"[\u4e00-\u9fff]", str(panel.empty)), panel.key
