"""Departments in the registry and the account admin (issue 21): a government organization's
辖区 and 上级部门 (never a cycle), and 所属部门 that only a system administrator sets."""

import re

import pytest
from django.contrib.auth.models import Group

from orgs.models import Organization, User
from orgs.roles import Role
from tests.factories import GovernmentFactory, UserFactory, default_department
from tests.orgs.test_admin import form_data_for

pytestmark = pytest.mark.django_db

CYCLE = "上级部门不能是本部门或本部门的下级部门"


@pytest.fixture
def tree(db):
    city = GovernmentFactory(name="深圳市民政局", jurisdiction_code="440300")
    nanshan = default_department()
    nanshan.parent_department = city
    nanshan.save()
    street = GovernmentFactory(
        name="南山区南头街道办事处", jurisdiction_code="440305001", parent_department=nanshan
    )
    return city, nanshan, street


def _government_form(org, **overrides):
    data = form_data_for(org, **overrides)
    data.setdefault("jurisdiction_code", org.jurisdiction_code)
    data.setdefault("parent_department", org.parent_department_id or "")
    return data


def test_government_form_shows_jurisdiction_and_parent(client, staff, tree):
    city, nanshan, _street = tree
    client.force_login(staff)
    html = client.get(f"/admin/organizations/edit/{nanshan.pk}/").content.decode()
    assert "辖区" in html and "上级部门" in html
    parent = re.search(r'<select name="parent_department".*?</select>', html, re.S).group(0)
    assert f'<option value="{city.pk}" selected>' in parent
    assert f'<option value="{nanshan.pk}"' not in parent  # never its own parent


def test_parent_department_may_not_make_a_cycle(client, staff, tree):
    city, _nanshan, street = tree
    client.force_login(staff)
    url = f"/admin/organizations/edit/{city.pk}/"
    response = client.post(url, _government_form(city, parent_department=street.pk))
    assert response.status_code == 200
    assert CYCLE in response.content.decode()
    assert Organization.objects.get(pk=city.pk).parent_department is None


def test_government_parent_and_jurisdiction_are_saved(client, staff, tree):
    city, _nanshan, _street = tree
    futian = GovernmentFactory(name="深圳市福田区民政局", jurisdiction_code="")
    client.force_login(staff)
    response = client.post(
        f"/admin/organizations/edit/{futian.pk}/",
        _government_form(futian, parent_department=city.pk, jurisdiction_code="440304"),
    )
    assert response.status_code == 302, response.context["form"].errors
    futian.refresh_from_db()
    assert (futian.parent_department, futian.jurisdiction_code) == (city, "440304")


def test_only_a_department_has_a_parent_or_jurisdiction(client, staff, org_a, tree):
    client.force_login(staff)
    response = client.post(
        f"/admin/organizations/edit/{org_a.pk}/",
        form_data_for(org_a, parent_department=tree[0].pk, jurisdiction_code="440305"),
    )
    html = response.content.decode()
    assert "只有政府部门可以设置上级部门" in html and "只有政府部门可以填写辖区" in html
    assert Organization.objects.get(pk=org_a.pk).parent_department is None


def _account(**overrides):
    return {
        "email": "new.officer@example.cn",
        "real_name": "新科员",
        "mobile": "",
        "password1": "Qz7!long-enough-pass",
        "password2": "Qz7!long-enough-pass",
        "is_active": "on",
        "groups": [Group.objects.get(name=Role.STAFF.value).pk],
        **overrides,
    }


def test_administrator_sets_departments_on_create_and_edit(client, admin_user, tree):
    city, nanshan, street = tree
    client.force_login(admin_user)
    page = client.get("/admin/users/new/").content.decode()
    assert "所属部门" in page and "南山区南头街道办事处" in page
    response = client.post("/admin/users/new/", _account(departments=[nanshan.pk, street.pk]))
    assert response.status_code == 302, response.context["form"].errors
    officer = User.objects.get(email="new.officer@example.cn")
    assert set(officer.departments.all()) == {nanshan, street}
    edit = _account(departments=[city.pk], password1="", password2="")
    response = client.post(f"/admin/users/edit/{officer.pk}/", edit)
    assert response.status_code == 302, response.context["form"].errors
    assert list(officer.departments.all()) == [city]


def test_staff_cannot_change_anyones_departments(client, staff, tree):
    city, nanshan, _street = tree
    officer = UserFactory(email="officer@example.cn", roles=[Role.STAFF], departments=[nanshan])
    client.force_login(staff)
    page = client.get(f"/admin/users/edit/{officer.pk}/")
    assert "departments" not in page.context["form"].fields
    edit = _account(email=officer.email, departments=[city.pk], password1="", password2="")
    response = client.post(f"/admin/users/edit/{officer.pk}/", edit)
    assert response.status_code == 302, response.context["form"].errors
    assert list(officer.departments.all()) == [nanshan]
    response = client.post("/admin/users/new/", _account(departments=[city.pk]))
    assert response.status_code == 302
    assert not User.objects.get(email="new.officer@example.cn").departments.exists()


def test_users_list_shows_departments(client, admin_user, tree):
    _city, nanshan, street = tree
    UserFactory(real_name="两部门科员", roles=[Role.STAFF], departments=[nanshan, street])
    client.force_login(admin_user)
    html = client.get("/admin/users/").content.decode()
    assert "所属部门" in html
    assert "南山区南头街道办事处、深圳市南山区民政局" in html
