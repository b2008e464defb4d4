"""形式审查 in the Wagtail admin: listing, filters, search, spreadsheet export, the checklist and
single transitions through core.admin.TransitionView."""

import csv
import io
from datetime import datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core.audit import TRANSITION, history
from grants.models import Application, RequiredAttachment
from tests.grants import admin_support
from tests.grants.admin_support import INDEX, handed_in, listed

pytestmark = pytest.mark.django_db
staff_client, screening, volunteers = (
    admin_support.staff_client,
    admin_support.screening,
    admin_support.volunteers,
)

HANDED_IN = {"长者关爱计划", "困境儿童陪伴", "社区青年志愿服务", "别处的项目"}


# --- listing, filters, search -------------------------------------------------------------------


def test_listing_shows_handed_in_applications_with_columns(staff_client, screening):
    response = staff_client.get(INDEX)
    assert response.status_code == 200
    assert listed(response) == HANDED_IN  # never the draft
    html = response.content.decode()
    for heading in (
        "项目名称",
        "申报单位",
        "服务领域",
        "申请金额（元）",
        "总预算（元）",
        "提交时间",
    ):
        assert heading in html
    assert "阳光社工服务中心" in html
    assert "50,000.00" in html  # amount requested
    assert "51,234.86" in html  # budget total of 长者关爱计划: 50,000 + 1,234.56 + 0.30
    assert "2025-06-30 17:00" in html  # Beijing time, staff style
    assert "形式审查中" in html
    assert "未提交的草稿" not in html
    assert "data-bulk-action-checkbox" in html
    # Each row's "more" menu offers the moves staff may make now.
    elders, kids = screening["elders"], screening["kids"]
    assert f"{INDEX}transition/{elders.pk}/start_screening/" in html
    assert f"{INDEX}transition/{kids.pk}/pass_screening/" in html
    assert f"{INDEX}transition/{elders.pk}/pass_screening/" in html  # from 已提交 too


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("state=screening", {"困境儿童陪伴"}),
        ("state=submitted", {"长者关爱计划", "社区青年志愿服务", "别处的项目"}),
        ("organization__kind=social_group", {"社区青年志愿服务"}),
    ],
)
def test_listing_filters(staff_client, screening, query, expected):
    assert listed(staff_client.get(f"{INDEX}?{query}")) == expected


def test_listing_filters_by_call_and_category(staff_client, screening, call):
    response = staff_client.get(INDEX, {"call": call.pk})
    assert listed(response) == {"长者关爱计划", "困境儿童陪伴", "社区青年志愿服务"}
    other = staff_client.get(INDEX, {"call": screening["other_call"].pk})
    assert listed(other) == {"别处的项目"}
    # Categories by name: every edition has its own "助残"; the call filter picks the edition.
    assert listed(staff_client.get(INDEX, {"category": "助残"})) == {"困境儿童陪伴"}
    assert listed(staff_client.get(INDEX, {"category": "扶老", "call": call.pk})) == {
        "长者关爱计划",
        "社区青年志愿服务",
    }
    assert '<option value="助残">助残</option>' in response.content.decode()


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("长者", {"长者关爱计划"}),
        ("彩虹", {"困境儿童陪伴", "社区青年志愿服务", "别处的项目"}),  # organization names
        ("志愿", {"社区青年志愿服务"}),
        ("草稿", set()),
    ],
)
def test_listing_search_matches_chinese_substrings(staff_client, screening, q, expected):
    assert listed(staff_client.get(INDEX, {"q": q})) == expected


# --- export -------------------------------------------------------------------------------------

HEADINGS = [
    "征集名称",
    "项目名称",
    "申报单位",
    "统一社会信用代码",
    "组织类型",
    "服务领域",
    "项目负责人",
    "负责人电话",
    "申请资助金额（元）",
    "预算：申请资助（元）",
    "预算：自筹（元）",
    "预算：其他来源（元）",
    "项目总预算（元）",
    "状态",
    "提交时间（北京时间）",
    "申报编号",
]


def _money(value) -> Decimal:
    return Decimal(str(value))


