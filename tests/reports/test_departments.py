"""Evaluations and performance reports belong to the department that bought the project, and
evaluation schemes are issued by a department for itself and those below it (issue 21, points 2
and 3). The evaluators' portal is not department-bound."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from core import todo
from core.workflow import available_transitions
from orgs.roles import Role
from reports.actions import commission_evaluations, copy_scheme
from reports.figures import grades
from reports.models import (
    CallEvaluationSettings,
    Evaluation,
    EvaluationScheme,
    GenerationBatch,
    PerformanceReport,
    ReportVersion,
    Stage,
)
from tests.factories import (
    CallFactory,
    UserFactory,
)
from tests.reports.conftest import commission, due, make_running_project
from tests.reports.test_admin import _scheme_post

pytestmark = pytest.mark.django_db

OTHER_DEPARTMENT = "该事项属于其他部门，您无权办理"


@pytest.fixture
def records(tree, project, midterm_scheme, agency, staff):
    """南山区's submitted mid-term evaluation with its report (one version), a generation batch,
    the call's evaluation settings and a scheme 南山区 issued."""
    evaluation = commission(project, midterm_scheme, agency, staff)
    Evaluation.objects.filter(pk=evaluation.pk).update(
        state="submitted", total_score=Decimal("80"), grade="合格"
    )
    report = PerformanceReport.objects.get(evaluation=evaluation)
    version = ReportVersion(report=report, number=1, digest="0" * 64, size=8, public_size=8)
    version.private_file.save("v1.pdf", ContentFile(b"%PDF-1.4"), save=False)
    version.public_file.save("v1-public.pdf", ContentFile(b"%PDF-1.4"), save=False)
    version.save()
    own_scheme = copy_scheme(midterm_scheme, by=staff, name="南山区中期评估指标")
    return {
        "evaluation": Evaluation.objects.get(pk=evaluation.pk),
        "report": report,
        "version": version,
        "batch": GenerationBatch.objects.create(call=project.call, requested_by=staff),
        "settings": CallEvaluationSettings.objects.create(call=project.call),
        "scheme": own_scheme,
        "call": project.call,
    }


def staff_urls(r) -> list[tuple[str, str, dict]]:
    e, rep, s = r["evaluation"].pk, r["report"].pk, r["settings"].pk
    scheme, version = r["scheme"].pk, r["version"].pk
    gets = [
        *(reverse(f"evaluations:{v}", args=(e,)) for v in ("inspect", "edit", "delete")),
        *(reverse(f"evaluations:{v}", args=(e,)) for v in ("history", "history_results", "usage")),
        reverse("evaluations:transition", args=(e, "return_for_changes")),
        *(reverse(f"performance_reports:{v}", args=(rep,)) for v in ("inspect", "edit", "delete")),
        *(reverse(f"performance_reports:{v}", args=(rep,)) for v in ("history", "usage")),
        reverse("performance_reports:transition", args=(rep, "review")),
        reverse("performance_reports:version", args=(version, "internal")),
        reverse("performance_reports:version", args=(version, "public")),
        reverse("performance_reports:batch", args=(r["batch"].pk,)),
        reverse("performance_reports:call_summary", args=(r["call"].pk,)),
        *(reverse(f"call_evaluation_settings:{v}", args=(s,)) for v in ("edit", "delete")),
        *(reverse(f"call_evaluation_settings:{v}", args=(s,)) for v in ("history", "usage")),
        *(reverse(f"evaluation_schemes:{v}", args=(scheme,)) for v in ("inspect", "edit")),
        *(reverse(f"evaluation_schemes:{v}", args=(scheme,)) for v in ("history", "usage")),
        reverse("evaluation_schemes:delete", args=(scheme,)),
    ]
    posts = [
        (reverse("evaluations:transition", args=(e, "return_for_changes")), {"reason": "补充"}),
        (reverse("evaluations:edit", args=(e,)), {"due_on": "2030-01-01"}),
        (reverse("performance_reports:generate", args=(rep,)), {}),
        (reverse("performance_reports:batches"), {"call": str(r["call"].pk)}),
        (reverse("call_evaluation_settings:edit", args=(s,)), {"call": str(r["call"].pk)}),
        (reverse("evaluation_schemes:copy", args=(scheme,)), {}),
    ]
    return [("get", u, {}) for u in gets] + [("post", u, d) for u, d in posts]


def test_every_staff_url_of_another_departments_evaluation_is_404(
    client, records, futian_staff, staff
):
    urls = staff_urls(records)
    client.force_login(futian_staff)
    answers = {u: getattr(client, m)(u, d).status_code for m, u, d in urls}
    assert {u: code for u, code in answers.items() if code != 404} == {}
    assert Evaluation.objects.get(pk=records["evaluation"].pk).state == "submitted"
    assert GenerationBatch.objects.count() == 1
    assert EvaluationScheme.objects.filter(copied_from=records["scheme"]).count() == 0
    # The pages exist for the purchasing department (the 404s are the scope's); the summary PDF
    # is left out only because laying it out is slow.
    client.force_login(staff)
    own = {
        u: client.get(u).status_code
        for m, u, _d in urls
        if m == "get" and not u.endswith("summary.pdf")
    }
    assert {u: code for u, code in own.items() if code == 404} == {}


