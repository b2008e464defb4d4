"""Incubation bases belong to a department (issue 21): staff see their departments' bases and
records (a department above reads its districts'), managers keep to the bases they manage, and
existing bases get a department when the database is migrated."""

import importlib

import pytest
from django.apps import apps as global_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import todo
from core.workflow import available_transitions
from orgs.models import IncubationBase, OrgKind
from orgs.roles import Role
from tests.factories import GovernmentFactory, OrganizationFactory, UserFactory, default_department
from tests.orgs.incubation_support import make_base, move, org_application

pytestmark = pytest.mark.django_db

OTHER = "该事项属于其他部门，您无权办理"


@pytest.fixture
def world(tree, staff, incubator_manager, org_a, owner):
    city, _nanshan, futian = tree
    futian_manager = UserFactory(
        real_name="福田基地主任", roles=[Role.INCUBATOR_MANAGER], departments=[futian]
    )
    here = make_base(managers=[incubator_manager])
    there = make_base(
        managers=[futian_manager],
        name="福田区公益孵化园",
        operator_name="福田区公益孵化服务中心",
        department=futian,
    )
    record = move(org_application(here, org_a, owner), "submit", by=owner)
    return {
        "here": here,
        "there": there,
        "record": record,
        "futian_manager": futian_manager,
        "futian_staff": UserFactory(real_name="福田科员", roles=[Role.STAFF], departments=[futian]),
        "city_staff": UserFactory(real_name="市局科员", roles=[Role.STAFF], departments=[city]),
    }


def test_another_departments_base_and_record_are_404_everywhere(client, world, staff):
    base, record = world["here"], world["record"]
    urls = [
        f"/admin/incubation_bases/inspect/{base.pk}/",
        f"/admin/incubation_bases/history/{base.pk}/",
        f"/admin/incubation_bases/usage/{base.pk}/",
        f"/admin/incubations/inspect/{record.pk}/",
        f"/admin/incubations/history/{record.pk}/",
        f"/admin/incubations/usage/{record.pk}/",
        f"/admin/incubations/transition/{record.pk}/start_review/",
        f"/portal/incubation/{record.pk}/",
        f"/portal/incubation/bases/{base.pk}/",
        f"/portal/incubation/{record.pk}/support/new/",
        f"/portal/incubation/{record.pk}/admit/",
    ]
    for outsider in (world["futian_staff"], world["futian_manager"]):
        client.force_login(outsider)
        answered = {url: client.get(url).status_code for url in urls}
        assert answered == dict.fromkeys(urls, 404), outsider
        response = client.get(f"/admin/incubation_bases/edit/{base.pk}/")
        if outsider is world["futian_staff"]:
            assert response.status_code == 404
        else:  # a manager may not edit any base: sent back whatever the id
            assert (response.status_code, response["Location"]) == (302, "/admin/")
        # Records are never edited in the admin: everyone is sent back, whatever the id.
        response = client.get(f"/admin/incubations/edit/{record.pk}/")
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    client.force_login(staff)
    assert client.get(urls[0]).status_code == 200
    assert client.get(f"/admin/incubations/inspect/{record.pk}/").status_code == 200


def test_lists_hold_own_and_lower_departments_and_managers_their_bases(client, world, staff):
    names = {"南山区社会组织孵化基地", "福田区公益孵化园"}
    for user, seen in (
        (staff, {"南山区社会组织孵化基地"}),
        (world["futian_staff"], {"福田区公益孵化园"}),
        (world["city_staff"], names),
        (world["futian_manager"], {"福田区公益孵化园"}),
    ):
        client.force_login(user)
        html = client.get("/admin/incubation_bases/").content.decode()
        assert {n for n in names if n in html} == seen, user
        assert set(IncubationBase.objects.managed_by(user)) == {
            b for b in (world["here"], world["there"]) if b.name in seen
        }
    # A manager listed on a base of a department they do not work for does not reach it.
    world["here"].managers.add(world["futian_manager"])
    assert list(IncubationBase.objects.managed_by(world["futian_manager"])) == [world["there"]]


