"""Batch screening (grants.admin.bulk): every application through perform_transition on its own;
a refused one is reported with its reason and left untouched, the others move."""

import pytest

from core.audit import TRANSITION, history
from grants.models import Application
from tests.factories import ApplicationFactory
from tests.grants import admin_support
from tests.grants.admin_support import INDEX, handed_in

pytestmark = pytest.mark.django_db
staff_client = admin_support.staff_client

BULK = "/admin/bulk/grants/application/{name}/"


@pytest.fixture
def three(call, org_a, org_b, owner, member, outsider):
    """Two applications under screening and one already failed (a wrong state for "pass")."""
    return [
        handed_in(call, org_a, "长者关爱计划", state="screening"),
        handed_in(call, org_b, "困境儿童陪伴", state="screening"),
        handed_in(call, org_b, "早已不通过的项目", state="screening_failed"),
    ]


def _url(name, applications):
    ids = "&".join(f"id={a.pk}" for a in applications)
    return f"{BULK.format(name=name)}?{ids}&next={INDEX}"


def _transitions(application):
    return list(history(application).filter(action=TRANSITION))


def test_listing_offers_the_bulk_actions(staff_client, three):
    html = staff_client.get(INDEX).content.decode()
    for name, label in (
        ("start_screening", "开始形式审查"),
        ("pass_screening", "审查通过"),
        ("return_for_completion", "退回补正"),
        ("fail_screening", "审查不通过"),
    ):
        assert BULK.format(name=name) in html
        assert label in html
    assert "wagtailadmin/js/bulk-actions.js" in html


def test_bulk_confirmation_lists_applications_and_flags_wrong_state(staff_client, three):
    response = staff_client.get(_url("pass_screening", three))
    assert response.status_code == 200
    html = response.content.decode()
    assert "将对以下 3 份申报书逐一执行“审查通过”" in html
    for application in three:
        assert application.project_name in html
    assert html.count("当前状态下不能执行此操作，将被跳过并说明原因") == 1


def test_bulk_pass_moves_two_and_reports_the_refusal(
    staff_client, three, staff, mailoutbox, django_capture_on_commit_callbacks
):
    elders, kids, failed = three
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(_url("pass_screening", three), {"reason": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "已处理 2 份，未执行 1 份。" in html
    assert f'<tr data-application="{elders.pk}" data-outcome="moved">' in html
    assert f'<tr data-application="{kids.pk}" data-outcome="moved">' in html
    assert f'<tr data-application="{failed.pk}" data-outcome="refused">' in html
    assert "当前状态（审查不通过）下不能执行“审查通过”" in html
    assert [r["ok"] for r in response.context["results"]] == [True, True, False]

    states = dict(Application.objects.values_list("project_name", "state"))
    assert states["长者关爱计划"] == "screening_passed"
    assert states["困境儿童陪伴"] == "screening_passed"
    assert states["早已不通过的项目"] == "screening_failed"
    for moved in (elders, kids):
        (entry,) = _transitions(moved)
        assert (entry.user, entry.data["transition"]) == (staff, "pass_screening")
    assert _transitions(failed) == []  # nothing half-done for the refused one
    assert sorted(m.subject for m in mailoutbox) == [
        "【项目申报】困境儿童陪伴：审查通过",
        "【项目申报】长者关爱计划：审查通过",
    ]


def test_bulk_return_needs_the_shared_reason(staff_client, three, mailoutbox):
    response = staff_client.post(_url("return_for_completion", three[:2]), {"reason": " "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert set(Application.objects.values_list("state", flat=True)) == {
        "screening",
        "screening_failed",
    }
    assert mailoutbox == []


def test_bulk_fail_writes_the_shared_reason_for_each(
    staff_client, three, mailoutbox, django_capture_on_commit_callbacks
):
    elders, kids, _failed = three
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(_url("fail_screening", [elders, kids]), {"reason": "未按要求盖章"})
    for application in (elders, kids):
        moved = Application.objects.get(pk=application.pk)
        assert (moved.state, moved.last_reason) == ("screening_failed", "未按要求盖章")
        assert _transitions(application)[0].data["reason"] == "未按要求盖章"
    assert all("处理意见：未按要求盖章" in m.body for m in mailoutbox)
    assert len(mailoutbox) == 2


def test_bulk_start_screening_of_submitted(staff_client, call, org_a, owner):
    submitted = [handed_in(call, org_a, f"项目{i}") for i in range(2)]
    staff_client.post(_url("start_screening", submitted), {"reason": ""})
    assert set(Application.objects.values_list("state", flat=True)) == {"screening"}


def test_bulk_select_all_keeps_the_listing_filters(staff_client, three, call):
    # "Select all in listing" sends id=all with the listing's query string.
    url = f"{BULK.format(name='pass_screening')}?state=screening&q=长者&id=all&next={INDEX}"
    response = staff_client.post(url, {"reason": ""})
    assert [r["application"].project_name for r in response.context["results"]] == ["长者关爱计划"]
    assert Application.objects.get(pk=three[1].pk).state == "screening"


def test_bulk_never_touches_drafts(staff_client, call, org_a):
    draft = ApplicationFactory(call=call, organization=org_a, complete=True)
    page = staff_client.get(_url("start_screening", [draft]))
    assert "未选择可处理的申报书。" in page.content.decode()
    response = staff_client.post(_url("start_screening", [draft]), {"reason": ""})
    assert response.context["results"] == []
    assert Application.objects.get(pk=draft.pk).state == "draft"


def test_bulk_skips_ids_no_row_can_have(staff_client, three):
    """A superscript "²" passes str.isdigit() but not int(), and 10**30 overflows SQLite: both
    were 500s."""
    ids = "&".join(f"id={v}" for v in ("²", "abc", "1" + "0" * 30, *(a.pk for a in three)))
    response = staff_client.get(f"{BULK.format(name='pass_screening')}?{ids}&next={INDEX}")
    assert response.status_code == 200
    assert "将对以下 3 份申报书逐一执行“审查通过”" in response.content.decode()
