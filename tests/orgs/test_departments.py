"""Departments as the unit of work (issue 21): who sees and who acts (orgs.departments,
core.scoping), and the door refusing another department's record."""

import importlib

import pytest
from django.apps import apps as global_apps
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.scoping import DepartmentScope
from core.workflow import available_transitions, perform_transition
from grants.models import Application, Call, CallState
from orgs.departments import department_for_region, departments_for, issuers_for, scope
from orgs.roles import Role
from tests.factories import CallFactory, GovernmentFactory, UserFactory, default_department

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    city = GovernmentFactory(name="深圳市民政局", jurisdiction_code="440300")
    nanshan = GovernmentFactory(
        name="深圳市南山区民政局", jurisdiction_code="440305", parent_department=city
    )
    street = GovernmentFactory(
        name="南山区南头街道办事处", jurisdiction_code="440305001", parent_department=nanshan
    )
    futian = GovernmentFactory(
        name="深圳市福田区民政局", jurisdiction_code="440304", parent_department=city
    )
    return city, nanshan, street, futian


def test_a_department_sees_itself_and_below_and_acts_for_itself(tree):
    city, nanshan, street, futian = tree
    officer = UserFactory(roles=[Role.STAFF], departments=[nanshan])
    assert scope(officer) == DepartmentScope(
        own=frozenset({nanshan.pk}), visible=frozenset({nanshan.pk, street.pk})
    )
    city_officer = UserFactory(roles=[Role.STAFF], departments=[city])
    assert scope(city_officer).visible == {city.pk, nanshan.pk, street.pk, futian.pk}
    assert scope(city_officer).own == {city.pk}


def test_people_without_a_department_role_are_not_restricted(tree, owner, admin_user):
    assert scope(owner) is None
    assert scope(admin_user) is None
    assert scope(UserFactory(roles=[Role.EXPERT])) is None


def test_staff_without_departments_see_nothing(tree):
    newcomer = UserFactory(roles=[Role.STAFF], departments=[])
    CallFactory(department=tree[1])
    assert scope(newcomer) == DepartmentScope(own=frozenset(), visible=frozenset())
    assert not Call.objects.for_user(newcomer).exists()


def test_scope_is_one_query_whatever_the_number_of_departments(tree):
    officer = UserFactory(roles=[Role.STAFF], departments=[tree[1]])
    officer = type(officer).objects.get(pk=officer.pk)
    for n in range(48):
        GovernmentFactory(name=f"第{n}街道办事处", parent_department=tree[1])
    officer.groups.all()  # role names are their own query, cached per request
    with CaptureQueriesContext(connection) as queries:
        found = scope(officer)
        scope(officer)
    assert len(found.visible) == 50
    assert len([q for q in queries if "orgs_organization" in q["sql"]]) == 1


def test_querysets_keep_what_the_user_may_see_or_act_on(tree):
    city, nanshan, street, futian = tree
    calls = {d: CallFactory(department=d) for d in tree}
    nanshan_officer = UserFactory(roles=[Role.STAFF], departments=[nanshan])
    city_officer = UserFactory(roles=[Role.STAFF], departments=[city])
    assert set(Call.objects.for_user(nanshan_officer)) == {calls[nanshan], calls[street]}
    assert set(Call.objects.for_user(nanshan_officer, acting=True)) == {calls[nanshan]}
    assert set(Call.objects.for_user(city_officer)) == set(calls.values())
    assert set(Call.objects.for_user(city_officer, acting=True)) == {calls[city]}
    assert not Application.objects.for_user(nanshan_officer).filter(call=calls[futian]).exists()


def test_the_door_refuses_another_departments_record_with_the_reason(tree):
    city, nanshan, _street, futian = tree
    call = CallFactory(department=futian, state=CallState.DRAFT)
    nanshan_officer = UserFactory(roles=[Role.STAFF], departments=[nanshan])
    city_officer = UserFactory(roles=[Role.STAFF], departments=[city])
    for person in (nanshan_officer, city_officer):
        assert available_transitions(call, person) == []
        with pytest.raises(PermissionDenied, match="该事项属于其他部门"):
            perform_transition(call, "publish", by=person)
    assert Call.objects.get(pk=call.pk).state == CallState.DRAFT
    futian_officer = UserFactory(roles=[Role.STAFF], departments=[futian])
    assert "publish" in {t.name for t in available_transitions(call, futian_officer)}


def test_choices_issuers_and_regions(tree):
    city, nanshan, street, futian = tree
    officer = UserFactory(roles=[Role.STAFF], departments=[nanshan])
    assert list(departments_for(officer)) == [nanshan]
    assert set(departments_for(officer, acting=False)) == {nanshan, street}
    assert issuers_for(street.pk) == [street.pk, nanshan.pk, city.pk]
    assert department_for_region("440305001") == street
    assert department_for_region("440305002") == nanshan
    assert department_for_region("440304") == futian
    assert department_for_region("440306") == city
    assert department_for_region("110101") is None


def test_factories_put_department_roles_in_the_default_department(staff):
    assert list(staff.departments.all()) == [default_department()]
    assert CallFactory().department == default_department()


def test_migration_gives_existing_staff_every_department(tree):
    """The migration path: staff of a single-purchaser database keep seeing everything."""
    migration = importlib.import_module("orgs.migrations.0013_departments_for_existing_staff")
    officer = UserFactory(roles=[Role.STAFF], departments=[])
    approver = UserFactory(roles=[Role.APPROVER], departments=[])
    applicant = UserFactory()
    tree[0].jurisdiction_code = ""
    tree[0].region_code = "440300"
    tree[0].save()
    migration.forwards(global_apps, connection.schema_editor())
    everyone = set(GovernmentFactory._meta.model.objects.filter(kind="government"))
    assert set(officer.departments.all()) == everyone
    assert set(approver.departments.all()) == everyone
    assert not applicant.departments.exists()
    tree[0].refresh_from_db()
    assert tree[0].jurisdiction_code == "440300"
