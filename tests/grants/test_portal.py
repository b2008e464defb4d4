"""The applicant portal: calls, eligibility check, the application form, uploads, dashboard."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter

from grants.models import Application, ApplicationAttachment, RequiredAttachment
from orgs.models import MemberRole
from tests.factories import ApplicationFactory, CallFactory, add_member

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


def page(response) -> str:
    return response.content.decode()


def pdf_upload(name="承诺书.pdf") -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), "application/pdf")


def form_data(application, **overrides):
    """What the browser posts for a filled-in form (management forms included)."""
    data = {
        "revision": str(application.revision),
        "category": str(application.call.categories.first().pk),
        "project_name": "长者关爱计划",
        "lead_name": "王芳",
        "lead_phone": "13800000001",
        "contact_name": "李娜",
        "contact_phone": "13800000002",
        "contact_email": "lina@example.cn",
        "org_profile": "扎根社区十年。",
        "summary": "为独居长者提供探访服务。",
        "needs_analysis": "独居长者多。",
        "objectives": "服务200人。",
        "activities": "每月探访。",
        "expected_outcomes": "孤独感下降。",
        "risks": "志愿者流失。",
        "region_code": "440305",
        "street": "南头街道",
        "community": "红花园社区",
        "direct_beneficiaries": "200",
        "indirect_beneficiaries": "800",
        "period_months": "10",
        "amount_requested": "30000.00",
        "team-TOTAL_FORMS": "1",
        "team-INITIAL_FORMS": "0",
        "team-0-name": "王芳",
        "team-0-education": "本科",
        "team-0-major": "社会工作",
        "team-0-qualification": "social_worker",
        "team-0-role": "项目主管",
        "team-0-phone": "13800000001",
        "budget-TOTAL_FORMS": "2",
        "budget-INITIAL_FORMS": "0",
        "budget-0-category": "活动费",
        "budget-0-item": "探访物资",
        "budget-0-unit_price": "150.00",
        "budget-0-quantity": "200",
        "budget-0-funding_source": "requested",
        "budget-1-category": "人员费",
        "budget-1-item": "督导",
        "budget-1-unit_price": "500",
        "budget-1-quantity": "10",
        "budget-1-funding_source": "own",
    }
    data.update(overrides)
    return data


@pytest.fixture
def empty_draft(call, org_a, owner, member):
    return ApplicationFactory(call=call, organization=org_a, project_name="")


# --- Calls and eligibility ------------------------------------------------------------------


def test_call_list_shows_published_calls_only(client, owner, call):
    CallFactory(title="尚在起草的征集", state="draft")
    client.force_login(owner)
    html = page(client.get(reverse("portal:call_list")))
    assert "2025年南山区公益创投" in html
    assert "尚在起草的征集" not in html


def test_draft_call_is_hidden_from_applicants(client, owner):
    draft_call = CallFactory(state="draft")
    client.force_login(owner)
    assert client.get(reverse("portal:call_detail", args=[draft_call.pk])).status_code == 403


def test_call_detail_checks_each_of_my_organizations(client, owner, call, org_b):
    call.min_grade = 3
    call.save()
    add_member(owner, org_b, MemberRole.MEMBER)
    client.force_login(owner)
    html = page(client.get(reverse("portal:call_detail", args=[call.pk])))
    assert html.count("<strong>评估等级</strong>：等级评估须达到3A（本组织当前：无有效等级）") == 2
    assert "开始申报" not in html
    assert "等级评估3A及以上" in html


def test_start_application_creates_a_draft(client, member, call, org_a):
    client.force_login(member)
    response = client.post(
        reverse("portal:application_start", args=[call.pk]), {"organization": org_a.pk}
    )
    application = Application.objects.get()
    assert response.url == reverse("portal:application_edit", args=[application.pk])
    assert (application.organization, application.state, application.created_by) == (
        org_a,
        "draft",
        member,
    )
    assert application.contact_email == "member@example.cn"


def test_start_application_refused_for_another_organization(client, outsider, call, org_a):
    client.force_login(outsider)
    response = client.post(
        reverse("portal:application_start", args=[call.pk]), {"organization": org_a.pk}
    )
    assert response.status_code == 403
    assert not Application.objects.exists()


def test_start_application_refused_when_ineligible(client, owner, call, org_a):
    ApplicationFactory(call=call, organization=org_a)
    client.force_login(owner)
    response = client.post(
        reverse("portal:application_start", args=[call.pk]), {"organization": org_a.pk}, follow=True
    )
    assert "申报数量：每个组织限报1项，已有1项" in page(response)
    assert Application.objects.count() == 1


# --- The form ----------------------------------------------------------------------------


def test_edit_page_shows_registry_data_without_inputs(client, member, empty_draft, org_a):
    client.force_login(member)
    html = page(client.get(reverse("portal:application_edit", args=[empty_draft.pk])))
    assert f"<dd>{org_a.uscc}</dd>" in html
    assert "<dd>阳光社工服务中心</dd>" in html
    assert 'name="uscc"' not in html and 'name="name"' not in html
    assert 'id="application-form"' in html and "grants/application-form.js" in html


def test_save_without_javascript_stores_fields_team_and_budget(client, member, empty_draft):
    client.force_login(member)
    url = reverse("portal:application_edit", args=[empty_draft.pk])
    response = client.post(url, form_data(empty_draft))
    assert response.status_code == 302
    application = Application.objects.get(pk=empty_draft.pk)
    assert application.project_name == "长者关爱计划"
    assert application.amount_requested == Decimal("30000.00")
    assert application.revision == 1
    assert [m.name for m in application.team_members.all()] == ["王芳"]
    assert [(b.item, b.amount, b.funding_source) for b in application.budget_lines.all()] == [
        ("探访物资", Decimal("30000.00"), "requested"),
        ("督导", Decimal("5000.00"), "own"),
    ]
    # Saving again replaces the rows instead of adding to them.
    client.post(url, form_data(application, **{"budget-1-DELETE": "on"}))
    assert application.budget_lines.count() == 1


def test_invalid_fields_are_reported_and_the_rest_is_saved(client, member, empty_draft):
    client.force_login(member)
    url = reverse("portal:application_edit", args=[empty_draft.pk])
    data = form_data(empty_draft, amount_requested="-5", **{"budget-0-unit_price": "abc"})
    html = page(client.post(url, data))
    assert "申请资助金额不能为负数" in html
    assert "请输入金额（元），如 12345.00" in html
    application = Application.objects.get(pk=empty_draft.pk)
    assert application.project_name == "长者关爱计划"  # the valid parts are kept
    assert application.amount_requested is None
    assert application.budget_lines.count() == 0  # an invalid table is not half-saved


def test_any_member_resumes_a_draft_another_member_began(client, owner, member, empty_draft):
    client.force_login(owner)
    client.post(reverse("portal:application_edit", args=[empty_draft.pk]), form_data(empty_draft))
    client.force_login(member)
    html = page(client.get(reverse("portal:application_edit", args=[empty_draft.pk])))
    assert 'value="长者关爱计划"' in html
    assert 'value="探访物资"' in html


def test_outsider_cannot_open_the_form_and_staff_only_read(client, outsider, staff, empty_draft):
    url = reverse("portal:application_edit", args=[empty_draft.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    client.force_login(staff)
    response = client.get(url, follow=True)
    assert response.redirect_chain == [
        (reverse("portal:application_detail", args=[empty_draft.pk]), 302)
    ]
    assert "您不是申报单位的成员" in page(response)


def test_submitted_application_cannot_be_edited(client, owner, draft):
    client.force_login(owner)
    client.post(reverse("portal:application_transition", args=[draft.pk, "submit"]))
    url = reverse("portal:application_edit", args=[draft.pk])
    response = client.get(url, follow=True)
    assert "申报书当前状态为“已提交”，不能修改" in page(response)
    assert "填写/修改申报书" not in page(response)
    client.post(url, form_data(draft, project_name="偷偷修改"))
    assert Application.objects.get(pk=draft.pk).project_name == "长者关爱计划"


# --- Autosave ----------------------------------------------------------------------------


def autosave(client, application, **data):
    return client.post(
        reverse("portal:application_autosave", args=[application.pk]),
        form_data(application, **data),
    )


def test_autosave_saves_and_answers_json(client, member, empty_draft):
    client.force_login(member)
    response = autosave(client, empty_draft)
    body = response.json()
    assert response.status_code == 200
    assert (body["saved"], body["revision"], body["errors"]) == (True, 1, {})
    assert body["totals"] == {
        "requested": "30,000.00",
        "own": "5,000.00",
        "other": "0.00",
        "total": "35,000.00",
    }
    assert "请上传承诺书（法定代表人签字并加盖公章的扫描件）" in body["problems"]
    assert Application.objects.get(pk=empty_draft.pk).project_name == "长者关爱计划"


def test_autosave_reports_invalid_fields(client, member, empty_draft):
    client.force_login(member)
    body = autosave(client, empty_draft, amount_requested="12.345").json()
    assert body["saved"] is True
    assert body["errors"] == {"amount_requested": ["金额最多保留两位小数（精确到分）"]}


def test_autosave_when_signed_out_answers_401_and_saves_nothing(client, empty_draft):
    response = autosave(client, empty_draft)
    assert response.status_code == 401
    assert response.json()["error"].startswith("登录已过期，请重新登录。")
    assert Application.objects.get(pk=empty_draft.pk).revision == 0


def test_autosave_refuses_a_stale_copy(client, owner, member, empty_draft):
    client.force_login(owner)
    autosave(client, empty_draft)  # revision 0 -> 1
    client.force_login(member)
    response = autosave(client, empty_draft, revision="0", project_name="旧标签页的内容")
    assert response.status_code == 409
    assert "其他成员在您打开本页后修改了申报书" in response.json()["error"]
    assert Application.objects.get(pk=empty_draft.pk).project_name == "长者关爱计划"


def test_autosave_of_an_unknown_application_says_nothing_more(client, member):
    url = reverse("portal:application_autosave", args=[999999])
    client.force_login(member)
    response = client.post(url, {})
    assert (response.status_code, response.json()["error"]) == (404, "您不是申报单位的成员")


def test_autosave_refused_for_outsider_and_after_submission(client, outsider, owner, draft):
    client.force_login(outsider)
    assert autosave(client, draft).status_code == 403
    client.force_login(owner)
    client.post(reverse("portal:application_transition", args=[draft.pk, "submit"]))
    response = autosave(client, draft)
    assert response.status_code == 403
    assert response.json()["error"] == "申报书当前状态为“已提交”，不能修改"


# --- Submission, withdrawal and the dashboard ----------------------------------------------


def test_save_and_submit_by_the_org_admin(client, owner, draft):
    client.force_login(owner)
    url = reverse("portal:application_edit", args=[draft.pk])
    data = form_data(draft, then="submit", amount_requested="30000.00")
    data.update({"budget-TOTAL_FORMS": "1"})
    response = client.post(url, data, follow=True)
    assert "申报书已提交。" in page(response)
    assert Application.objects.get(pk=draft.pk).state == "submitted"


def test_members_do_not_see_the_submit_button(client, member, owner, draft):
    client.force_login(member)
    html = page(client.get(reverse("portal:application_edit", args=[draft.pk])))
    assert "保存并提交" not in html
    assert "申报书由本单位账号管理员提交" in html
    response = client.post(reverse("portal:application_transition", args=[draft.pk, "submit"]))
    assert response.status_code == 403
    client.force_login(owner)
    assert "保存并提交" in page(client.get(reverse("portal:application_edit", args=[draft.pk])))


def test_refused_submission_lists_the_problems(client, owner, empty_draft):
    client.force_login(owner)
    url = reverse("portal:application_transition", args=[empty_draft.pk, "submit"])
    html = page(client.post(url, follow=True))
    assert "以下内容尚未填写：服务领域、项目名称" in html
    assert Application.objects.get(pk=empty_draft.pk).state == "draft"


def test_dashboard_shows_state_next_step_and_reason(client, member, owner, staff, draft):
    from core.workflow import perform_transition

    application = perform_transition(draft, "submit", by=owner)
    perform_transition(application, "return_for_completion", by=staff, reason="承诺书未盖章")
    client.force_login(member)
    html = page(client.get(reverse("portal:application_list")))
    assert "长者关爱计划" in html and "退回补正" in html
    assert "请按退回意见补正，并在" in html and "意见：承诺书未盖章" in html
    detail = page(client.get(reverse("portal:application_detail", args=[draft.pk])))
    assert "退回补正（已提交 → 退回补正）" in detail
    assert "原因：承诺书未盖章" in detail
    assert "提交申报（草稿 → 已提交）" in detail


def test_withdraw_asks_to_confirm_and_needs_a_reason(client, owner, staff, draft):
    client.force_login(owner)
    client.post(reverse("portal:application_transition", args=[draft.pk, "submit"]))
    url = reverse("portal:application_transition", args=[draft.pk, "withdraw"])
    # The button's POST shows what will happen and changes nothing.
    html = page(client.post(url, {"reason": "负责人离职"}))
    assert "确认撤回申报" in html and "将会发生：" in html
    assert "申报书将被撤回，不再参加本次征集的审查和评审，撤回后不能恢复" in html
    assert '<input type="hidden" name="confirmed" value="1">' in html
    assert ">负责人离职</textarea>" in html  # the reason typed is carried over
    assert Application.objects.get(pk=draft.pk).state == "submitted"
    # Confirmed without a reason: refused, nothing changes.
    client.post(url, {"confirmed": "1", "reason": "  "})
    assert Application.objects.get(pk=draft.pk).state == "submitted"
    html = page(client.get(reverse("portal:application_detail", args=[draft.pk])))
    assert "请填写原因" in html
    # Confirmed with a reason: withdrawn, and staff read the reason on the application's page.
    response = client.post(url, {"confirmed": "1", "reason": "负责人离职"})
    assert response.status_code == 302
    assert Application.objects.get(pk=draft.pk).state == "withdrawn"
    client.force_login(staff)
    html = page(client.get(f"/admin/applications/inspect/{draft.pk}/"))
    assert "申报单位撤回原因：负责人离职" in html


def test_withdraw_confirmation_is_refused_to_members_who_may_not_withdraw(client, member, draft):
    client.force_login(member)
    url = reverse("portal:application_transition", args=[draft.pk, "withdraw"])
    response = client.post(url, {"reason": "x"})
    assert response.status_code == 403
    assert Application.objects.get(pk=draft.pk).state == draft.state


# --- Escaping -----------------------------------------------------------------------------


def test_html_typed_into_text_fields_is_shown_escaped(client, owner, staff, empty_draft):
    client.force_login(owner)
    data = form_data(empty_draft, project_name=SCRIPT, summary=SCRIPT, **{"team-0-name": SCRIPT})
    client.post(reverse("portal:application_edit", args=[empty_draft.pk]), data)
    pages = [
        reverse("portal:application_list"),
        reverse("portal:application_detail", args=[empty_draft.pk]),
        reverse("portal:application_edit", args=[empty_draft.pk]),
    ]
    for url in pages:
        html = page(client.get(url))
        assert SCRIPT not in html, url
        assert ESCAPED in html, url
    client.force_login(staff)
    html = page(client.get(reverse("portal:application_detail", args=[empty_draft.pk])))
    assert SCRIPT not in html and ESCAPED in html


# --- Attachments ----------------------------------------------------------------------------


def test_upload_download_and_delete_an_attachment(client, member, outsider, empty_draft):
    client.force_login(member)
    url = reverse("portal:application_attachment_upload", args=[empty_draft.pk])
    response = client.post(url, {"slot": "commitment", "file": pdf_upload()}, follow=True)
    assert "附件已上传。" in page(response)
    attachment = ApplicationAttachment.objects.get()
    assert (attachment.kind, attachment.title, attachment.original_name) == (
        "commitment",
        "承诺书",
        "承诺书.pdf",
    )
    download = reverse("portal:application_attachment", args=[empty_draft.pk, attachment.pk])
    response = client.get(download)
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    client.force_login(outsider)
    assert client.get(download).status_code == 403
    client.force_login(member)
    delete = reverse("portal:application_attachment_delete", args=[empty_draft.pk, attachment.pk])
    client.post(delete)
    assert not ApplicationAttachment.objects.exists()


def test_upload_refuses_a_bad_file(client, member, empty_draft):
    client.force_login(member)
    url = reverse("portal:application_attachment_upload", args=[empty_draft.pk])
    fake = SimpleUploadedFile("承诺书.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    html = page(client.post(url, {"slot": "commitment", "file": fake}, follow=True))
    assert "文件内容与扩展名不符：扩展名为 PDF，实际内容为Windows可执行程序。" in html
    assert not ApplicationAttachment.objects.exists()


def test_required_attachment_slots_count_for_completeness(client, owner, call, org_a):
    requirement = RequiredAttachment.objects.create(call=call, name="项目预算明细表")
    application = ApplicationFactory(call=call, organization=org_a)
    client.force_login(owner)
    html = page(client.get(reverse("portal:application_edit", args=[application.pk])))
    assert "请上传附件：项目预算明细表" in html
    url = reverse("portal:application_attachment_upload", args=[application.pk])
    client.post(url, {"slot": f"req-{requirement.pk}", "file": pdf_upload("预算.pdf")})
    html = page(client.get(reverse("portal:application_edit", args=[application.pk])))
    assert "请上传附件：项目预算明细表" not in html


@pytest.mark.parametrize("slot", ["req-²", "req-abc", "req-1" + "0" * 30, "q-nope"])
def test_upload_to_an_unknown_slot_is_refused(client, member, empty_draft, slot):
    """A superscript ("req-²") passes str.isdigit() but not int(): it was a 500."""
    client.force_login(member)
    url = reverse("portal:application_attachment_upload", args=[empty_draft.pk])
    html = page(client.post(url, {"slot": slot, "file": pdf_upload()}, follow=True))
    assert "请选择要上传的附件项目" in html
    assert not ApplicationAttachment.objects.exists()


def test_outsider_cannot_upload_to_a_foreign_application(client, outsider, empty_draft):
    client.force_login(outsider)
    url = reverse("portal:application_attachment_upload", args=[empty_draft.pk])
    assert client.post(url, {"slot": "commitment", "file": pdf_upload()}).status_code == 403


@pytest.mark.parametrize(
    "body",
    [
        {"content_type": "application/json", "data": '{"project_name": ""}'},
        {"data": {}},
        {"data": {"revision": "0"}},
        {"partial": ["project_name", "summary"]},
        {"partial": ["team-TOTAL_FORMS"]},
    ],
    ids=["json", "empty", "only-revision", "fields-left-out", "formset-left-out"],
)
def test_autosave_refuses_a_malformed_body_and_clears_nothing(client, member, empty_draft, body):
    client.force_login(member)
    autosave(client, empty_draft)  # the draft now holds the form's values, revision 1
    before = Application.objects.get(pk=empty_draft.pk)
    url = reverse("portal:application_autosave", args=[empty_draft.pk])
    if "partial" in body:
        data = form_data(empty_draft, revision="1")
        for name in body["partial"]:
            data.pop(name)
        response = client.post(url, data)
    else:
        response = client.post(url, **body)
    assert response.status_code == 400
    assert response.json()["saved"] is False
    assert response.json()["error"].startswith("自动保存的内容不完整")
    after = Application.objects.get(pk=empty_draft.pk)
    assert (after.revision, after.project_name, after.summary) == (
        before.revision,
        before.project_name,
        before.summary,
    )


def test_application_phone_numbers_are_checked_and_normalised(client, member, empty_draft):
    client.force_login(member)
    body = autosave(client, empty_draft, lead_phone="12345", contact_phone="138 0013 8000").json()
    assert body["errors"] == {
        "lead_phone": ["请填写11位手机号码，或带区号的固定电话（如 0755-26600000）"]
    }
    saved = Application.objects.get(pk=empty_draft.pk)
    assert saved.contact_phone == "13800138000"
    assert saved.lead_phone != "12345"


def test_autosave_and_edit_page_state_the_server_save_time_for_the_local_copy(
    client, member, empty_draft
):
    """Issue 19 point 9: the page's local copy compares its change time with the last save."""
    client.force_login(member)
    body = autosave(client, empty_draft).json()
    saved = Application.objects.get(pk=empty_draft.pk)
    assert body["updated_at"] == saved.updated_at.timestamp()
    page = client.get(reverse("portal:application_edit", args=[empty_draft.pk]))
    assert f'data-saved-at="{saved.updated_at.timestamp():.6f}"' in page.content.decode()
