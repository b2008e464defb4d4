"""征集管理 in the admin: create and edit a call with categories/quotas, required attachments,
eligibility rules and extra questions; the life cycle through core.admin.TransitionView."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from core.audit import EVENT, TRANSITION, history
from grants.models import Call, CallState
from tests.factories import CallFactory, default_department
from tests.grants import admin_support
from tests.grants.admin_support import handed_in

pytestmark = pytest.mark.django_db
staff_client = admin_support.staff_client

CALLS = "/admin/calls/"


def _when(days):
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%d %H:%M")


def call_form(department, **overrides):
    data = {
        "title": "2026年南山区第四届公益创投",
        "kind": "venture",
        "edition": "第四届",
        "department": department.pk,
        "description": "面向辖区社会组织征集公益项目。",
        "catalogue_item_page": "",
        "announcement_page": "",
        "total_budget": "2000000.00",
        "per_project_cap": "150000.00",
        "project_period_months": "10",
        "opens_at": _when(1),
        "closes_at": _when(31),
        "completion_deadline": _when(38),
        "review_ends_at": "",
        "publicity_working_days": "7",
        "objection_window_days": "",
        "allowed_org_kinds": ["service_org", "social_group"],
        "require_verified": "on",
        "min_years_registered": "2",
        "min_grade": "3",
        "exclude_sanctioned": "on",
        "exclude_dishonest": "on",
        "max_applications_per_org": "1",
        "previous_call": "",
        "exclude_unfinished_projects": "on",
        "require_commitment": "on",
        "categories": inline_formset(
            [
                {
                    "name": "扶老",
                    "description": "独居长者关爱",
                    "quota_count": "5",
                    "quota_budget": "600000.00",
                },
                {"name": "助残", "description": "", "quota_count": "", "quota_budget": ""},
            ]
        ),
        "required_attachments": inline_formset(
            [{"name": "财务审计报告", "required": "on", "help_text": "近一年度"}]
        ),
        "extra_questions": streamfield(
            [
                (
                    "text",
                    {
                        "label": "项目创新点",
                        "required": "on",
                        "help_text": "",
                        "multiline": "on",
                        "max_length": "300",
                    },
                )
            ]
        ),
    }
    data.update(overrides)
    flat = nested_form_data({k: v for k, v in data.items() if isinstance(v, dict)})
    flat.update({k: v for k, v in data.items() if not isinstance(v, dict)})
    return flat


def test_call_listing_counts_handed_in_applications(staff_client, call, org_a, org_b):
    handed_in(call, org_a, "长者关爱计划")
    handed_in(call, org_b, "困境儿童陪伴", state="screening")
    from tests.factories import ApplicationFactory

    ApplicationFactory(call=call, organization=org_b, project_name="草稿")
    response = staff_client.get(CALLS)
    assert response.status_code == 200
    row = next(c for c in response.context["object_list"] if c.pk == call.pk)
    assert row.handed_in == 2
    html = response.content.decode()
    assert call.title in html and "已发布（征集中）" in html
    assert f"/admin/applications/?call={call.pk}" in html


def test_staff_create_call_with_categories_attachments_rules_and_questions(staff_client, staff):
    department = default_department()
    page = staff_client.get(f"{CALLS}new/")
    assert page.status_code == 200
    for label in ("服务领域", "须提交的附件", "补充问题", "申报资格", "评估等级不低于"):
        assert label in page.content.decode()
    response = staff_client.post(f"{CALLS}new/", call_form(department))
    assert response.status_code == 302, response.context["form"].errors
    call = Call.objects.get(title="2026年南山区第四届公益创投")
    assert response["Location"] == f"{CALLS}inspect/{call.pk}/"
    assert (call.state, call.created_by) == (CallState.DRAFT, staff)
    assert (call.per_project_cap, call.min_grade, call.min_years_registered) == (
        Decimal("150000.00"),
        3,
        2,
    )
    assert call.allowed_org_kinds == ["service_org", "social_group"]
    categories = list(call.categories.values_list("name", "quota_count", "quota_budget"))
    assert categories == [("扶老", 5, Decimal("600000.00")), ("助残", None, None)]
    assert list(call.required_attachments.values_list("name", "required")) == [
        ("财务审计报告", True)
    ]
    (question,) = call.extra_questions
    assert (question.block_type, question.value["label"]) == ("text", "项目创新点")
    assert history(call).filter(action=EVENT).first().data["summary"] == "创建征集"


def test_create_refuses_cap_over_total(staff_client):
    department = default_department()
    data = call_form(department, per_project_cap="3000000.00")
    response = staff_client.post(f"{CALLS}new/", data)
    assert response.status_code == 200
    assert response.context["form"].errors["per_project_cap"] == [
        "单个项目资助上限不能超过资金总额"
    ]
    assert not Call.objects.exists()


def test_edit_is_audited_with_changed_fields(staff_client, staff):
    department = default_department()
    staff_client.post(f"{CALLS}new/", call_form(department))
    call = Call.objects.get()
    data = call_form(department, per_project_cap="120000.00")
    data.update(
        nested_form_data(
            {
                "categories": inline_formset(
                    [
                        {
                            "id": str(c.pk),
                            "name": c.name,
                            "description": c.description,
                            "quota_count": c.quota_count or "",
                            "quota_budget": c.quota_budget or "",
                        }
                        for c in call.categories.all()
                    ],
                    initial=2,
                ),
                "required_attachments": inline_formset(
                    [
                        {
                            "id": str(r.pk),
                            "name": r.name,
                            "required": "on",
                            "help_text": r.help_text,
                        }
                        for r in call.required_attachments.all()
                    ],
                    initial=1,
                ),
            }
        )
    )
    response = staff_client.post(f"{CALLS}edit/{call.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors
    call.refresh_from_db()
    assert call.per_project_cap == Decimal("120000.00")
    entry = history(call).filter(action=EVENT).first()
    assert entry.data["summary"] == "修改征集设置"
    assert "per_project_cap" in entry.data["fields"]


def test_call_inspect_shows_settings_and_links(staff_client, call, org_a):
    handed_in(call, org_a, "长者关爱计划")
    response = staff_client.get(f"{CALLS}inspect/{call.pk}/")
    html = response.content.decode()
    for text in (
        "申报情况",
        "已提交",
        "100,000.00 元",
        "扶老",
        "助残",
        "每个组织限报1项",
        f"/admin/applications/?call={call.pk}&amp;export=xlsx",
        f"/admin/applications/?call={call.pk}&amp;state=submitted",
    ):
        assert text in html, text
    # Closing is offered only once the deadline has passed (its condition).
    assert f"/admin/calls/transition/{call.pk}/close/" not in html


def test_publish_and_close_through_the_transition_view(staff_client, staff):
    department = default_department()
    staff_client.post(f"{CALLS}new/", call_form(department))
    call = Call.objects.get()
    response = staff_client.post(f"{CALLS}transition/{call.pk}/publish/", {"reason": ""})
    assert response.status_code == 302
    assert Call.objects.get(pk=call.pk).state == CallState.PUBLISHED
    entry = history(call).filter(action=TRANSITION).first()
    assert (entry.user, entry.data["transition"]) == (staff, "publish")
    # Closing before the deadline is refused with the reason, and nothing changes.
    refused = staff_client.post(f"{CALLS}transition/{call.pk}/close/", {"reason": ""})
    assert refused.status_code == 200
    assert "尚未到截止时间" in refused.content.decode()
    assert Call.objects.get(pk=call.pk).state == CallState.PUBLISHED


def test_draft_without_categories_cannot_be_published(staff_client):
    call = CallFactory(state="draft", categories=[])
    call.categories.all().delete()
    response = staff_client.post(f"{CALLS}transition/{call.pk}/publish/", {"reason": ""})
    assert response.status_code == 200
    assert "请至少设置一个服务领域" in response.content.decode()
    assert Call.objects.get(pk=call.pk).state == CallState.DRAFT


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda d: d.pop("extra_questions-count"), id="count missing"),
        pytest.param(lambda d: d.update({"extra_questions-count": "x"}), id="count not a number"),
        pytest.param(lambda d: d.pop("extra_questions-0-type"), id="block type missing"),
        pytest.param(lambda d: d.update({"extra_questions-count": "9" * 12}), id="count too big"),
    ],
)
def test_a_damaged_question_stream_is_refused_with_a_message(staff_client, damage):
    """The stream's structure comes from the admin's JavaScript; a POST without it (a script, a
    stale page) is an invalid field, not a server error, and nothing is created."""
    data = call_form(default_department())
    damage(data)
    response = staff_client.post(f"{CALLS}new/", data)
    assert response.status_code == 200
    assert response.context["form"].errors["extra_questions"] == [
        "提交的内容不完整或格式有误，请刷新页面后重新填写。"
    ]
    assert not Call.objects.exists()


@pytest.mark.parametrize("value", ["abc", "1" + "0" * 30, "-1"])
def test_a_page_choice_that_is_no_id_is_refused_with_the_form(staff_client, value):
    """The form shown again draws the chooser from the posted value; it must not look it up raw."""
    data = call_form(default_department(), catalogue_item_page=value)
    response = staff_client.post(f"{CALLS}new/", data)
    assert response.status_code == 200
    assert "catalogue_item_page" in response.context["form"].errors
    assert not Call.objects.exists()


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param({"categories-INITIAL_FORMS": "2"}, id="rows that do not exist"),
        pytest.param(
            {"categories-INITIAL_FORMS": "1", "categories-0-id": "abc"}, id="an id that is no id"
        ),
    ],
)
def test_tampered_inline_rows_are_refused_with_the_form(staff_client, damage):
    """Inline panels (modelcluster) must refuse rows the page never had, as Django's formsets do."""
    data = call_form(default_department())
    data.update(damage)
    response = staff_client.post(f"{CALLS}new/", data)
    assert response.status_code == 200
    assert not Call.objects.exists()


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param({"categories-0-ORDER": "x", "categories-0-DELETE": "on"}, id="deleted"),
        pytest.param({"categories-TOTAL_FORMS": "3"}, id="extra row without fields"),
    ],
)
def test_an_inline_row_without_a_valid_order_is_shown_again_with_the_form(staff_client, damage):
    """Wagtail re-sorts a valid formset's rows by their order when the page is shown again,
    without a guard: a row that is not validated (deleted, or an extra row posted without its
    fields) and has no valid order raised KeyError."""
    data = call_form(default_department(), title="")
    data.update(damage)
    response = staff_client.post(f"{CALLS}new/", data)
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert not Call.objects.exists()


def test_an_overlong_listing_search_is_cut_not_a_server_error(staff_client, call):
    """SQLite refuses LIKE patterns over 50,000 bytes; the search box takes 100 characters."""
    response = staff_client.get(CALLS, {"q": "长" * 100_000})
    assert response.status_code == 200
    assert response.context["view"].search_query == "长" * 100
