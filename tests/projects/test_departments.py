"""Funded projects belong to the department that bought them (issue 21, points 2): staff of another
department get 404 on every staff URL of a project, the city bureau above reads a district's
project without acting on it, and lists, dashboard, to-do panels and payments keep to the
user's departments."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import approvals, todo
from core.workflow import available_transitions, perform_transition
from projects.approvals import PAY, payment_data
from projects.models import FundedProject, PaymentNotice, ProjectState, Tranche, TrancheState
from projects.models import ProgressReport as Report
from tests.factories import (
    CallFactory,
    GovernmentFactory,
    OrganizationFactory,
    make_funded_project,
)
from tests.projects.conftest import on_day

pytestmark = pytest.mark.django_db

OTHER_DEPARTMENT = "该事项属于其他部门，您无权办理"


def _jpeg():
    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (64, 48), (20, 120, 60)).save(out, "JPEG")
    return SimpleUploadedFile("p.jpg", out.getvalue())


@pytest.fixture
def nanshan_records(tree, running, owner, staff):
    """南山区's running project with a report, a photo, a pending change, a paid tranche with its
    notice, a payable one, and a reduced award waiting for its adjusted budget."""
    from projects.changes import request_change
    from projects.photos import add_photo

    report = running.reports.order_by("due_on").first()
    photo = add_photo(report, _jpeg(), caption="活动", by=owner)
    change = request_change(
        running, by=owner, kind="activities", explanation="调整活动", new_activities="增加探访"
    )
    payable = running.tranches.get(position=1)
    paid = running.tranches.get(position=3)
    Tranche.objects.filter(pk=paid.pk).update(
        state=TrancheState.PAID, paid_on=datetime.date(2026, 3, 5), voucher_number="记-1"
    )
    notice = PaymentNotice.objects.create(tranche=paid, number="BF-TEST-1", html="<p>通知</p>")
    reduced = make_funded_project(
        organization=running.organization,
        call=running.call,
        amount=Decimal("40000.00"),
        budget=Decimal("50000.00"),
    )
    return {
        "project": running,
        "report": report,
        "photo": photo,
        "change": change,
        "payable": payable,
        "notice": notice,
        "reduced": reduced,
        "adjustment": reduced.budget_adjustment,
        "terms": running.call.project_terms,
    }


def staff_urls(r) -> list[tuple[str, str]]:
    """(method, URL) of every staff page about one of `r`'s records."""
    p = r["project"].pk

    def action(key, *args, pk=p):
        return reverse(f"funded_projects:action_{key}", args=(pk, *args))

    terms = r["terms"].pk
    gets = [
        reverse("funded_projects:inspect", args=(p,)),
        reverse("funded_projects:edit", args=(p,)),
        reverse("funded_projects:history", args=(p,)),
        reverse("funded_projects:history_results", args=(p,)),
        reverse("funded_projects:usage", args=(p,)),
        reverse("funded_projects:delete", args=(p,)),
        reverse("funded_projects:transition", args=(p, "suspend")),
        action("payment", r["payable"].pk),
        action("report", r["report"].pk, "approve"),
        action("change", r["change"].pk, "approve"),
        action("photo", r["photo"].pk),
        action("scan"),
        action("agreement"),
        action("evaluation"),
        action("terminate"),
        action("refund"),
        action("plan"),
        action("notice", r["notice"].tranche_id),
        action("adjustment", r["adjustment"].pk, "confirm", pk=r["reduced"].pk),
        reverse("project_terms:edit", args=(terms,)),
        reverse("project_terms:history", args=(terms,)),
        reverse("project_terms:usage", args=(terms,)),
        reverse("project_terms:delete", args=(terms,)),
    ]
    posts = [
        reverse("funded_projects:transition", args=(p, "suspend")),
        action("payment", r["payable"].pk),
        action("report", r["report"].pk, "approve"),
        action("change", r["change"].pk, "approve"),
        action("photo_public", r["photo"].pk),
        action("terminate"),
        action("plan"),
        action("adjustment", r["adjustment"].pk, "confirm", pk=r["reduced"].pk),
        reverse("funded_projects:edit", args=(p,)),
        reverse("project_terms:edit", args=(terms,)),
    ]
    return [("get", u) for u in gets] + [("post", u) for u in posts]


