"""Staff screens in the admin: schemes (validation, frozen, copy), commissioning, reports."""

import pytest

from reports.models import EvaluationScheme, PerformanceReport
from tests.reports.conftest import commission, due

pytestmark = pytest.mark.django_db


def _scheme_post(name, indicators, bands, method="points"):
    data = {
        "name": name,
        "stage": "",
        "method": method,
        "description": "",
        "bonus_cap": "",
        "penalty_cap": "",
        "is_active": "on",
        "indicators-TOTAL_FORMS": str(len(indicators)),
        "indicators-INITIAL_FORMS": "0",
        "indicators-MIN_NUM_FORMS": "0",
        "indicators-MAX_NUM_FORMS": "1000",
        "bands-TOTAL_FORMS": str(len(bands)),
        "bands-INITIAL_FORMS": "0",
        "bands-MIN_NUM_FORMS": "1",
        "bands-MAX_NUM_FORMS": "1000",
    }
    for i, (code, label, points) in enumerate(indicators):
        data.update(
            {
                f"indicators-{i}-code": code,
                f"indicators-{i}-name": label,
                f"indicators-{i}-kind": "normal",
                f"indicators-{i}-max_points": points,
                f"indicators-{i}-weight": "",
                f"indicators-{i}-source": "manual",
                f"indicators-{i}-guidance": "",
                f"indicators-{i}-evidence": "",
                f"indicators-{i}-ORDER": str(i),
                f"indicators-{i}-id": "",
            }
        )
    for i, (label, floor) in enumerate(bands):
        data.update(
            {
                f"bands-{i}-label": label,
                f"bands-{i}-min_score": floor,
                f"bands-{i}-passing": "on",
                f"bands-{i}-ORDER": str(i),
                f"bands-{i}-id": "",
            }
        )
    return data


def test_scheme_create_checks_the_tree(client, staff):
    client.force_login(staff)
    bad = _scheme_post(
        "新方案",
        [("1", "投入", ""), ("1.1", "立项", "60"), ("2.1", "产出", "30")],
        [("合格", "60")],
    )
    response = client.post("/admin/evaluation_schemes/new/", bad)
    assert response.status_code == 200
    content = response.content.decode()
    assert "指标 2.1 缺少上级指标 2" in content
    assert "末级指标的分值合计应为100，当前为90" in content
    assert "最低的等级区间应从0分起" in content
    assert not EvaluationScheme.objects.filter(name="新方案").exists()
    good = _scheme_post(
        "新方案",
        [("1", "投入", ""), ("1.1", "立项", "60"), ("1.2", "执行", "40")],
        [("合格", "60"), ("不合格", "0")],
    )
    response = client.post("/admin/evaluation_schemes/new/", good)
    assert response.status_code == 302
    scheme = EvaluationScheme.objects.get(name="新方案")
    assert [i.code for i in scheme.ordered_indicators()] == ["1", "1.1", "1.2"]


def test_frozen_scheme_cannot_be_edited_but_can_be_copied(
    client, staff, project, midterm_scheme, agency
):
    commission(project, midterm_scheme, agency, staff)
    client.force_login(staff)
    response = client.get(f"/admin/evaluation_schemes/edit/{midterm_scheme.pk}/", follow=True)
    assert "该方案已被评估使用，已冻结" in response.content.decode()
    response = client.post(f"/admin/evaluation_schemes/copy/{midterm_scheme.pk}/")
    copy = EvaluationScheme.objects.get(copied_from=midterm_scheme)
    assert response["Location"] == f"/admin/evaluation_schemes/edit/{copy.pk}/"
    assert copy.indicators.count() == midterm_scheme.indicators.count()
    assert [b.label for b in copy.ordered_bands()] == ["合格", "不合格"]
    assert not copy.is_frozen
    assert client.get(f"/admin/evaluation_schemes/edit/{copy.pk}/").status_code == 200


def test_scheme_copy_refused_to_non_staff(client, evaluator, midterm_scheme):
    client.force_login(evaluator)
    response = client.post(f"/admin/evaluation_schemes/copy/{midterm_scheme.pk}/")
    assert response.status_code in (302, 403)
    assert not EvaluationScheme.objects.filter(copied_from=midterm_scheme).exists()


def test_commission_view_batch(client, staff, project, midterm_scheme, agency, org_b):
    from tests.reports.conftest import make_running_project

    other = make_running_project(organization=org_b, name="儿童课后陪伴")
    client.force_login(staff)
    response = client.post(
        "/admin/evaluations/commission/",
        {
            "projects": [project.pk, other.pk],
            "stage": "midterm",
            "agency": agency.pk,
            "scheme": midterm_scheme.pk,
            "due_on": due().isoformat(),
        },
    )
    assert response.status_code == 302
    assert sorted(e.project.name for e in midterm_scheme.evaluations.all()) == [
        "儿童课后陪伴",
        "长者关爱计划",
    ]
    response = client.post(
        "/admin/evaluations/commission/",
        {
            "projects": [project.pk],
            "stage": "midterm",
            "agency": agency.pk,
            "scheme": midterm_scheme.pk,
            "due_on": due().isoformat(),
        },
    )
    assert "已委托过中期评估" in response.content.decode()


def test_evaluation_admin_lists_and_inspects(
    client, staff, project, midterm_scheme, agency, django_assert_max_num_queries
):
    evaluation = commission(project, midterm_scheme, agency, staff)
    client.force_login(staff)
    with django_assert_max_num_queries(40):
        response = client.get("/admin/evaluations/")
    assert "长者关爱计划" in response.content.decode()
    response = client.get(f"/admin/evaluations/inspect/{evaluation.pk}/")
    content = response.content.decode()
    assert "活动按计划推进" in content and "深圳市公益评估中心" in content


def test_report_admin_refuses_generation_before_submission(
    client, staff, project, midterm_scheme, agency
):
    evaluation = commission(project, midterm_scheme, agency, staff)
    client.force_login(staff)
    report = evaluation.report
    response = client.post(f"/admin/performance_reports/generate/{report.pk}/", follow=True)
    assert "评估结果提交后才能生成报告" in response.content.decode()
    assert PerformanceReport.objects.get(pk=report.pk).job_state == "idle"


@pytest.mark.parametrize("value", ["abc", "²", "1" + "0" * 30])
def test_batch_for_a_call_that_is_no_id_is_404(client, staff, value):
    client.force_login(staff)
    response = client.post("/admin/performance_reports/batches/", {"call": value})
    assert response.status_code == 404


def test_commission_of_a_project_id_beyond_64_bits_is_an_invalid_choice(
    client, staff, project, midterm_scheme, agency
):
    client.force_login(staff)
    response = client.post(
        "/admin/evaluations/commission/",
        {
            "projects": [project.pk, "1" + "0" * 30],
            "stage": "midterm",
            "agency": agency.pk,
            "scheme": midterm_scheme.pk,
            "due_on": due().isoformat(),
        },
    )
    assert response.status_code == 200
    assert "projects" in response.context["form"].errors
    assert not midterm_scheme.evaluations.exists()