def test_records_listing_and_to_do_keep_to_the_departments(client, world, staff, incubator_manager):
    client.force_login(world["futian_staff"])
    assert "阳光社工服务中心" not in client.get("/admin/incubations/").content.decode()
    client.force_login(world["city_staff"])
    assert "阳光社工服务中心" in client.get("/admin/incubations/").content.decode()
    panel = todo.PANELS["incubations_to_answer"]
    assert todo.fill(panel, incubator_manager).count == 1
    assert todo.fill(panel, world["futian_manager"]).count == 0


def test_city_bureau_reads_a_district_record_without_acting(client, world):
    city_staff, record, base = world["city_staff"], world["record"], world["here"]
    assert available_transitions(record, city_staff) == []
    client.force_login(city_staff)
    html = client.get(f"/admin/incubations/inspect/{record.pk}/").content.decode()
    assert "阳光社工服务中心" in html
    assert f"/admin/incubations/transition/{record.pk}/" not in html
    response = client.get(f"/admin/incubation_bases/edit/{base.pk}/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    response = client.post(f"/portal/incubation/{record.pk}/support/new/", {})
    assert response.status_code == 403
    assert OTHER in response.content.decode()
    assert client.get(f"/portal/incubation/{record.pk}/").status_code == 200


def test_new_base_is_for_a_department_the_user_acts_for(client, tree, staff):
    _city, nanshan, futian = tree
    operator = OrganizationFactory(kind=OrgKind.INCUBATOR_OPERATOR, name="新运营方")
    client.force_login(staff)
    page = client.get("/admin/incubation_bases/new/").content.decode()
    assert "主管部门" in page and f'<option value="{futian.pk}"' not in page
    form = {
        "operator": operator.pk,
        "name": "新孵化基地",
        "address": "深圳市南山区",
        "desks": "1",
        "rooms": "1",
        "offers_physical": "on",
        "default_period_months": "12",
        "midterm_after_months": "6",
        "answer_days": "5",
        "space_return_days": "15",
        "pass_mark": "60",
        "is_open": "on",
        "checklist-TOTAL_FORMS": "0",
        "checklist-INITIAL_FORMS": "0",
        "checklist-MIN_NUM_FORMS": "0",
        "checklist-MAX_NUM_FORMS": "50",
    }
    response = client.post("/admin/incubation_bases/new/", {**form, "department": futian.pk})
    assert response.status_code == 200
    assert not IncubationBase.objects.filter(name="新孵化基地").exists()
    response = client.post("/admin/incubation_bases/new/", {**form, "department": nanshan.pk})
    assert response.status_code == 302
    assert IncubationBase.objects.get(name="新孵化基地").department == nanshan


def test_base_listing_queries_stay_the_same_with_50_departments(client, world):
    client.force_login(world["city_staff"])
    client.get("/admin/incubation_bases/")
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/incubation_bases/")
    for n in range(47):
        district = GovernmentFactory(
            name=f"第{n}区民政局", parent_department=world["there"].department.parent_department
        )
        make_base(name=f"第{n}区孵化基地", operator_name=f"第{n}区孵化中心", department=district)
    with CaptureQueriesContext(connection) as many:
        html = client.get("/admin/incubation_bases/").content.decode()
    assert "区孵化基地" in html
    assert len(many) == len(few)


def test_migration_gives_existing_bases_a_department(tree):
    migration = importlib.import_module("orgs.migrations.0014_incubation_base_department")
    _city, _nanshan, futian = tree
    operator = OrganizationFactory(
        kind=OrgKind.INCUBATOR_OPERATOR, name="福田运营方", region_code="440304"
    )
    in_futian = make_base(name="福田基地", operator_name="福田运营方X", department=None)
    IncubationBase.objects.filter(pk=in_futian.pk).update(operator=operator)
    far = make_base(name="外地基地", operator_name="外地运营方", department=None)
    far.operator.region_code = "110101"
    far.operator.save()
    migration.forwards(global_apps, connection.schema_editor())
    found = dict(IncubationBase.objects.values_list("name", "department"))
    assert found == {"福田基地": futian.pk, "外地基地": None}


def test_migration_on_a_single_department_platform(db):
    migration = importlib.import_module("orgs.migrations.0014_incubation_base_department")
    only = default_department()
    base = make_base(department=None)
    base.operator.region_code = "110101"
    base.operator.save()
    migration.forwards(global_apps, connection.schema_editor())
    assert IncubationBase.objects.get(pk=base.pk).department == only
