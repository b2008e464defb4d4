"""The applicant portal: registering an organization, members, status and reasons."""

import pytest
from django.core import mail
from django.urls import reverse

from core.workflow import perform_transition
from orgs.models import Invitation, Membership, Organization
from tests.factories import make_uscc
from tests.orgs.test_verification import with_certificate

VALID = {
    "name": "南山区新苗青少年服务中心",
    "kind": "service_org",
    "registration_authority": "深圳市南山区民政局",
    "region_code": "440305",
    "contact_name": "李娜",
    "contact_phone": "13800138000",
    "contact_email": "xinmiao@example.cn",
}


def test_org_register_makes_creator_admin(client, staff):
    from tests.factories import UserFactory

    user = UserFactory()
    client.force_login(user)
    code = make_uscc("service_org").lower()
    response = client.post(
        reverse("portal:org_create"), {**VALID, "uscc": f" {code[:9]} {code[9:]}"}
    )
    org = Organization.objects.exclude(kind="government").get()  # staff work for a department
    assert response["Location"] == reverse("portal:org_detail", args=[org.pk])
    assert org.uscc == code.upper()
    assert org.state == "draft"
    assert Membership.objects.get(organization=org).role == "admin"


@pytest.mark.parametrize(
    ("typed", "stored"), [("４４０３０５", "440305"), ("440305", "440305"), ("٤٤٠٣٠٥", None)]
)
def test_region_code_in_full_width_digits_is_stored_in_ascii(client, db, typed, stored):
    """A Chinese input method types full-width digits; Arabic-Indic digits passed `\\d` and
    were stored, where no region filter could find them."""
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    data = {**VALID, "uscc": make_uscc("service_org"), "region_code": typed}
    response = client.post(reverse("portal:org_create"), data)
    if stored is None:
        assert "行政区划代码应为6位数字" in response.content.decode()
        assert not Organization.objects.exists()
    else:
        assert Organization.objects.get().region_code == stored


@pytest.mark.parametrize(
    ("kind", "code", "message"),
    [
        ("service_org", "52440305MJ000001", "统一社会信用代码应为18位，当前为16位"),
        ("service_org", "52440305MJ0000O1X5", "I、O、Z、S、V"),
        ("service_org", "91350100M000100Y44", "校验位应为3，实为4"),
        ("social_group", "91350100M000100Y43", "社会团体的统一社会信用代码应以51开头"),
    ],
)
def test_org_register_uscc_errors_in_chinese(client, db, kind, code, message):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.post(reverse("portal:org_create"), {**VALID, "kind": kind, "uscc": code})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Organization.objects.exists()


