"""Two-person approvals by department (issue 21): a proposal records its target's department;
approvers list, open and decide only their departments' proposals (a department above reads its
districts' without deciding them); a proposal about something no department owns is shared."""

import importlib

import pytest
from django.apps import apps as global_apps
from django.core.exceptions import PermissionDenied
from django.db import connection

from core import approvals, todo
from core.approvals import Action
from core.models import Approval, ApprovalState
from orgs.roles import Role
from tests.factories import CallFactory, UserFactory

pytestmark = pytest.mark.django_db

OTHER = "该事项属于其他部门，您无权办理"
KEY = "department_test_action"


@pytest.fixture
def action():
    performed = []

    def perform(obj, *, by, reason="", **data):
        performed.append((obj.pk, by.pk))
        return "已执行测试事项"

    approvals.register(Action(key=KEY, label="测试事项", model="grants.Call", perform=perform))
    yield performed
    approvals.ACTIONS.pop(KEY, None)


@pytest.fixture
def approvers(tree, approver):
    city, _nanshan, futian = tree
    roles = [Role.STAFF, Role.APPROVER]
    return {
        "nanshan": approver,
        "futian": UserFactory(real_name="福田审核", roles=roles, departments=[futian]),
        "city": UserFactory(real_name="市局审核", roles=roles, departments=[city]),
    }


@pytest.fixture
def proposal(action, tree, staff):
    call = CallFactory(title="南山区助老服务征集", department=tree[1])
    return approvals.propose(KEY, call, by=staff)


def test_a_proposal_records_its_targets_department(proposal, tree, org_a, staff, action):
    assert proposal.department_ref == tree[1].pk
    approvals.ACTIONS[KEY] = Action(
        key=KEY, label="测试事项", model="orgs.Organization", perform=lambda obj, **kw: ""
    )
    shared = approvals.propose(KEY, org_a, by=staff)
    assert shared.department_ref is None


def test_another_departments_proposal_is_a_404_and_not_listed(client, proposal, approvers):
    url = f"/admin/approvals/{proposal.pk}/"
    client.force_login(approvers["futian"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "approve", "reason": ""}).status_code == 404
    assert "南山区助老服务征集" not in client.get("/admin/approvals/").content.decode()
    client.force_login(approvers["nanshan"])
    html = client.get(url).content.decode()
    assert "南山区助老服务征集" in html and 'value="approve"' in html
    assert "南山区助老服务征集" in client.get("/admin/approvals/").content.decode()


def test_city_bureau_reads_a_district_proposal_but_may_not_decide(
    client, proposal, approvers, action
):
    client.force_login(approvers["city"])
    url = f"/admin/approvals/{proposal.pk}/"
    html = client.get(url).content.decode()
    assert "南山区助老服务征集" in html
    assert 'value="approve"' not in html and OTHER in html
    response = client.post(url, {"decision": "approve", "reason": ""})
    assert response.status_code == 403
    assert OTHER in response.content.decode()
    with pytest.raises(PermissionDenied, match=OTHER):
        approvals.approve(proposal, by=approvers["futian"])
    assert Approval.objects.get(pk=proposal.pk).state == ApprovalState.PENDING
    assert action == []
    approvals.approve(proposal, by=approvers["nanshan"])
    assert action == [(proposal.target.pk, approvers["nanshan"].pk)]


def test_to_do_counts_the_departments_own_and_shared_proposals(proposal, approvers, org_a, staff):
    panel = todo.PANELS["approvals"]
    counts = {who: todo.fill(panel, user).count for who, user in approvers.items()}
    assert counts == {"nanshan": 1, "futian": 0, "city": 0}
    approvals.ACTIONS[KEY] = Action(
        key=KEY, label="测试事项", model="orgs.Organization", perform=lambda obj, **kw: ""
    )
    approvals.propose(KEY, org_a, by=staff)
    counts = {who: todo.fill(panel, user).count for who, user in approvers.items()}
    assert counts == {"nanshan": 2, "futian": 1, "city": 1}


def test_only_the_targets_department_proposes(action, tree, approvers):
    call = CallFactory(title="南山区助老服务征集", department=tree[1])
    futian_staff = UserFactory(roles=[Role.STAFF], departments=[tree[2]])
    with pytest.raises(PermissionDenied, match=OTHER):
        approvals.propose(KEY, call, by=futian_staff)
    with pytest.raises(PermissionDenied, match=OTHER):
        approvals.submit(KEY, call, by=futian_staff)
    assert not Approval.objects.exists()


def test_migration_fills_existing_proposals_from_their_targets(proposal, tree, org_a, staff):
    migration = importlib.import_module("core.migrations.0005_approval_department_ref")
    approvals.ACTIONS[KEY] = Action(
        key=KEY, label="测试事项", model="orgs.Organization", perform=lambda obj, **kw: ""
    )
    shared = approvals.propose(KEY, org_a, by=staff)
    Approval.objects.update(department_ref=None)
    migration.forwards(global_apps, connection.schema_editor())
    found = dict(Approval.objects.values_list("pk", "department_ref"))
    assert found == {proposal.pk: tree[1].pk, shared.pk: None}
