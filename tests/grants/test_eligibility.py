"""Each eligibility rule with a passing and a failing organization; messages name the rule."""

from datetime import date

import pytest

from core import regions
from grants import eligibility
from grants.eligibility import check_eligibility, describe_rules
from orgs.models import CreditStatus, OrgKind, Sanction
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    OrganizationFactory,
    make_funded_project,
)

DAY = date(2025, 6, 1)

pytestmark = pytest.mark.django_db


def messages(org, call, **kwargs):
    return [str(f) for f in check_eligibility(org, call, DAY, **kwargs)]


def codes(org, call, **kwargs):
    return [f.rule for f in check_eligibility(org, call, DAY, **kwargs)]


def test_eligibility_default_call_admits_a_plain_organization(call, org_a):
    assert check_eligibility(org_a, call, DAY) == []


def test_eligibility_org_kind(call):
    call.allowed_org_kinds = [OrgKind.SOCIAL_GROUP, OrgKind.FOUNDATION]
    group = OrganizationFactory(kind=OrgKind.SOCIAL_GROUP)
    company = OrganizationFactory(kind=OrgKind.ENTERPRISE)
    assert messages(group, call) == []
    assert messages(company, call) == ["组织类型：本次征集仅限社会团体、基金会申报，本组织为企业"]


def test_eligibility_empty_kind_list_admits_every_kind(call):
    call.allowed_org_kinds = []
    assert messages(OrganizationFactory(kind=OrgKind.ENTERPRISE), call) == []


def test_eligibility_verified(call):
    call.require_verified = True
    verified = OrganizationFactory(state="verified")
    pending = OrganizationFactory(state="pending")
    assert messages(verified, call) == []
    assert messages(pending, call) == ["平台认证：组织尚未通过平台认证（当前状态：待审核）"]


def test_eligibility_years_registered(call):
    call.min_years_registered = 3
    old = OrganizationFactory(founded_on=date(2022, 6, 1))
    young = OrganizationFactory(founded_on=date(2024, 1, 15))
    unknown = OrganizationFactory(founded_on=None)
    assert messages(old, call) == []  # exactly three years on DAY
    assert messages(young, call) == [
        "成立年限：须成立满3年（本组织成立于2024年1月15日，2027年1月15日起方满3年）"
    ]
    assert messages(unknown, call) == ["成立年限：须成立满3年，组织登记信息缺少成立日期，无法核验"]


def test_eligibility_min_grade(call):
    call.min_grade = 3
    good = OrganizationFactory(grade=4, grade_granted_on=date(2023, 1, 1))
    low = OrganizationFactory(grade=2, grade_granted_on=date(2023, 1, 1))
    lapsed = OrganizationFactory(grade=5, grade_granted_on=date(2019, 1, 1))  # valid 5 years
    assert messages(good, call) == []
    assert messages(low, call) == ["评估等级：等级评估须达到3A（本组织当前：2A）"]
    assert messages(lapsed, call) == ["评估等级：等级评估须达到3A（本组织当前：无有效等级）"]


def test_eligibility_sanction_in_force_for_this_scope(call, staff):
    barred = OrganizationFactory()
    Sanction.objects.create(
        organization=barred,
        reason="上一届项目被终止",
        scope="venture",
        starts_on=date(2025, 1, 1),
        ends_on=date(2026, 12, 31),
        decision_ref="南民〔2025〕12号",
    )
    other_scope = OrganizationFactory()
    Sanction.objects.create(
        organization=other_scope,
        reason="购买服务违约",
        scope="purchase",
        starts_on=date(2025, 1, 1),
        decision_ref="南民〔2025〕13号",
    )
    assert messages(barred, call) == [
        "限制申报：存在有效的限制申报措施：上一届项目被终止（南民〔2025〕12号，至2026-12-31）"
    ]
    assert messages(other_scope, call) == []
    call.exclude_sanctioned = False
    assert messages(barred, call) == []


def test_eligibility_dishonesty_list(call):
    listed = OrganizationFactory(
        credit_status=CreditStatus.DISHONEST, credit_status_since=date(2025, 1, 1)
    )
    clean = OrganizationFactory(credit_status=CreditStatus.ABNORMAL)
    assert messages(listed, call) == ["信用状况：已被列入严重违法失信名单，不得申报"]
    assert messages(clean, call) == []


def test_eligibility_per_org_limit_counts_drafts_before_start(call, org_a):
    ApplicationFactory(call=call, organization=org_a)
    assert messages(org_a, call) == ["申报数量：每个组织限报1项，已有1项"]
    call.max_applications_per_org = 2
    assert messages(org_a, call) == []


def test_eligibility_per_org_limit_at_submission_counts_only_handed_in(call, org_a):
    mine = ApplicationFactory(call=call, organization=org_a)
    other_draft = ApplicationFactory(call=call, organization=org_a)
    assert messages(org_a, call, application=mine) == []
    ApplicationFactory(call=call, organization=org_a, state="submitted")
    assert messages(org_a, call, application=other_draft) == ["申报数量：每个组织限报1项，已有1项"]


def test_eligibility_withdrawn_applications_do_not_count(call, org_a):
    ApplicationFactory(call=call, organization=org_a, state="withdrawn")
    assert messages(org_a, call) == []


def test_eligibility_previous_funding(call):
    previous = CallFactory(title="2024年公益创投", state="archived")
    call.previous_call = previous
    call.exclude_previously_funded = True
    funded = OrganizationFactory()
    ApplicationFactory(call=previous, organization=funded, state="funded", project_name="助残行")
    unfunded = OrganizationFactory()
    ApplicationFactory(call=previous, organization=unfunded, state="not_selected")
    assert messages(funded, call) == [
        "上一届资助：上一届（2024年公益创投）已获资助：《助残行》，本届不得申报"
    ]
    assert messages(unfunded, call) == []


