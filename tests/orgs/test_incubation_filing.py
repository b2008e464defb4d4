"""A founding team that became a filed community group (备案类社区社会组织) links its record by its
filing number: no USCC, optionally its registered host organization."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from orgs.incubation import actions
from orgs.incubation.registration import normalize_filing_number, validate_filing_number
from orgs.models import Membership, Organization, OrgKind
from tests.factories import OrganizationFactory, make_uscc
from tests.orgs.incubation_support import admitted, team_application

pytest_plugins = ["tests.orgs.incubation_fixtures"]

FILING = "南山备字〔2025〕第015号"


@pytest.fixture
def team(base, team_lead, incubator_manager):
    return admitted(
        _community_team(base, team_lead), manager=incubator_manager, applicant=team_lead
    )


def _community_team(base, team_lead):
    incubation = team_application(base, team_lead)
    incubation.intended_kind = OrgKind.COMMUNITY_GROUP
    incubation.save(update_fields=["intended_kind"])
    return incubation


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("南山备字〔2025〕第015号", "南山备字〔2025〕第015号"),
        (" nsjd-2025-015 ", "NSJD-2025-015"),
        ("ＮＳ备（２０２５）１５号", "NS备(2025)15号"),  # full-width as typed on a phone
    ],
)
def test_filing_number_is_normalized(typed, stored):
    assert normalize_filing_number(typed) == stored
    assert validate_filing_number(typed) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "请填写备案编号"),
        ("12", "备案编号应为4至50个字符"),
        ("备" * 51, "备案编号应为4至50个字符"),
        ("南山备字第号", "须含数字"),
        ("<script>1</script>", "只能由汉字、字母、数字"),
        ("NS-2025;DROP", "只能由汉字、字母、数字"),
    ],
)
def test_filing_number_refuses_bad_input(typed, message):
    with pytest.raises(ValidationError, match=message):
        validate_filing_number(typed)


def test_community_group_links_by_filing_number_with_host(team, team_lead, org_a):
    linked = actions.link_registration(
        incubation=team,
        by=team_lead,
        kind=OrgKind.COMMUNITY_GROUP,
        name="南头街道晨曦邻里互助队",
        filing_number=f" {FILING} ",
        host_code=org_a.uscc.lower(),
    )
    org = linked.organization
    assert (org.kind, org.uscc, org.filing_number, org.host_organization, org.state) == (
        OrgKind.COMMUNITY_GROUP,
        None,
        FILING,
        org_a,
        "draft",
    )
    assert org.name == "南头街道晨曦邻里互助队"
    assert not org.is_legal_person
    assert Membership.objects.get(organization=org).user == team_lead


def test_community_group_may_link_without_a_host_yet(team, team_lead):
    linked = actions.link_registration(
        incubation=team, by=team_lead, kind=OrgKind.COMMUNITY_GROUP, filing_number=FILING
    )
    assert linked.organization.host_organization is None


def test_community_group_refuses_a_uscc(team, team_lead):
    with pytest.raises(ValidationError) as error:
        actions.link_registration(
            incubation=team,
            by=team_lead,
            kind=OrgKind.COMMUNITY_GROUP,
            code=make_uscc(),
            filing_number=FILING,
        )
    assert "没有统一社会信用代码" in str(error.value.message_dict["uscc"])
    team.refresh_from_db()
    assert team.organization is None


def test_community_group_refuses_bad_filing_number_and_writes_nothing(team, team_lead):
    before = Organization.objects.count()
    with pytest.raises(ValidationError) as error:
        actions.link_registration(
            incubation=team, by=team_lead, kind=OrgKind.COMMUNITY_GROUP, filing_number="第号"
        )
    assert error.value.message_dict["filing_number"]
    assert Organization.objects.count() == before
    team.refresh_from_db()
    assert team.organization is None


def test_unknown_host_is_refused(team, team_lead):
    before = Organization.objects.count()
    with pytest.raises(ValidationError) as error:
        actions.link_registration(
            incubation=team,
            by=team_lead,
            kind=OrgKind.COMMUNITY_GROUP,
            filing_number=FILING,
            host_code=make_uscc(),
        )
    assert "未找到统一社会信用代码为" in str(error.value.message_dict["host_organization"])
    assert Organization.objects.count() == before


def test_someone_elses_filing_number_is_refused(team, team_lead, incubator_manager):
    other = OrganizationFactory(
        kind=OrgKind.COMMUNITY_GROUP, uscc=None, filing_number=FILING, name="他人的互助队"
    )
    with pytest.raises(PermissionDenied, match="该备案编号已由其他账号登记"):
        actions.link_registration(
            incubation=team, by=team_lead, kind=OrgKind.COMMUNITY_GROUP, filing_number=FILING
        )
    linked = actions.link_registration(
        incubation=team,
        by=incubator_manager,
        kind=OrgKind.COMMUNITY_GROUP,
        filing_number=FILING,
    )
    assert linked.organization == other


def test_portal_form_links_by_filing_number(client, team, team_lead, org_a):
    client.force_login(team_lead)
    url = f"/portal/incubation/{team.pk}/register/"
    page = client.get(url).content.decode()
    assert "备案编号" in page and "挂靠单位统一社会信用代码" in page
    missing = client.post(url, {"kind": "community_group", "name": "互助队"}).content.decode()
    assert "备案类社区社会组织请填写备案编号" in missing
    bad_host = client.post(
        url,
        {"kind": "community_group", "name": "互助队", "filing_number": FILING, "host_code": "X"},
    ).content.decode()
    assert "未找到统一社会信用代码为X的已登记组织" in bad_host
    response = client.post(
        url,
        {
            "kind": "community_group",
            "name": "南头街道晨曦邻里互助队",
            "filing_number": FILING,
            "host_code": org_a.uscc,
        },
    )
    assert response.status_code == 302
    team.refresh_from_db()
    assert (team.organization.filing_number, team.organization.host_organization) == (
        FILING,
        org_a,
    )


def test_portal_form_keeps_the_uscc_route_for_legal_persons(client, team, team_lead):
    client.force_login(team_lead)
    url = f"/portal/incubation/{team.pk}/register/"
    page = client.post(
        url, {"kind": "service_org", "name": "晨曦", "filing_number": FILING}
    ).content.decode()
    assert "请填写统一社会信用代码" in page
    assert "只有备案类社区社会组织填写备案编号和挂靠单位" in page
