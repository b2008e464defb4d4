"""Bringing needs and providers together: interest only from verified organizations, seen by the
owner and staff; building a call from needs links both ways; a funded application that answers a
need marks it satisfied."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from core.workflow import perform_transition
from grants.models import Application, Call
from grants.signals import application_awarded
from needs import actions
from needs import permissions as perms
from needs.models import ApplicationNeed, Need, NeedInterest
from orgs.models import Organization
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    GovernmentFactory,
    NeedFactory,
    default_department,
)

pytestmark = pytest.mark.django_db


# --- interest -----------------------------------------------------------------------------------


def _offer(need, org, user):
    return actions.express_interest(
        need=need,
        org=org,
        by=user,
        approach="组建助餐志愿队，每日送餐上门",
        capacity="专职社工5名，志愿者40名",
        estimated_cost=Decimal("60000.00"),
    )


def test_verified_organization_expresses_interest(
    verified_a, owner, published_need, director, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        interest = _offer(published_need, verified_a, owner)
    assert interest.organization == verified_a
    assert interest.estimated_cost == Decimal("60000.00")
    assert mail.outbox[0].to == ["director@example.cn"]
    assert "阳光社工服务中心愿意承接" in mail.outbox[0].subject


def test_unverified_organization_may_not_express_interest(org_a, owner, published_need):
    assert org_a.state == "draft"
    with pytest.raises(PermissionDenied, match="只有已认证的组织可以表达承接意向"):
        _offer(published_need, org_a, owner)
    assert not NeedInterest.objects.exists()


def test_non_member_and_government_may_not_express_interest(verified_a, outsider, published_need):
    with pytest.raises(PermissionDenied, match="您不是该组织的成员"):
        _offer(published_need, verified_a, outsider)
    bureau = GovernmentFactory()
    from tests.factories import add_member

    add_member(outsider, bureau)
    assert perms.can_express_interest(published_need, outsider, bureau) == (
        False,
        "政府部门不能作为承接方表达意向",
    )


def test_interest_only_on_open_needs(verified_a, owner, submitted_need):
    with pytest.raises(PermissionDenied, match="该需求当前不接受承接意向"):
        _offer(submitted_need, verified_a, owner)


def test_second_offer_updates_the_first(verified_a, owner, published_need):
    _offer(published_need, verified_a, owner)
    actions.express_interest(
        need=published_need, org=verified_a, by=owner, approach="改为助餐点", capacity="同上"
    )
    assert NeedInterest.objects.get().approach == "改为助餐点"


def test_owner_and_staff_see_interests_others_do_not(
    client, verified_a, owner, outsider, clerk, staff, published_need
):
    _offer(published_need, verified_a, owner)
    url = f"/portal/needs/{published_need.pk}/"
    for user in (clerk, staff):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert "组建助餐志愿队，每日送餐上门" in html
        assert "0755-26000001" in html  # the contact, for the owner and staff
    for user in (outsider, owner):  # the offering org sees its form, not the list or contact
        client.force_login(user)
        html = client.get(url).content.decode()
        assert "专职社工5名" not in html
        assert "0755-26000001" not in html
        assert "社区长者助餐服务" in html


def test_interest_through_the_portal(client, verified_a, owner, published_need):
    client.force_login(owner)
    page = client.get(f"/portal/needs/{published_need.pk}/").content.decode()
    assert "提交承接意向" in page
    response = client.post(
        f"/portal/needs/{published_need.pk}/interest/",
        {
            "organization": verified_a.pk,
            "approach": "上门送餐",
            "capacity": "社工3名",
            "estimated_cost": "50000",
        },
    )
    assert response.status_code == 302
    assert NeedInterest.objects.get().capacity == "社工3名"


def test_unverified_member_gets_403_with_reason(client, org_a, owner, published_need):
    client.force_login(owner)
    page = client.get(f"/portal/needs/{published_need.pk}/").content.decode()
    assert "提交承接意向" not in page
    response = client.post(
        f"/portal/needs/{published_need.pk}/interest/",
        {"organization": org_a.pk, "approach": "x", "capacity": "y"},
    )
    assert response.status_code == 403
    assert "只有已认证的组织可以表达承接意向" in response.content.decode()
    assert not NeedInterest.objects.exists()


# --- building a call from needs -----------------------------------------------------------------


def test_build_call_links_both_ways(staff, community):
    department = default_department()  # the staff member's own
    needs = [
        NeedFactory(organization=community, state="published", category="elderly"),
        NeedFactory(
            organization=community,
            state="published",
            category="children",
            budget_min=None,
            budget_max=Decimal("50000.00"),
        ),
    ]
    total, cap = actions.suggested_budget(needs)
    assert (total, cap) == (Decimal("130000.00"), Decimal("80000.00"))
    call = actions.build_call_from_needs(
        needs=needs,
        by=staff,
        title="2026年社区需求回应项目征集",
        department=department,
        total_budget=total,
        per_project_cap=cap,
    )
    call = Call.objects.get(pk=call.pk)
    assert call.state == "draft"
    assert call.created_by == staff
    assert needs[0].title in call.description
    assert list(call.categories.values_list("name", flat=True)) == ["扶老", "救孤"]
    assert set(call.needs.values_list("pk", flat=True)) == {n.pk for n in needs}
    for need in Need.objects.filter(pk__in=[n.pk for n in needs]):
        assert need.state == "in_call"
        assert need.call == call


def test_build_call_is_all_or_nothing(staff, community):
    ok = NeedFactory(organization=community, state="published")
    not_yet = NeedFactory(organization=community, state="submitted", title="未审核的需求")
    with pytest.raises(ValidationError) as refused:
        actions.build_call_from_needs(
            needs=[ok, not_yet],
            by=staff,
            title="征集",
            department=GovernmentFactory(),
            total_budget=Decimal("100000.00"),
            per_project_cap=Decimal("50000.00"),
        )
    assert "“未审核的需求”当前状态为“已提交”" in refused.value.messages[0]
    assert not Call.objects.filter(title="征集").exists()
    assert Need.objects.get(pk=ok.pk).state == "published"


def test_link_needs_to_existing_call_requires_staff(clerk, published_need):
    call = CallFactory()
    with pytest.raises(PermissionDenied):
        actions.link_needs(needs=[published_need], by=clerk, call=call)
    assert Need.objects.get(pk=published_need.pk).call_id is None


# --- answering and funding ----------------------------------------------------------------------


@pytest.fixture
def call_with_need(community):
    call = CallFactory()
    need = NeedFactory(organization=community, state="in_call", call=call, title="长者助餐")
    return call, need


def test_applicant_chooses_the_needs_the_application_answers(client, owner, org_a, call_with_need):
    call, need = call_with_need
    other = NeedFactory(state="in_call", call=CallFactory(), title="别的征集的需求")
    application = ApplicationFactory(call=call, organization=org_a)
    client.force_login(owner)
    page = client.get(f"/portal/needs/answers/{application.pk}/").content.decode()
    assert "长者助餐" in page
    assert "别的征集的需求" not in page
    response = client.post(f"/portal/needs/answers/{application.pk}/", {"needs": [need.pk]})
    assert response.status_code == 302
    assert list(ApplicationNeed.objects.values_list("need", flat=True)) == [need.pk]
    response = client.post(f"/portal/needs/answers/{application.pk}/", {"needs": [other.pk]})
    assert response.status_code == 200  # not a choice of this call
    assert list(ApplicationNeed.objects.values_list("need", flat=True)) == [need.pk]


def test_outsider_may_not_link_answers(client, outsider, org_a, call_with_need):
    call, _need = call_with_need
    application = ApplicationFactory(call=call, organization=org_a)
    client.force_login(outsider)
    response = client.get(f"/portal/needs/answers/{application.pk}/")
    assert response.status_code == 403
    assert "您不是申报单位的成员" in response.content.decode()


def _award(application, by):
    Application.objects.filter(pk=application.pk).update(state="funded")
    application.refresh_from_db()
    application_awarded.send(
        sender=Application, application=application, amount=Decimal("60000.00"), by=by
    )


def test_funding_an_answering_application_satisfies_the_need(staff, org_a, call_with_need):
    call, need = call_with_need
    application = ApplicationFactory(call=call, organization=org_a, project_name="幸福食堂")
    ApplicationNeed.objects.create(application=application, need=need)
    _award(application, staff)
    need = Need.objects.get(pk=need.pk)
    assert need.state == "satisfied"
    assert need.answered_by == application


def test_funding_without_a_link_changes_nothing(staff, org_a, call_with_need):
    call, need = call_with_need
    application = ApplicationFactory(call=call, organization=org_a)
    _award(application, staff)
    assert Need.objects.get(pk=need.pk).state == "in_call"


def test_award_by_the_system_also_satisfies(org_a, call_with_need):
    call, need = call_with_need
    application = ApplicationFactory(call=call, organization=org_a)
    ApplicationNeed.objects.create(application=application, need=need)
    _award(application, None)
    assert Need.objects.get(pk=need.pk).state == "satisfied"


def test_a_closed_need_stays_closed_when_funded(staff, org_a, call_with_need):
    call, need = call_with_need
    perform_transition(need, "close", by=staff, reason="街道已自行解决")
    application = ApplicationFactory(call=call, organization=org_a)
    ApplicationNeed.objects.create(application=application, need=need)
    _award(application, staff)
    need = Need.objects.get(pk=need.pk)
    assert need.state == "closed"
    assert need.answered_by is None
    assert Organization.objects.filter(pk=org_a.pk).exists()