def test_export_xlsx_of_a_call_has_chinese_headings_and_exact_totals(
    staff_client, screening, call, org_a
):
    response = staff_client.get(INDEX, {"call": call.pk, "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'filename="applications-call{call.pk}.xlsx"')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADINGS
    by_name = {row[1]: dict(zip(HEADINGS, row, strict=True)) for row in rows[1:]}
    assert set(by_name) == {"长者关爱计划", "困境儿童陪伴", "社区青年志愿服务"}
    elders = by_name["长者关爱计划"]
    assert elders["征集名称"] == call.title
    assert elders["申报单位"] == "阳光社工服务中心"
    assert elders["统一社会信用代码"] == org_a.uscc
    assert elders["组织类型"] == "民办非企业单位（社会服务机构）"
    assert elders["服务领域"] == "扶老"
    assert elders["状态"] == "已提交"
    assert _money(elders["申请资助金额（元）"]) == Decimal("50000.00")
    assert _money(elders["预算：申请资助（元）"]) == Decimal("50000.00")
    assert _money(elders["预算：自筹（元）"]) == Decimal("1234.56")
    assert _money(elders["预算：其他来源（元）"]) == Decimal("0.30")
    assert _money(elders["项目总预算（元）"]) == Decimal("51234.86")
    assert elders["提交时间（北京时间）"] == datetime(2025, 6, 30, 17, 0)
    assert by_name["困境儿童陪伴"]["服务领域"] == "助残"
    assert by_name["困境儿童陪伴"]["状态"] == "形式审查中"
    assert _money(by_name["困境儿童陪伴"]["预算：自筹（元）"]) == Decimal("0")
    # Money cells are numbers with two decimals and separators, for sums in Excel.
    money_cell = sheet.cell(row=2, column=HEADINGS.index("项目总预算（元）") + 1)
    assert money_cell.number_format == "#,##0.00"


def test_export_csv_is_utf8_with_beijing_times(staff_client, screening, call):
    response = staff_client.get(INDEX, {"call": call.pk, "export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")  # Excel reads the Chinese as UTF-8
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert rows[0] == HEADINGS
    elders = next(dict(zip(HEADINGS, r, strict=True)) for r in rows[1:] if r[1] == "长者关爱计划")
    assert elders["项目总预算（元）"] == "51234.86"
    assert elders["预算：其他来源（元）"] == "0.30"
    assert elders["提交时间（北京时间）"] == "2025-06-30 17:00"
    assert len(rows) == 4


# --- inspect and checklist ----------------------------------------------------------------------


def test_inspect_shows_the_whole_application(staff_client, screening):
    elders = screening["elders"]
    html = staff_client.get(f"{INDEX}inspect/{elders.pk}/").content.decode()
    for text in (
        "形式审查清单",
        "长者关爱计划",
        "阳光社工服务中心",
        "为独居长者提供探访与互助服务。",
        "王芳",
        "社会工作师",
        "预算科目：人员费",
        "督导补贴",
        "51,234.86 元",
        "1,234.56 元",
        "承诺书.pdf",
        "打印申报书（PDF）",
        "开始形式审查",
    ):
        assert text in html, text
    attachment = elders.attachments.get()
    url = f"{INDEX}inspect/{elders.pk}/attachments/{attachment.pk}/"
    assert url in html
    download = staff_client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4\n%%EOF\n"
    assert download["Cache-Control"].startswith("private, no-store")


def test_attachment_of_another_application_is_404(staff_client, screening):
    other = screening["kids"].attachments.get()
    url = f"{INDEX}inspect/{screening['elders'].pk}/attachments/{other.pk}/"
    assert staff_client.get(url).status_code == 404


def test_draft_is_not_inspectable(staff_client, screening):
    assert staff_client.get(f"{INDEX}inspect/{screening['draft'].pk}/").status_code == 404


def test_checklist_all_met(staff_client, screening):
    response = staff_client.get(f"{INDEX}inspect/{screening['elders'].pk}/")
    items = {i.label: i for i in response.context["checklist"]}
    assert items["法定代表人签字盖章的承诺书"].ok is True
    assert items["申请金额不超过单个项目资助上限"].detail == "申请50,000.00元，上限100,000.00元"
    assert items["预算明细中“申请资助”合计等于申请金额"].ok is True
    assert items["申报资格（按今日情况复核）"].ok is True
    assert response.context["checklist_passed"] is True
    assert "各项均符合要求。" in response.content.decode()


def test_checklist_shows_missing_required_attachment(staff_client, screening, call):
    RequiredAttachment.objects.create(call=call, name="财务审计报告", required=True)
    RequiredAttachment.objects.create(call=call, name="获奖证明", required=False)
    response = staff_client.get(f"{INDEX}inspect/{screening['elders'].pk}/")
    items = {i.label: i for i in response.context["checklist"]}
    assert (items["附件：财务审计报告"].ok, items["附件：财务审计报告"].detail) == (
        False,
        "缺少（必须提交）",
    )
    assert items["附件：获奖证明"].ok is None
    assert response.context["checklist_passed"] is False
    html = response.content.decode()
    assert '<tr class="check-missing" data-check="missing">' in html
    assert "附件：财务审计报告" in html


def test_checklist_flags_cap_mismatch_and_eligibility(staff_client, screening, call):
    kids = screening["kids"]
    Application.objects.filter(pk=kids.pk).update(amount_requested=Decimal("150000.00"))
    call.max_applications_per_org = 1
    call.save()
    handed = Application.objects.get(pk=kids.pk)
    # A second application of the same organization breaks "at most 1 per organization".
    handed_in(call, handed.organization, "第二个项目")
    response = staff_client.get(f"{INDEX}inspect/{kids.pk}/")
    items = {i.label: i for i in response.context["checklist"]}
    assert (
        items["申请金额不超过单个项目资助上限"].detail == "申请150,000.00元，超过上限100,000.00元"
    )
    assert items["预算明细中“申请资助”合计等于申请金额"].detail == (
        "申请150,000.00元，明细合计50,000.00元，不一致"
    )
    eligibility = items["申报资格（按今日情况复核）"]
    assert eligibility.ok is False
    assert eligibility.problems and eligibility.problems[0].startswith("申报数量：")


# --- single transitions -------------------------------------------------------------------------


def _transition(client, application, name, reason=""):
    return client.post(f"{INDEX}transition/{application.pk}/{name}/", {"reason": reason})


def _last_transition(application):
    return history(application).filter(action=TRANSITION).first()


def test_staff_pass_screening_via_admin(
    staff_client, screening, staff, outsider, mailoutbox, django_capture_on_commit_callbacks
):
    kids = screening["kids"]
    with django_capture_on_commit_callbacks(execute=True):
        response = _transition(staff_client, kids, "pass_screening")
    assert response.status_code == 302
    assert response["Location"] == f"{INDEX}inspect/{kids.pk}/"
    assert Application.objects.get(pk=kids.pk).state == "screening_passed"
    entry = _last_transition(kids)
    assert (entry.user, entry.data["from"], entry.data["to"]) == (
        staff,
        "screening",
        "screening_passed",
    )
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["outsider@example.cn"]
    assert mailoutbox[0].subject == "【项目申报】困境儿童陪伴：审查通过"


def test_return_requires_reason(staff_client, screening, mailoutbox):
    elders = screening["elders"]
    response = _transition(staff_client, elders, "return_for_completion", "")
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert Application.objects.get(pk=elders.pk).state == "submitted"
    assert _last_transition(elders) is None
    assert mailoutbox == []


def test_return_with_reason_is_audited_and_notified(
    staff_client, screening, staff, mailoutbox, django_capture_on_commit_callbacks
):
    elders = screening["elders"]
    with django_capture_on_commit_callbacks(execute=True):
        response = _transition(staff_client, elders, "return_for_completion", "承诺书未盖章")
    assert response.status_code == 302
    moved = Application.objects.get(pk=elders.pk)
    assert (moved.state, moved.last_reason) == ("returned", "承诺书未盖章")
    entry = _last_transition(elders)
    assert (entry.user, entry.data["reason"], entry.data["to"]) == (
        staff,
        "承诺书未盖章",
        "returned",
    )
    assert sorted(mailoutbox[0].to) == ["member@example.cn", "owner@example.cn"]
    assert "处理意见：承诺书未盖章" in mailoutbox[0].body


def test_fail_screening_with_reason(
    staff_client, screening, mailoutbox, django_capture_on_commit_callbacks
):
    elders = screening["elders"]
    with django_capture_on_commit_callbacks(execute=True):
        _transition(staff_client, elders, "fail_screening", "申请金额超过上限")
    assert Application.objects.get(pk=elders.pk).state == "screening_failed"
    assert _last_transition(elders).data["reason"] == "申请金额超过上限"
    assert mailoutbox[0].subject == "【项目申报】长者关爱计划：审查不通过"
    assert "处理意见：申请金额超过上限" in mailoutbox[0].body


def test_start_screening_then_buttons_change(staff_client, screening):
    elders = screening["elders"]
    _transition(staff_client, elders, "start_screening")
    assert Application.objects.get(pk=elders.pk).state == "screening"
    html = staff_client.get(f"{INDEX}inspect/{elders.pk}/").content.decode()
    for label in ("审查通过", "退回补正", "审查不通过"):
        assert f"/transition/{elders.pk}/" in html and label in html


def test_staff_cannot_edit_or_add_applications(staff_client, screening):
    for url in (f"{INDEX}edit/{screening['elders'].pk}/", f"{INDEX}new/"):
        response = staff_client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/"), url