def test_city_bureau_reads_a_districts_evaluation_and_report_without_acting(
    client, records, city_staff, staff
):
    evaluation, report = records["evaluation"], records["report"]
    assert "return_for_changes" in [t.name for t in available_transitions(evaluation, staff)]
    assert available_transitions(evaluation, city_staff) == []
    client.force_login(city_staff)
    page = client.get(reverse("evaluations:inspect", args=(evaluation.pk,)))
    assert page.status_code == 200 and "长者关爱计划" in page.content.decode()
    assert reverse("evaluations:transition", args=(evaluation.pk, "return_for_changes")) not in (
        page.content.decode()
    )
    page = client.get(reverse("performance_reports:inspect", args=(report.pk,))).content.decode()
    assert OTHER_DEPARTMENT in page
    assert f'action="{reverse("performance_reports:generate", args=(report.pk,))}"' not in page
    batches = client.get(reverse("performance_reports:batches")).content.decode()
    assert records["call"].title in batches and "生成全部报告" not in batches

    for method, url, data in (
        (
            "post",
            reverse("evaluations:transition", args=(evaluation.pk, "return_for_changes")),
            {"reason": "补充材料"},
        ),
        ("post", reverse("performance_reports:generate", args=(report.pk,)), {}),
        ("post", reverse("performance_reports:batches"), {"call": str(records["call"].pk)}),
        ("get", reverse("evaluations:edit", args=(evaluation.pk,)), {}),
        ("get", reverse("call_evaluation_settings:edit", args=(records["settings"].pk,)), {}),
        ("get", reverse("evaluation_schemes:edit", args=(records["scheme"].pk,)), {}),
    ):
        response = getattr(client, method)(url, data)
        assert (url, response.status_code) == (url, 403)
        assert OTHER_DEPARTMENT in response.content.decode()
    assert Evaluation.objects.get(pk=evaluation.pk).state == "submitted"
    assert PerformanceReport.objects.get(pk=report.pk).job_state == "idle"
    assert GenerationBatch.objects.count() == 1


@pytest.fixture
def futian_evaluation(tree, final_scheme, agency, futian_staff, org_b):
    call = CallFactory(title="2026年福田区公益创投", department=tree[2])
    project = make_running_project(organization=org_b, call=call, name="福田助残计划")
    evaluation = commission(project, final_scheme, agency, futian_staff, stage=Stage.FINAL)
    Evaluation.objects.filter(pk=evaluation.pk).update(state="accepted", grade="优")
    return Evaluation.objects.get(pk=evaluation.pk)


