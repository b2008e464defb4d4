"""Blind review: no page or download an expert gets shows who the applicant is."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from core.workflow import perform_transition
from grants.models import Application, TeamMember
from review.draw import draw_panel
from tests.review.conftest import make_reviewing_call

pytestmark = pytest.mark.django_db

ORG_NAME = "深圳市南山区晨曦社会工作服务中心"


@pytest.fixture
def blind_assignment(staff, experts):
    call, apps = make_reviewing_call(staff, n=1, blind=True)
    application = apps[0]
    org = application.organization
    org.name = ORG_NAME
    org.legal_representative = "欧阳建国"
    org.save()
    Application.objects.filter(pk=application.pk).update(
        project_name="晨曦社工长者关爱计划",
        summary="晨曦社工多年服务长者，联系人李娜，电话13912345678，邮箱chenxi@example.org。",
        needs_analysis=f"{ORG_NAME}调研发现独居长者缺乏照护；代码{org.uscc}。",
        lead_name="司马光明",
        org_snapshot={**application.org_snapshot, "name": ORG_NAME},
    )
    TeamMember.objects.create(application=application, name="诸葛青云", phone="13700001111")
    draw_panel(call=call, by=staff, size=3, seed=1)
    application.refresh_from_db()
    return application.review_assignments.select_related("expert__user").first(), org


def identity(org):
    return [
        ORG_NAME,
        "晨曦社会工作服务中心",
        "晨曦",
        org.uscc,
        "欧阳建国",
        "李娜",
        "王芳",  # team member from the factory
        "诸葛青云",
        "司马光明",
        "13912345678",
        "13700001111",
        "chenxi@example.org",
        org.contact_email,
        org.address,
    ]


def assert_clean(text, org):
    leaks = [term for term in identity(org) if term and term in text]
    assert leaks == []


def test_blind_pages_and_pdf_show_no_identity(client, blind_assignment):
    assignment, org = blind_assignment
    user = assignment.expert.user
    client.force_login(user)
    pages = [
        reverse("portal:review_assignments"),
        reverse("portal:review_assignment", args=[assignment.pk]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert_clean(html, org)
    perform_transition(assignment, "declare_no_conflict", by=user)
    response = client.get(reverse("portal:review_assignment", args=[assignment.pk]))
    html = response.content.decode()
    assert "多年服务长者" in html  # the content itself is shown
    assert "■■社工长者关爱计划" in html
    assert_clean(html, org)
    assert_clean(client.get(reverse("portal:review_assignments")).content.decode(), org)
    pdf = client.get(reverse("portal:review_assignment_pdf", args=[assignment.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "多年服务长者" in text
    assert_clean(text, org)


def test_not_blind_shows_identity(client, staff, experts):
    call, apps = make_reviewing_call(staff, n=1, blind=False)
    draw_panel(call=call, by=staff, size=3, seed=1)
    assignment = apps[0].review_assignments.select_related("expert__user").first()
    perform_transition(assignment, "declare_no_conflict", by=assignment.expert.user)
    client.force_login(assignment.expert.user)
    html = client.get(reverse("portal:review_assignment", args=[assignment.pk])).content.decode()
    assert apps[0].organization.name in html


def test_other_expert_and_staff_refused(client, blind_assignment, expert, staff):
    assignment, _org = blind_assignment
    url = reverse("portal:review_assignment", args=[assignment.pk])
    client.force_login(expert)
    response = client.get(url)
    assert response.status_code == 403
    assert "这不是分配给您的评审任务" in response.content.decode()
    client.force_login(staff)
    assert client.get(url).status_code == 403


def test_content_hidden_until_declared(client, blind_assignment):
    assignment, _org = blind_assignment
    client.force_login(assignment.expert.user)
    html = client.get(reverse("portal:review_assignment", args=[assignment.pk])).content.decode()
    assert "利益冲突声明" in html
    assert "多年服务长者" not in html
    pdf = client.get(reverse("portal:review_assignment_pdf", args=[assignment.pk]))
    assert pdf.status_code == 403