def test_every_staff_url_of_another_departments_project_is_404(
    client, nanshan_records, futian_staff, staff
):
    urls = staff_urls(nanshan_records)
    client.force_login(futian_staff)
    answers = {(m, u): getattr(client, m)(u).status_code for m, u in urls}
    assert {key: code for key, code in answers.items() if code != 404} == {}
    # Nothing was changed on the way.
    project = FundedProject.objects.get(pk=nanshan_records["project"].pk)
    assert project.state == ProjectState.IN_PROGRESS
    assert Tranche.objects.get(pk=nanshan_records["payable"].pk).state == TrancheState.PAYABLE
    # The same pages exist for the purchasing department's own staff (the 404s are the scope's);
    # the PDFs are left out only because laying them out is slow.
    client.force_login(staff)
    slow = ("/agreement/pdf/", "/notice/")
    own = {u: client.get(u).status_code for m, u in urls if m == "get" and not u.endswith(slow)}
    assert {u: code for u, code in own.items() if code == 404} == {}


def test_portal_pages_of_another_departments_project_refuse_its_staff(
    client, nanshan_records, futian_staff
):
    client.force_login(futian_staff)
    project = nanshan_records["project"]
    response = client.get(reverse("portal:project_detail", args=(project.pk,)))
    assert response.status_code == 403
    assert "您不是该项目承接单位的成员" in response.content.decode()


def test_city_bureau_reads_a_districts_project_without_acting(
    client, nanshan_records, city_staff, staff
):
    project, payable = nanshan_records["project"], nanshan_records["payable"]
    payment_url = reverse("funded_projects:action_payment", args=(project.pk, payable.pk))
    client.force_login(staff)
    own_page = client.get(reverse("funded_projects:inspect", args=(project.pk,))).content.decode()
    assert payment_url in own_page and "暂停项目" in own_page

    client.force_login(city_staff)
    page = client.get(reverse("funded_projects:inspect", args=(project.pk,)))
    html = page.content.decode()
    assert page.status_code == 200 and project.name in html
    assert available_transitions(project, city_staff) == []
    for button in (payment_url, "暂停项目", "登记评估结果", "修改拨付计划", "批准变更", "设为公开"):
        assert button not in html

    for method, url, data in (
        (
            "post",
            reverse("funded_projects:transition", args=(project.pk, "suspend")),
            {"reason": "x"},
        ),
        ("post", payment_url, {"paid_on": "2026-03-10", "voucher_number": "记-9"}),
        ("get", payment_url, {}),
        ("get", reverse("funded_projects:edit", args=(project.pk,)), {}),
        ("post", reverse("funded_projects:action_terminate", args=(project.pk,)), {}),
        ("get", reverse("project_terms:edit", args=(nanshan_records["terms"].pk,)), {}),
    ):
        response = getattr(client, method)(url, data)
        assert (url, response.status_code) == (url, 403)
        assert OTHER_DEPARTMENT in response.content.decode()
    project.refresh_from_db()
    assert project.state == ProjectState.IN_PROGRESS
    assert Tranche.objects.get(pk=payable.pk).state == TrancheState.PAYABLE


def test_a_payment_of_another_department_is_refused_at_every_door(
    client, nanshan_records, futian_staff, city_staff, approver
):
    project, payable = nanshan_records["project"], nanshan_records["payable"]
    url = reverse("funded_projects:action_payment", args=(project.pk, payable.pk))
    client.force_login(futian_staff)
    with on_day(datetime.date(2026, 3, 10)):
        response = client.post(url, {"paid_on": "2026-03-10", "voucher_number": "记-9"})
    assert response.status_code == 404
    data = payment_data(paid_on=datetime.date(2026, 3, 10), voucher_number="记-9")
    for person in (futian_staff, city_staff):
        with pytest.raises(PermissionDenied, match=OTHER_DEPARTMENT):
            approvals.submit(PAY, payable, by=person, data=data)
        with pytest.raises(PermissionDenied, match=OTHER_DEPARTMENT):
            approvals.propose(PAY, payable, by=person, data=data)
    # Releasing or stopping a tranche is the purchasing department's too.
    not_due = project.tranches.get(position=2)
    for name, tranche in (("release", not_due), ("suspend", payable)):
        with pytest.raises(PermissionDenied, match=OTHER_DEPARTMENT):
            perform_transition(tranche, name, by=futian_staff, reason="试图操作")
    assert list(Tranche.objects.filter(project=project).values_list("state", flat=True)) == [
        TrancheState.PAYABLE,
        TrancheState.NOT_DUE,
        TrancheState.PAID,
    ]