def _listed(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return [obj.pk for obj in response.context["object_list"]]


def test_lists_todo_and_grades_hold_only_own_and_lower_departments(
    client, records, futian_evaluation, staff, futian_staff, city_staff
):
    nanshan = records["evaluation"]
    futian_report = PerformanceReport.objects.get(evaluation=futian_evaluation)
    for user, evaluations, reports in (
        (staff, {nanshan.pk}, {records["report"].pk}),
        (futian_staff, {futian_evaluation.pk}, {futian_report.pk}),
        (city_staff, {nanshan.pk, futian_evaluation.pk}, {records["report"].pk, futian_report.pk}),
    ):
        assert set(_listed(client, user, "/admin/evaluations/")) == evaluations
        assert set(_listed(client, user, "/admin/performance_reports/")) == reports
        accept = todo.PANELS["evaluations_to_accept"]
        waiting = [e.pk for e in accept.queryset(user, None)]
        assert waiting == ([nanshan.pk] if nanshan.pk in evaluations else [])
        assert todo.fill(accept, user).count == len(waiting)
    assert _listed(client, futian_staff, "/admin/call_evaluation_settings/") == []
    assert _listed(client, staff, "/admin/call_evaluation_settings/") == [records["settings"].pk]
    # The staff figures count accepted results of the user's departments only.
    assert grades(None, public=False, user=futian_staff) == [("优", 1)]
    assert grades(None, public=False, user=staff) == []
    client.force_login(futian_staff)
    response = client.get(reverse("performance_reports:dashboard"))
    assert response.context["data"]["grades"] == [("优", 1)]


def test_schemes_issued_above_are_used_below_and_changed_only_by_their_issuer(
    client, tree, records, futian_staff, city_staff, staff, midterm_scheme
):
    city, nanshan, futian = tree
    city_scheme = copy_scheme(midterm_scheme, by=city_staff, name="市局中期评估指标")
    futian_scheme = copy_scheme(midterm_scheme, by=futian_staff, name="福田区中期评估指标")
    nanshan_scheme = records["scheme"]
    assert (city_scheme.department, futian_scheme.department) == (city, futian)
    assert nanshan_scheme.department == nanshan
    city_wide = set(EvaluationScheme.objects.filter(department=None).values_list("pk", flat=True))
    for user, issued in (
        (futian_staff, {city_scheme.pk, futian_scheme.pk}),
        (staff, {city_scheme.pk, nanshan_scheme.pk}),
        (city_staff, {city_scheme.pk, futian_scheme.pk, nanshan_scheme.pk}),
    ):
        assert set(_listed(client, user, "/admin/evaluation_schemes/")) == city_wide | issued
    # Only the issuing department edits; a city-wide scheme is the city bureau's to change.
    client.force_login(staff)
    assert (
        client.get(reverse("evaluation_schemes:edit", args=(nanshan_scheme.pk,))).status_code == 200
    )
    response = client.get(reverse("evaluation_schemes:edit", args=(city_scheme.pk,)))
    assert response.status_code == 403 and OTHER_DEPARTMENT in response.content.decode()
    unused_city_wide = EvaluationScheme.objects.filter(department=None, evaluations=None).first()
    response = client.get(reverse("evaluation_schemes:edit", args=(unused_city_wide.pk,)))
    assert response.status_code == 403
    assert "全市通用的评价方案由市级部门发布和修改" in response.content.decode()
    client.force_login(city_staff)
    response = client.get(reverse("evaluation_schemes:edit", args=(unused_city_wide.pk,)))
    assert response.status_code == 200
    # A new scheme is issued by the user's own department; another department is not a choice.
    client.force_login(futian_staff)
    data = _scheme_post("福田区新方案", [("1", "成效", "100")], [("合格", "60"), ("不合格", "0")])
    data["department"] = str(nanshan.pk)
    response = client.post(reverse("evaluation_schemes:add"), data)
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    data["department"] = ""
    response = client.post(reverse("evaluation_schemes:add"), data)
    assert list(response.context["form"].errors) == ["department"]  # city-wide is not theirs
    assert not EvaluationScheme.objects.filter(name="福田区新方案").exists()
    data["department"] = str(futian.pk)
    client.post(reverse("evaluation_schemes:add"), data)
    assert EvaluationScheme.objects.get(name="福田区新方案").department == futian


def test_commissioning_offers_only_schemes_the_projects_department_may_use(
    client, tree, records, futian_staff, staff, agency, org_b, midterm_scheme, admin_user
):
    city, nanshan, futian = tree
    nanshan_scheme = records["scheme"]
    futian_call = CallFactory(title="2026年福田区第二期", department=futian)
    futian_project = make_running_project(organization=org_b, call=futian_call, name="福田长者")
    client.force_login(futian_staff)
    form = client.get(reverse("evaluations:commission")).context["form"]
    assert nanshan_scheme not in form.fields["scheme"].queryset
    assert midterm_scheme in form.fields["scheme"].queryset
    assert list(form.fields["projects"].queryset) == [futian_project]
    data = {
        "projects": [str(futian_project.pk)],
        "stage": Stage.MIDTERM,
        "agency": str(agency.pk),
        "scheme": str(nanshan_scheme.pk),
        "due_on": due().isoformat(),
    }
    response = client.post(reverse("evaluations:commission"), data)
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    # Someone working for both districts is offered 南山区's scheme, but not for 福田区's project.
    both = UserFactory(roles=[Role.STAFF], departments=[nanshan, futian])
    client.force_login(both)
    response = client.post(reverse("evaluations:commission"), data)
    assert "该评价方案不适用于以下项目的购买部门：福田长者" in response.content.decode()
    assert not Evaluation.objects.filter(project=futian_project).exists()
    # The action itself refuses it too, and a project of another department.
    with pytest.raises(ValidationError, match="不适用于项目“福田长者”的购买部门"):
        commission_evaluations(
            [futian_project],
            stage=Stage.MIDTERM,
            agency=agency,
            scheme=nanshan_scheme,
            due_on=due(),
            by=admin_user,
        )
    other = make_running_project(
        call=CallFactory(department=nanshan), name="南山另一项目", organization=None
    )
    with pytest.raises(PermissionDenied, match=OTHER_DEPARTMENT):
        commission_evaluations(
            [other],
            stage=Stage.MIDTERM,
            agency=agency,
            scheme=midterm_scheme,
            due_on=due(),
            by=futian_staff,
        )
    # 福田区 may use what the city bureau issued.
    city_scheme = copy_scheme(
        midterm_scheme, by=UserFactory(roles=[Role.STAFF], departments=[city])
    )
    created = commission_evaluations(
        [futian_project],
        stage=Stage.MIDTERM,
        agency=agency,
        scheme=city_scheme,
        due_on=due(),
        by=futian_staff,
    )
    assert [e.scheme for e in created] == [city_scheme]