@pytest.mark.parametrize("state", ["awaiting_agreement", "in_progress", "suspended", "terminated"])
def test_eligibility_refuses_any_open_project_in_any_call(call, state):
    """Not only the previous edition: a project of another programme, years ago, still open."""
    from projects.models import FundedProject

    other_programme = CallFactory(title="2023年社区治理服务购买", state="archived")
    running = OrganizationFactory()
    project = make_funded_project(organization=running, call=other_programme)
    FundedProject.objects.filter(pk=project.pk).update(state=state, name="长者食堂")
    label = dict(FundedProject._meta.get_field("state").flatchoices)[state]
    assert messages(running, call) == [
        f"未结项目：资助项目尚未结项：《长者食堂》（2023年社区治理服务购买，当前状态：{label}）"
    ]


def test_eligibility_admits_an_organization_whose_projects_are_closed(call):
    """Its earlier project is closed out, even though other projects of that edition are not."""
    from projects.models import FundedProject

    previous = CallFactory(title="2025年公益创投", state="decided")
    call.previous_call = previous
    closed_org, other = OrganizationFactory(), OrganizationFactory()
    closed = make_funded_project(organization=closed_org, call=previous)
    FundedProject.objects.filter(pk=closed.pk).update(state="closed")
    make_funded_project(organization=other, call=previous)  # the edition is not archived
    assert messages(closed_org, call) == []
    assert codes(other, call) == ["unfinished_project"]
    call.exclude_unfinished_projects = False
    assert messages(other, call) == []


@pytest.mark.parametrize(
    ("status", "state"),
    [("deregistered", "verified"), ("revoked", "verified"), ("normal", "deregistered")],
)
def test_eligibility_never_admits_a_deregistered_or_revoked_organization(call, status, state):
    call.require_verified = False  # the rule holds even when the call asks for nothing else
    call.exclude_sanctioned = call.exclude_dishonest = call.exclude_unfinished_projects = False
    call.allowed_org_kinds = []
    org = OrganizationFactory(status=status, state=state)
    assert messages(org, call) == ["登记状态：组织已注销或被撤销登记，不得申报"]


@pytest.mark.parametrize(
    ("allowed", "code", "admitted"),
    [
        (["440305"], "440305", True),
        (["440305"], "440306", False),
        (["440300"], "440306", True),  # the whole city
        (["440000"], "441900", True),  # the whole province
        (["440300", "110105"], "110105", True),
        (["440300"], "", False),
    ],
)
def test_eligibility_registration_region(call, allowed, code, admitted):
    call.allowed_region_codes = allowed
    org = OrganizationFactory(region_code=code)
    expected = (
        []
        if admitted
        else [
            f"登记地：本次征集限登记地为{'、'.join(map(regions.full_name, allowed))}的组织申报，"
            f"本组织登记地为{regions.full_name(code) or '未填写'}"
        ]
    )
    assert messages(org, call) == expected


def test_region_refusal_and_rule_name_the_regions_not_codes(call):
    call.allowed_region_codes = ["440305"]
    org = OrganizationFactory(region_code="440306")
    assert messages(org, call) == [
        "登记地：本次征集限登记地为广东省深圳市南山区的组织申报，本组织登记地为广东省深圳市宝安区"
    ]
    assert "登记地：广东省深圳市南山区" in describe_rules(call)


def test_eligibility_unfinished_project_hook(call, org_a, org_b):
    def terminated(org, call, on):
        return ["《社区营造》于2024年被终止，三年内不得申报"] if org == org_a else []

    eligibility.register_unfinished_project_check(terminated)
    try:
        assert messages(org_a, call) == ["未结项目：《社区营造》于2024年被终止，三年内不得申报"]
        assert messages(org_b, call) == []
        call.exclude_unfinished_projects = False
        assert messages(org_a, call) == []
    finally:
        eligibility.unregister_unfinished_project_check(terminated)


def test_eligibility_incubated_organizations_admitted(call):
    call.min_years_registered = 3
    call.min_grade = 3
    call.admit_incubated = True
    young = OrganizationFactory(founded_on=date(2024, 9, 1))
    assert codes(young, call) == ["years_registered", "min_grade"]  # nobody is incubated yet

    def incubated(org, on):
        return org == young

    eligibility.register_incubation_check(incubated)
    try:
        assert messages(young, call) == []
        call.admit_incubated = False
        assert codes(young, call) == ["years_registered", "min_grade"]
    finally:
        eligibility.unregister_incubation_check(incubated)


def test_eligibility_lists_every_failing_rule(call):
    call.require_verified = True
    call.min_grade = 3
    call.allowed_org_kinds = [OrgKind.SOCIAL_GROUP]
    org = OrganizationFactory(kind=OrgKind.SERVICE_ORG, credit_status=CreditStatus.DISHONEST)
    assert codes(org, call) == ["org_kind", "verified", "min_grade", "dishonest"]


def test_describe_rules_in_plain_words(call):
    call.allowed_org_kinds = [OrgKind.SOCIAL_GROUP]
    call.require_verified = True
    call.min_years_registered = 2
    call.min_grade = 3
    call.admit_incubated = True
    assert describe_rules(call) == [
        "依法登记且未被注销或撤销登记",
        "申报单位类型：社会团体",
        "已在本平台完成组织认证",
        "成立满2年（孵化基地在孵组织不受此限）",
        "等级评估3A及以上（孵化基地在孵组织不受此限）",
        "不处于限制申报期内",
        "未被列入严重违法失信名单",
        "每个组织限报1项",
        "有未结项或被终止的资助项目的组织不得申报",
    ]
