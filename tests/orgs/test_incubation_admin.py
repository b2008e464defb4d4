"""孵化管理 in the Wagtail admin: managers see their own base only; staff see all."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from orgs.models import IncubationBase
from tests.orgs.incubation_support import (
    FOUNDER_PHONE,
    incubating,
    make_base,
    move,
    org_application,
    team_application,
    transitions_logged,
)

pytest_plugins = ["tests.orgs.incubation_fixtures"]

D = datetime.date
INDEX = "/admin/incubations/"


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def records(base, other_base, team_lead, org_a, owner, org_b, outsider, incubator_manager, freeze):
    freeze(D(2025, 9, 30))
    here = move(team_application(base, team_lead), "submit", by=team_lead)
    there = move(org_application(other_base, org_b, outsider), "submit", by=outsider)
    running = incubating(
        org_application(base, org_a, owner), manager=incubator_manager, applicant=owner
    )
    return here, there, running


def test_manager_lists_only_own_bases_records(client, records, incubator_manager, freeze):
    freeze(D(2025, 10, 20))
    client.force_login(incubator_manager)
    page = text(client.get(INDEX))
    assert "南山区晨曦助老服务中心（筹备中）" in page
    assert "阳光社工服务中心" in page
    assert "彩虹社区服务中心" not in page
    assert "2025-10-14 已逾期" in page  # the answer deadline passed over National Day


def test_staff_list_every_base(client, records, staff):
    client.force_login(staff)
    page = text(client.get(INDEX))
    assert "彩虹社区服务中心" in page and "阳光社工服务中心" in page


def test_manager_cannot_open_another_bases_record(client, records, incubator_manager):
    _here, there, _running = records
    client.force_login(incubator_manager)
    assert client.get(f"{INDEX}inspect/{there.pk}/").status_code == 404
    response = client.post(f"{INDEX}transition/{there.pk}/start_review/", {"reason": "x"})
    assert response.status_code == 404
    there.refresh_from_db()
    assert there.state == "applied"


def test_manager_moves_own_record_through_the_admin(client, records, incubator_manager):
    here, _there, _running = records
    client.force_login(incubator_manager)
    inspect = text(client.get(f"{INDEX}inspect/{here.pk}/"))
    assert "开始审核" in inspect and "不予入驻" in inspect
    assert FOUNDER_PHONE in inspect  # the base sees founders' contacts; the public never does
    assert f"/portal/incubation/{here.pk}/" in inspect
    client.post(f"{INDEX}transition/{here.pk}/start_review/", {"reason": ""})
    here.refresh_from_db()
    assert here.state == "reviewing"
    assert transitions_logged(here)[-1]["label"] == "开始审核"


def test_data_moves_are_not_offered_by_the_generic_transition_view(
    client, records, incubator_manager
):
    here, _there, _running = records
    here = move(here, "start_review", by=incubator_manager)
    client.force_login(incubator_manager)
    assert client.get(f"{INDEX}transition/{here.pk}/admit/").status_code == 404


def test_listing_filters_by_base_state_year_and_reminder(client, records, staff, freeze):
    _here, there, _running = records
    client.force_login(staff)
    by_state = text(client.get(INDEX, {"state": "incubating"}))
    assert "阳光社工服务中心" in by_state and "彩虹社区服务中心" not in by_state
    by_base = text(client.get(INDEX, {"base": there.base_id}))
    assert "彩虹社区服务中心" in by_base and "阳光社工服务中心" not in by_base
    assert "阳光社工服务中心" not in text(client.get(INDEX, {"year": 2024}))
    freeze(D(2025, 10, 20))
    client.force_login(staff)  # sessions expire: sign in again on the new day
    overdue = text(client.get(INDEX, {"reminder": "answer_overdue"}))
    assert "彩虹社区服务中心" in overdue and "阳光社工服务中心" not in overdue
    freeze(D(2026, 3, 15))  # midterm due 2026-03-30: within 30 days
    client.force_login(staff)
    due = text(client.get(INDEX, {"reminder": "assessment_due"}))
    assert "阳光社工服务中心" in due and "彩虹社区服务中心" not in due
    assert "中期评估 2026-03-30 即将到期" in due


def test_export_xlsx_is_scoped_and_has_no_founders(client, records, incubator_manager):
    client.force_login(incubator_manager)
    response = client.get(INDEX, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:4] == ["申请组织（团队）", "孵化基地", "状态", "孵化方式"]
    names = sorted(row[0] for row in rows[1:])
    assert names == ["南山区晨曦助老服务中心（筹备中）", "阳光社工服务中心"]
    assert {row[2] for row in rows[1:]} == {"已申请", "孵化中"}
    assert FOUNDER_PHONE not in repr(rows)


def test_manager_sees_own_base_but_cannot_edit_or_add(client, base, other_base, incubator_manager):
    client.force_login(incubator_manager)
    page = text(client.get("/admin/incubation_bases/"))
    assert base.name in page and other_base.name not in page
    assert client.get(f"/admin/incubation_bases/inspect/{other_base.pk}/").status_code == 404
    assert client.get(f"/admin/incubation_bases/inspect/{base.pk}/").status_code == 200
    assert client.get(f"/admin/incubation_bases/edit/{base.pk}/").status_code == 302
    assert client.get("/admin/incubation_bases/new/").status_code == 302


def test_staff_create_a_base_with_the_default_checklist(client, staff, incubator_manager):
    from orgs.models import OrgKind
    from tests.factories import OrganizationFactory, default_department

    operator = OrganizationFactory(kind=OrgKind.INCUBATOR_OPERATOR, name="宝安区孵化运营中心")
    client.force_login(staff)
    data = {
        "operator": operator.pk,
        "department": default_department().pk,  # the staff member's own
        "name": "宝安区社会组织孵化基地",
        "address": "深圳市宝安区新安街道",
        "description": "",
        "how_to_apply": "",
        "is_open": "on",
        "desks": "20",
        "rooms": "4",
        "offers_physical": "on",
        "offers_virtual": "on",
        "services": "导师辅导",
        "default_period_months": "12",
        "midterm_after_months": "6",
        "answer_days": "5",
        "space_return_days": "15",
        "pass_mark": "60",
        "managers": [incubator_manager.pk],
        "checklist-TOTAL_FORMS": "0",
        "checklist-INITIAL_FORMS": "0",
        "checklist-MIN_NUM_FORMS": "0",
        "checklist-MAX_NUM_FORMS": "1000",
    }
    response = client.post("/admin/incubation_bases/new/", data)
    assert response.status_code == 302, text(response)
    created = IncubationBase.objects.get(name="宝安区社会组织孵化基地")
    assert created.checklist.count() == 7
    assert list(created.managers.all()) == [incubator_manager]


def test_staff_edit_a_base_and_the_change_is_audited(client, base, staff):
    from core.admin import history_rows

    client.force_login(staff)
    url = f"/admin/incubation_bases/edit/{base.pk}/"
    form = text(client.get(url))
    assert "评估项目（留空则使用默认项目）" in form and "基础条件" in form
    response = client.get(url)
    data = {
        key: value
        for key, value in response.context["form"].initial.items()
        if key not in ("managers", "checklist")
    }
    data.update(
        {
            "desks": "30",
            "managers": [m.pk for m in base.managers.all()],
            "offers_physical": "on",
            "offers_virtual": "on",
            "is_open": "on",
            "description": "",
        }
    )
    items = list(base.checklist.all())
    data.update(
        {
            "checklist-TOTAL_FORMS": str(len(items)),
            "checklist-INITIAL_FORMS": str(len(items)),
            "checklist-MIN_NUM_FORMS": "0",
            "checklist-MAX_NUM_FORMS": "1000",
        }
    )
    for i, item in enumerate(items):
        data.update(
            {
                f"checklist-{i}-id": item.pk,
                f"checklist-{i}-name": item.name,
                f"checklist-{i}-max_points": str(item.max_points),
                f"checklist-{i}-ORDER": str(i + 1),
                f"checklist-{i}-DELETE": "",
            }
        )
    data = {k: v for k, v in data.items() if v is not None and v is not False}
    response = client.post(url, data)
    assert response.status_code == 302, text(response)
    base.refresh_from_db()
    assert base.desks == 30
    assert base.checklist.count() == 7
    assert history_rows(base)[0]["detail"] == "修改孵化基地信息"


@pytest.mark.parametrize("persona", ["owner", "expert", "team_lead"])
def test_non_managers_are_sent_to_login(request, client, records, persona):
    client.force_login(request.getfixturevalue(persona))
    for url in (INDEX, f"{INDEX}inspect/{records[0].pk}/", "/admin/incubation_bases/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_a_manager_of_no_base_sees_nothing(client, records, db):
    from orgs.roles import Role
    from tests.factories import UserFactory

    idle = UserFactory(roles=[Role.INCUBATOR_MANAGER])
    client.force_login(idle)
    page = text(client.get(INDEX))
    assert "阳光社工服务中心" not in page and "彩虹社区服务中心" not in page
    make_base(managers=[], name="空基地", operator_name="空基地运营方")
    assert "空基地" not in text(client.get("/admin/incubation_bases/"))
