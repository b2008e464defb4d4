"""Only programme staff reach 征集管理 and 申报书 in the admin: every URL, every other persona."""

import json

import pytest
from django.contrib.auth.models import Group, Permission

from grants.models import Application, Call
from tests.factories import UserFactory
from tests.grants.admin_support import INDEX, handed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def targets(call, org_a, owner, member):
    application = handed_in(call, org_a, "长者关爱计划", state="screening")
    return call, application, application.attachments.get()


def admin_urls(call, application, attachment):
    pk = application.pk
    return [
        "/admin/calls/",
        "/admin/calls/new/",
        f"/admin/calls/edit/{call.pk}/",
        f"/admin/calls/inspect/{call.pk}/",
        f"/admin/calls/history/{call.pk}/",
        f"/admin/calls/transition/{call.pk}/close/",
        INDEX,
        f"{INDEX}?export=xlsx",
        f"{INDEX}?export=csv",
        f"{INDEX}inspect/{pk}/",
        f"{INDEX}inspect/{pk}/pdf/",
        f"{INDEX}inspect/{pk}/attachments/{attachment.pk}/",
        f"{INDEX}history/{pk}/",
        f"{INDEX}transition/{pk}/pass_screening/",
        f"/admin/bulk/grants/application/pass_screening/?id={pk}&next={INDEX}",
    ]


def _unchanged(call, application):
    assert Call.objects.get(pk=call.pk).state == "published"
    assert Application.objects.get(pk=application.pk).state == "screening"


@pytest.mark.parametrize("persona", ["owner", "member", "outsider", "expert", "evaluator"])
def test_non_staff_are_sent_to_login_everywhere(request, client, targets, persona):
    client.force_login(request.getfixturevalue(persona))
    for url in admin_urls(*targets):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url
    call, application, _attachment = targets
    for url in admin_urls(*targets)[-2:]:
        response = client.post(url, {"reason": "想越权操作"})
        assert response["Location"].startswith("/admin/login/"), url
    _unchanged(call, application)


def test_anonymous_is_sent_to_login(client, targets):
    for url in admin_urls(*targets):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url


def test_admin_access_without_staff_role_is_refused(client, targets):
    """A CMS editor reaches the admin but not the grants viewsets, nor their bulk actions."""
    editor = UserFactory(real_name="网站编辑")
    editors, _ = Group.objects.get_or_create(name="网站编辑")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(editors)
    client.force_login(editor)
    for url in admin_urls(*targets):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/"), url
    call, application, _attachment = targets
    for url in admin_urls(*targets)[-2:]:
        response = client.post(url, {"reason": "想越权操作"})
        assert response["Location"] == "/admin/", url
    _unchanged(call, application)
    dashboard = client.get("/admin/").content.decode()
    assert "/admin/calls/" not in dashboard
    assert "/admin/applications/" not in dashboard


def test_staff_see_the_menu(client, staff, targets):
    client.force_login(staff)
    dashboard = client.get("/admin/").content.decode()
    # The sidebar menu is JSON for the sidebar script.
    for label in ("申报管理", "征集管理", "申报书"):
        assert json.dumps(label)[1:-1] in dashboard
    assert "/admin/calls/" in dashboard and "/admin/applications/" in dashboard


def test_superuser_reaches_screening(client, admin_user, targets):
    client.force_login(admin_user)
    _call, application, _attachment = targets
    response = client.get(f"{INDEX}inspect/{application.pk}/")
    assert response.status_code == 200
    assert "形式审查清单" in response.content.decode()
