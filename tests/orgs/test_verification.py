"""The organization verification machine, through the one transition door."""

import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from core.workflow import TransitionRefused, available_transitions, perform_transition
from orgs.actions import upload_document
from orgs.models import DocumentKind, Organization
from orgs.roles import Role
from tests.factories import OrganizationFactory, UserFactory, add_member
from tests.orgs.helpers import pdf_upload, transitions_logged

PERSONAS = ["owner", "member", "outsider", "staff", "expert", "evaluator", "incubator_manager"]


def with_certificate(org, by):
    upload_document(
        org=org, kind=DocumentKind.CERTIFICATE, title="登记证书", upload=pdf_upload(), by=by
    )
    return org


@pytest.fixture
def draft(org_a, owner):
    return with_certificate(org_a, owner)


@pytest.fixture
def pending(draft, owner):
    return perform_transition(draft, "submit", by=owner)


@pytest.fixture
def verified(pending, staff):
    return perform_transition(pending, "approve", by=staff)


# Who may perform each transition; everybody else must be refused.
ALLOWED = {
    "submit": {"owner"},
    "approve": {"staff"},
    "return_for_changes": {"staff"},
    "deregister": {"staff"},
    "revoke": {"staff"},
}
START = {
    "submit": "draft",
    "approve": "pending",
    "return_for_changes": "pending",
    "deregister": "verified",
    "revoke": "verified",
}
TARGET = {
    "submit": "pending",
    "approve": "verified",
    "return_for_changes": "returned",
    "deregister": "deregistered",
    "revoke": "revoked",
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", list(ALLOWED))
def test_verification_transition_role_matrix(request, name, persona, draft):
    org = request.getfixturevalue(START[name])
    user = request.getfixturevalue(persona)
    before = len(transitions_logged(org))
    if persona in ALLOWED[name]:
        moved = perform_transition(org, name, by=user, reason="材料齐全，情况属实")
        assert moved.state == TARGET[name]
        entry = transitions_logged(org)[-1]
        assert entry["transition"] == name
        assert entry["from"] == START[name]
        assert entry["to"] == TARGET[name]
        assert entry["reason"] == "材料齐全，情况属实"
    else:
        with pytest.raises(PermissionDenied):
            perform_transition(org, name, by=user, reason="材料齐全，情况属实")
        org.refresh_from_db()
        assert org.state == START[name]
        assert len(transitions_logged(org)) == before


def test_verification_return_requires_reason_and_notifies_members(
    pending, staff, owner, member, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with pytest.raises(TransitionRefused) as refused:
        perform_transition(pending, "return_for_changes", by=staff, reason="  ")
    assert refused.value.reasons == ["请填写原因"]
    pending.refresh_from_db()
    assert pending.state == "pending"

    with django_capture_on_commit_callbacks(execute=True):
        perform_transition(pending, "return_for_changes", by=staff, reason="登记证书扫描件不清晰")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([owner.email, member.email])
    assert "退回修改" in message.subject
    assert "登记证书扫描件不清晰" in message.body


def test_verification_resubmit_after_return(pending, staff, owner):
    returned = perform_transition(pending, "return_for_changes", by=staff, reason="请补充章程")
    again = perform_transition(returned, "submit", by=owner)
    assert again.state == "pending"
    assert [e["to"] for e in transitions_logged(again)] == ["pending", "returned", "pending"]


def test_verification_submit_needs_certificate_with_clear_reason(org_a, owner):
    with pytest.raises(TransitionRefused) as refused:
        perform_transition(org_a, "submit", by=owner)
    assert refused.value.reasons == ["请先上传登记证书（备案类社区社会组织上传备案证明）"]


def test_verification_submit_notifies_staff(
    draft, owner, staff, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        perform_transition(draft, "submit", by=owner)
    assert [m.to for m in mail.outbox] == [[staff.email]]
    assert "待审核" in mail.outbox[0].subject


def test_verification_deregister_sets_registration_status(verified, staff):
    done = perform_transition(verified, "deregister", by=staff, reason="自行申请注销")
    assert done.status == "deregistered"


def test_verification_state_cannot_be_assigned_directly(org_a):
    with pytest.raises(AttributeError):
        org_a.state = "verified"


def test_available_transitions_per_role(pending, staff, owner):
    assert {t.name for t in available_transitions(pending, staff)} == {
        "approve",
        "return_for_changes",
    }
    assert available_transitions(pending, owner) == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_verification_concurrent_approvals_change_once():
    owner = UserFactory()
    staff_a = UserFactory(roles=[Role.STAFF])
    staff_b = UserFactory(roles=[Role.STAFF])
    org = OrganizationFactory()
    add_member(owner, org, "admin")
    with_certificate(org, owner)
    perform_transition(org, "submit", by=owner)

    barrier = threading.Barrier(2)
    outcomes = []

    def approve(user):
        from django.db import connection as thread_connection

        barrier.wait()
        try:
            perform_transition(Organization.objects.get(pk=org.pk), "approve", by=user)
            outcomes.append("ok")
        except TransitionRefused:
            outcomes.append("refused")
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=approve, args=(u,)) for u in (staff_a, staff_b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert [e["to"] for e in transitions_logged(org)] == ["pending", "verified"]


def test_refresh_from_db_reloads_state_without_unprotecting_the_field(pending, staff):
    stale = Organization.objects.get(pk=pending.pk)
    perform_transition(pending, "approve", by=staff)
    field = Organization._meta.get_field("state")
    stale.refresh_from_db()
    assert stale.state == "verified"
    assert field.protected is True  # never switched off, not even briefly for other threads
    with pytest.raises(AttributeError):
        stale.state = "draft"
