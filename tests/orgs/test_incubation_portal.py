"""Incubation in the portal (applicants, members, base managers) and on the public pages."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from orgs.incubation import public
from orgs.models import Founder, Incubation, SupportRecord
from tests.hostile_files import make_pdf
from tests.orgs.incubation_support import (
    FOUNDER_EMAIL,
    FOUNDER_PHONE,
    admitted,
    full_points,
    incubating,
    move,
    org_application,
    pdf,
    team_application,
)

pytest_plugins = ["tests.orgs.incubation_fixtures"]

D = datetime.date


def text(response) -> str:
    return response.content.decode()


def founding_team_post(**extra):
    data = {
        "organization": "",
        "team_name": "南山区晨曦助老服务中心",
        "intended_kind": "service_org",
        "registration_plan": "三个月内申请登记。",
        "service_field": "社区养老",
        "mission": "让社区长者老有所依。",
        "planned_services": "长者探访。",
        "team": "社工3人。",
        "needs": ["space", "training", "other"],
        "needs_other": "法律咨询",
        "placement": "physical",
        "founders-TOTAL_FORMS": "2",
        "founders-INITIAL_FORMS": "0",
        "founders-MIN_NUM_FORMS": "0",
        "founders-MAX_NUM_FORMS": "1000",
        "founders-0-name": "秘密发起人",
        "founders-0-role": "负责人",
        "founders-0-phone": FOUNDER_PHONE,
        "founders-0-email": FOUNDER_EMAIL,
    }
    return {**data, **extra}


# --- Applying ----------------------------------------------------------------------------------


def test_founding_team_applies_and_submits_in_the_portal(
    client, base, team_lead, incubator_manager
):
    client.force_login(team_lead)
    form = client.get(f"/portal/incubation/bases/{base.pk}/apply/")
    assert "发起人的联系方式仅供基地联系使用，不会公开。" in text(form)
    response = client.post(f"/portal/incubation/bases/{base.pk}/apply/", founding_team_post())
    incubation = Incubation.objects.get()
    assert response["Location"] == f"/portal/incubation/{incubation.pk}/"
    assert (incubation.applicant, incubation.as_founding_team, incubation.state) == (
        team_lead,
        True,
        "draft",
    )
    assert incubation.needs == ["space", "training", "other"]
    assert list(incubation.founders.values_list("name", "phone")) == [("秘密发起人", FOUNDER_PHONE)]
    page = text(client.get(f"/portal/incubation/{incubation.pk}/"))
    assert "提交入驻申请" in page and "场地、培训、其他（法律咨询）" in page
    client.post(f"/portal/incubation/{incubation.pk}/transition/submit/")
    incubation.refresh_from_db()
    assert incubation.state == "applied"
    assert incubation.answer_due_on is not None


def test_application_needs_an_organization_or_a_team_name(client, base, team_lead):
    client.force_login(team_lead)
    response = client.post(
        f"/portal/incubation/bases/{base.pk}/apply/", founding_team_post(team_name="")
    )
    assert "请选择申请组织，或填写筹备团队的拟登记名称" in text(response)
    assert not Incubation.objects.exists()


def test_only_an_account_admin_can_choose_the_organization(client, base, org_a, member):
    client.force_login(member)
    response = client.post(
        f"/portal/incubation/bases/{base.pk}/apply/", founding_team_post(organization=org_a.pk)
    )
    assert "选择一个有效的选项" in text(response)
    assert not Incubation.objects.exists()


def test_closed_base_refuses_applications(client, base, team_lead):
    base.is_open = False
    base.save()
    client.force_login(team_lead)
    response = client.post(f"/portal/incubation/bases/{base.pk}/apply/", founding_team_post())
    assert response.status_code == 403
    assert not Incubation.objects.exists()


# --- Who sees a record -------------------------------------------------------------------------


@pytest.fixture
def record(base, org_a, owner, incubator_manager):
    incubation = incubating(
        org_application(base, org_a, owner), manager=incubator_manager, applicant=owner
    )
    SupportRecord.objects.create(
        incubation=incubation,
        kind="activity_grant",
        date=D(2025, 5, 1),
        hours=Decimal("2.5"),
        description="社区长者节活动资助",
        amount=Decimal("3000.00"),
    )
    return incubation


def test_members_see_their_support_record(client, record, member):
    client.force_login(member)
    page = text(client.get(f"/portal/incubation/{record.pk}/"))
    assert "社区长者节活动资助" in page
    assert "3,000.00" in page and "2.5" in page
    assert "记录扶持服务" not in page  # members read; the base records


@pytest.mark.parametrize("persona", ["outsider", "other_manager", "expert"])
def test_others_cannot_open_a_record(request, client, record, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(f"/portal/incubation/{record.pk}/")
    assert response.status_code == 403
    assert "社区长者节活动资助" not in text(response)


def test_documents_are_served_only_to_those_who_see_the_record(client, record, member, outsider):
    document = record.documents.get()
    url = f"/portal/incubation/{record.pk}/documents/{document.pk}/"
    client.force_login(member)
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(outsider)
    assert client.get(url).status_code == 403


# --- The base's side ---------------------------------------------------------------------------


def test_manager_dashboard_lists_only_its_own_base(
    client, base, other_base, record, team_lead, incubator_manager, other_manager
):
    elsewhere = move(team_application(other_base, team_lead), "submit", by=team_lead)
    client.force_login(incubator_manager)
    page = text(client.get(f"/portal/incubation/bases/{base.pk}/"))
    assert "阳光社工服务中心" in page
    assert elsewhere.display_name not in page
    assert client.get(f"/portal/incubation/bases/{other_base.pk}/").status_code == 404
    assert client.get(f"/portal/incubation/{elsewhere.pk}/").status_code == 403
    client.force_login(other_manager)
    assert "阳光社工服务中心" not in text(client.get(f"/portal/incubation/bases/{other_base.pk}/"))


def test_manager_dashboard_filters_by_state_and_year(
    client, base, record, team_lead, incubator_manager
):
    applied = move(team_application(base, team_lead), "submit", by=team_lead)
    client.force_login(incubator_manager)
    page = text(client.get(f"/portal/incubation/bases/{base.pk}/", {"state": "applied"}))
    assert applied.display_name in page and "阳光社工服务中心" not in page
    year = record.created_at.year
    assert "没有符合条件的记录" in text(
        client.get(f"/portal/incubation/bases/{base.pk}/", {"year": year - 1})
    )


def test_manager_admits_with_the_agreement_in_the_portal(
    client, base, team_lead, incubator_manager
):
    incubation = move(team_application(base, team_lead), "submit", by=team_lead)
    incubation = move(incubation, "start_review", by=incubator_manager)
    client.force_login(incubator_manager)
    url = f"/portal/incubation/{incubation.pk}/admit/"
    refused = client.post(url, {"placement": "physical", "desk_number": ""})
    assert "请先上传双方签署的入驻协议" in text(refused)
    assert "实体孵化须填写工位号" in text(refused)
    response = client.post(
        url, {"placement": "physical", "desk_number": "C-03", "agreement": pdf(), "reason": "欢迎"}
    )
    assert response["Location"] == f"/portal/incubation/{incubation.pk}/"
    incubation.refresh_from_db()
    assert (incubation.state, incubation.desk_number) == ("admitted", "C-03")


def test_applicant_cannot_reach_the_bases_forms(client, base, record, owner):
    client.force_login(owner)
    for action in ("admit", "extend", "exit", "support/new"):
        assert client.get(f"/portal/incubation/{record.pk}/{action}/").status_code == 403


def test_manager_records_support_and_a_grant_needs_an_amount(client, record, incubator_manager):
    client.force_login(incubator_manager)
    url = f"/portal/incubation/{record.pk}/support/new/"
    data = {"kind": "activity_grant", "date": "2025-06-01", "hours": "", "description": "读书会"}
    assert "小额活动资助须填写金额" in text(client.post(url, data))
    client.post(url, {**data, "amount": "1500.50"})
    grant = record.support_records.get(description="读书会")
    assert grant.amount == Decimal("1500.50")
    assert grant.recorded_by == incubator_manager


def test_manager_records_an_assessment_in_the_portal(client, base, record, incubator_manager):
    record = move(record, "start_midterm", by=incubator_manager)
    client.force_login(incubator_manager)
    url = f"/portal/incubation/{record.pk}/assess/"
    form = text(client.get(url))
    assert "基础条件（满分15.0）" in form and "财务自立（满分10.0）" in form
    data = {f"item_{pk}": str(v) for pk, v in full_points(base).items()}
    data.update(assessed_on="2025-07-01", comments="达标")
    client.post(url, data)
    record.refresh_from_db()
    assert record.state == "incubating"
    page = text(client.get(f"/portal/incubation/{record.pk}/"))
    assert "中期评估（2025年7月1日）：100.0 / 100.0" in page


def test_founding_team_links_its_registration_in_the_portal(
    client, base, team_lead, incubator_manager
):
    from tests.factories import make_uscc

    incubation = admitted(
        team_application(base, team_lead), manager=incubator_manager, applicant=team_lead
    )
    client.force_login(team_lead)
    url = f"/portal/incubation/{incubation.pk}/register/"
    code = make_uscc()
    bad = code[:17] + ("0" if code[17] != "0" else "1")
    assert "校验位应为" in text(
        client.post(url, {"code": bad, "name": "晨曦", "kind": "service_org"})
    )
    client.post(url, {"code": code, "name": "南山区晨曦助老服务中心", "kind": "service_org"})
    incubation.refresh_from_db()
    assert incubation.organization.uscc == code


def test_upload_refuses_a_disguised_file(client, record, owner):
    client.force_login(owner)
    fake = SimpleUploadedFile("计划书.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = client.post(
        f"/portal/incubation/{record.pk}/documents/upload/",
        {"kind": "application", "title": "计划书", "file": fake},
        follow=True,
    )
    assert "文件内容与扩展名不符" in text(response)
    good = SimpleUploadedFile("计划书.pdf", make_pdf(), "application/pdf")
    client.post(
        f"/portal/incubation/{record.pk}/documents/upload/",
        {"kind": "application", "title": "计划书", "file": good},
    )
    assert record.documents.filter(title="计划书").count() == 1


# --- Public ------------------------------------------------------------------------------------


@pytest.fixture
def outcomes(base, team_lead, org_b, outsider, incubator_manager, freeze):
    """A founding team incubating (founder with private contacts) and a graduated organization."""
    freeze(D(2025, 3, 3))
    team = incubating(
        team_application(base, team_lead),
        manager=incubator_manager,
        applicant=team_lead,
        desk="A-01",
    )
    grad = incubating(
        org_application(base, org_b, outsider, service_field="青少年成长"),
        manager=incubator_manager,
        applicant=outsider,
        desk="A-02",
    )
    grad = move(grad, "start_midterm", by=incubator_manager)
    from orgs.incubation import actions

    _a, grad = actions.record_assessment(
        incubation=grad, by=incubator_manager, points=full_points(base)
    )
    grad = move(grad, "start_final", by=incubator_manager)
    freeze(D(2026, 3, 10))
    _a, grad = actions.record_assessment(
        incubation=grad, by=incubator_manager, points=full_points(base)
    )
    return team, grad


def assert_no_founder_contacts(html: str):
    assert FOUNDER_PHONE not in html
    assert FOUNDER_EMAIL not in html
    assert "秘密发起人" not in html
    digits = re.sub(r"\D", "", html)
    assert FOUNDER_PHONE not in digits


def test_public_pages_show_bases_and_outcomes_without_founders(client, base, outcomes):
    # The old addresses lead (by redirect, when the cms has pages) to the same facts.
    index = text(client.get("/incubation/", follow=True))
    detail = text(client.get(f"/incubation/{base.pk}/", follow=True))
    for page in (index, detail):
        assert "南山区社会组织孵化基地" in page
        assert "南山区晨曦助老服务中心（筹备中）" in page
        assert "彩虹社区服务中心" in page and "青少年成长" in page
        assert "工位2个（已使用1个，空余1个），办公室1间" in page
        assert "导师辅导、财务代账、能力建设培训" in page
        assert f"/portal/incubation/bases/{base.pk}/apply/" in page
        assert_no_founder_contacts(page)
    assert "<dt>累计入孵</dt><dd>2</dd>" in re.sub(r"\s+", "", index).replace("<div>", "")


def test_public_queries_never_carry_founders(base, outcomes):
    dumped = repr(
        [
            public.base_summary(base),
            public.incubating(),
            public.graduated(),
            public.headline_figures(),
        ]
    )
    assert_no_founder_contacts(dumped)
    assert [e["name"] for e in public.incubating(base)] == ["南山区晨曦助老服务中心"]
    assert [(e["name"], e["year"]) for e in public.graduated(base)] == [("彩虹社区服务中心", 2026)]
    assert public.headline_figures() == {"incubated": 2, "graduated": 1, "funded": 0}


def test_founders_contacts_also_stay_off_public_pages_once_registered(client, base, outcomes):
    team, _grad = outcomes
    assert Founder.objects.filter(incubation=team).exists()
    assert_no_founder_contacts(text(client.get(f"/incubation/{base.pk}/", follow=True)))


def test_funded_projects_come_from_a_registered_provider(client, base, outcomes, org_b):
    def provider(org):
        return (
            [{"title": "青苗成长计划", "year": 2026, "url": "/projects/1/"}] if org == org_b else []
        )

    public.register_funded_projects_provider(provider)
    try:
        assert public.headline_figures()["funded"] == 1
        assert public.funded_projects(org_b) == [
            {"title": "青苗成长计划", "year": 2026, "url": "/projects/1/"}
        ]
        assert '<a href="/projects/1/">青苗成长计划</a>' in text(
            client.get(f"/incubation/{base.pk}/", follow=True)
        )
    finally:
        public.unregister_funded_projects_provider(provider)
    assert public.funded_projects(org_b) == []


def test_unknown_base_is_404(client, db):
    assert client.get("/incubation/999/").status_code == 404