@pytest.fixture
def futian_project(tree, org_b):
    call = CallFactory(title="2026年福田区公益创投", department=tree[2])
    return make_funded_project(organization=org_b, call=call, amount=Decimal("30000.00"))


def _listed(client, user, url="/admin/funded_projects/", **params):
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200
    return response


def test_listing_filter_and_search_hold_only_own_and_lower_departments(
    client, nanshan_records, futian_project, staff, futian_staff, city_staff
):
    nanshan = {nanshan_records["project"].pk, nanshan_records["reduced"].pk}
    for user, expected in (
        (staff, nanshan),
        (futian_staff, {futian_project.pk}),
        (city_staff, nanshan | {futian_project.pk}),
    ):
        response = _listed(client, user)
        assert {p.pk for p in response.context["object_list"]} == expected
    # The call filter offers only the calls the user sees, and ignores another's id.
    html = _listed(client, futian_staff).content.decode()
    assert f'<option value="{futian_project.call_id}">' in html
    assert f'<option value="{nanshan_records["project"].call_id}">' not in html
    response = _listed(client, futian_staff, call=nanshan_records["project"].call_id)
    assert {p.pk for p in response.context["object_list"]} == {futian_project.pk}
    response = _listed(client, futian_staff, q=nanshan_records["project"].name)
    assert list(response.context["object_list"]) == []
    # The terms of another department's call are not listed either.
    response = _listed(client, futian_staff, url="/admin/project_terms/")
    assert list(response.context["object_list"]) == []
    response = _listed(client, staff, url="/admin/project_terms/")
    assert [t.pk for t in response.context["object_list"]] == [nanshan_records["terms"].pk]


def test_dashboard_and_todo_panels_count_only_own_and_lower_departments(
    client, nanshan_records, futian_project, outsider, staff, futian_staff, city_staff
):
    from projects.agreement import upload_signed_scan
    from tests.projects.conftest import scan_file

    Report.objects.filter(project=nanshan_records["project"]).update(state="submitted")
    upload_signed_scan(futian_project, scan_file(), by=outsider)
    submitted = set(
        Report.objects.filter(project=nanshan_records["project"]).values_list("pk", flat=True)
    )
    panels = {p.key: p for p in todo.PANELS.values()}
    today = datetime.date(2026, 3, 10)
    for user, agreements, reviews in (
        (staff, [], submitted),
        (futian_staff, [futian_project.pk], set()),
        (city_staff, [futian_project.pk], submitted),
    ):
        agreement_panel = panels["agreements_to_confirm"].queryset(user, today)
        assert [p.pk for p in agreement_panel] == agreements
        review_panel = panels["progress_reports_to_review"].queryset(user, today)
        assert {r.pk for r in review_panel} == reviews
        assert todo.fill(panels["progress_reports_to_review"], user).count == len(reviews)

        response = _listed(client, user, url=reverse("funded_projects:dashboard"))
        assert [p.pk for p in response.context["awaiting_confirmation"]] == agreements
        assert {r.pk for r in response.context["to_review"]} == reviews
        payable = {p.pk for p in response.context["payable"]}
        assert payable == ({nanshan_records["project"].pk} if user != futian_staff else set())


def test_project_list_queries_stay_the_same_from_three_departments_to_fifty(
    client, tree, staff, city_staff
):
    city, nanshan, futian = tree
    for department in (nanshan, futian):
        for i in range(2):
            call = CallFactory(title=f"{department.name}第{i}期", department=department)
            make_funded_project(organization=OrganizationFactory(), call=call)

    def queries(user):
        client.force_login(user)
        client.get("/admin/funded_projects/")  # caches warmed: site, locales, permissions
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/admin/funded_projects/")
        assert response.status_code == 200
        return len(captured), len(response.context["object_list"])

    before = {user.pk: queries(user) for user in (staff, city_staff)}
    # From 3 departments to 50: some below the city bureau without projects (its scope grows),
    # the others elsewhere with a project each (the table grows, nobody's rows change).
    for n in range(47):
        if n % 2:
            GovernmentFactory(name=f"深圳市第{n}街道办事处", parent_department=city)
            continue
        other = GovernmentFactory(name=f"外市第{n}区民政局")
        call = CallFactory(title=f"外市第{n}区公益创投", department=other)
        make_funded_project(organization=OrganizationFactory(), call=call)
    assert GovernmentFactory._meta.model.objects.filter(kind="government").count() == 50
    after = {user.pk: queries(user) for user in (staff, city_staff)}
    assert after == before
    assert before[staff.pk][1] == 2 and before[city_staff.pk][1] == 4