def test_org_register_legal_person_needs_uscc(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.post(reverse("portal:org_create"), VALID)
    assert "该类型组织为法人，必须填写统一社会信用代码" in response.content.decode()


def test_community_group_registers_with_filing_number_and_host(client, org_b, staff, outsider):
    from tests.factories import UserFactory

    with_certificate(org_b, outsider)
    perform_transition(perform_transition(org_b, "submit", by=outsider), "approve", by=staff)
    client.force_login(UserFactory())
    data = {**VALID, "kind": "community_group", "name": "红花园社区邻里互助队"}
    response = client.post(reverse("portal:org_create"), data)
    assert "请填写备案编号" in response.content.decode()
    response = client.post(
        reverse("portal:org_create"),
        {
            **data,
            "filing_number": "NSBA-2026-001",
            "host_organization": org_b.pk,
            "uscc": make_uscc("service_org"),
        },
    )
    assert "没有统一社会信用代码" in response.content.decode()
    client.post(
        reverse("portal:org_create"),
        {**data, "filing_number": "NSBA-2026-001", "host_organization": org_b.pk},
    )
    group = Organization.objects.get(kind="community_group")
    assert (group.uscc, group.host_organization) == (None, org_b)


def test_org_detail_shows_return_reason_to_members(client, org_a, owner, member, staff):
    with_certificate(org_a, owner)
    pending = perform_transition(org_a, "submit", by=owner)
    perform_transition(pending, "return_for_changes", by=staff, reason="章程缺少盖章页")
    client.force_login(member)
    body = client.get(reverse("portal:org_detail", args=[org_a.pk])).content.decode()
    assert "退回修改" in body
    assert "章程缺少盖章页" in body


def test_org_detail_refused_to_outsider(client, org_a, outsider):
    client.force_login(outsider)
    response = client.get(reverse("portal:org_detail", args=[org_a.pk]))
    assert response.status_code == 403
    body = response.content.decode()
    assert org_a.name not in body
    assert "您不是该组织的成员" in body  # the refusal says why


def test_org_submit_through_portal(client, org_a, owner):
    with_certificate(org_a, owner)
    client.force_login(owner)
    client.post(reverse("portal:org_transition", args=[org_a.pk, "submit"]))
    org_a.refresh_from_db()
    assert org_a.state == "pending"


def test_org_submit_refused_for_plain_member(client, org_a, owner, member):
    with_certificate(org_a, owner)
    client.force_login(member)
    response = client.post(reverse("portal:org_transition", args=[org_a.pk, "submit"]))
    assert response.status_code == 403
    org_a.refresh_from_db()
    assert org_a.state == "draft"


def test_org_verified_locks_identity_fields(client, org_a, owner, staff):
    with_certificate(org_a, owner)
    perform_transition(perform_transition(org_a, "submit", by=owner), "approve", by=staff)
    client.force_login(owner)
    client.post(
        reverse("portal:org_edit", args=[org_a.pk]),
        {
            "name": "改名",
            "contact_name": "新联系人",
            "contact_phone": "13900000000",
            "contact_email": "new@example.cn",
        },
    )
    org_a.refresh_from_db()
    assert (org_a.name, org_a.contact_name) == ("阳光社工服务中心", "新联系人")


def test_invite_accept_and_remove_member(client, org_a, owner, django_capture_on_commit_callbacks):
    from tests.factories import UserFactory

    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("portal:member_invite", args=[org_a.pk]),
            {"email": "New.Member@example.cn", "role": "member"},
        )
    invitation = Invitation.objects.get()
    assert mail.outbox[-1].to == ["new.member@example.cn"]
    assert invitation.token in mail.outbox[-1].body

    newcomer = UserFactory(email="new.member@example.cn")
    client.force_login(newcomer)
    client.post(reverse("portal:invitation_accept", args=[invitation.token]))
    membership = Membership.objects.get(user=newcomer, organization=org_a)

    client.force_login(owner)
    client.post(reverse("portal:member_remove", args=[org_a.pk, membership.pk]))
    assert not Membership.objects.filter(user=newcomer).exists()


def test_invitation_for_other_email_refused(client, org_a, owner, outsider):
    from orgs.actions import invite_member

    invitation = invite_member(org=org_a, email="someone@example.cn", role="member", by=owner)
    client.force_login(outsider)
    response = client.post(reverse("portal:invitation_accept", args=[invitation.token]))
    assert response.status_code == 403
    assert not Membership.objects.filter(user=outsider, organization=org_a).exists()


def test_last_admin_cannot_be_removed(client, org_a, owner, member):
    from django.core.exceptions import ValidationError

    from orgs.actions import remove_member

    with pytest.raises(ValidationError, match="唯一的账号管理员"):
        remove_member(membership=Membership.objects.get(user=owner), by=owner)


def test_member_cannot_invite(client, org_a, member):
    client.force_login(member)
    response = client.post(
        reverse("portal:member_invite", args=[org_a.pk]), {"email": "x@example.cn", "role": "admin"}
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_portal_home_links_to_calls_applications_and_incubation(client, owner):
    client.force_login(owner)
    body = client.get(reverse("portal:home")).content.decode()
    for name in ("portal:call_list", "portal:application_list", "portal:incubation_home"):
        assert f'href="{reverse(name)}"' in body


def test_portal_home_shows_work_entries_by_role(client, owner, expert, evaluator):
    client.force_login(owner)
    body = client.get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("portal:need_list")}"' in body
    assert reverse("portal:review_assignments") not in body
    assert reverse("portal:evaluation_list") not in body
    client.force_login(expert)
    assert (
        reverse("portal:review_assignments") in client.get(reverse("portal:home")).content.decode()
    )
    client.force_login(evaluator)
    assert reverse("portal:evaluation_list") in client.get(reverse("portal:home")).content.decode()
