"""The staff back office in the Wagtail admin: organizations, sanctions, transitions, accounts."""

import csv
import io
import json
import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from pypdf import PdfWriter
from wagtail.models import ModelLogEntry

from core.audit import EVENT, OVERRIDE, TRANSITION
from core.workflow import perform_transition
from orgs import uscc
from orgs.actions import upload_document
from orgs.models import (
    CreditStatus,
    DocumentKind,
    MemberRole,
    Organization,
    OrgKind,
    ProgrammeScope,
    Sanction,
    User,
)
from orgs.roles import Role
from tests.factories import (
    DEFAULT_DEPARTMENT,
    OrganizationFactory,
    UserFactory,
    add_member,
    make_uscc,
)

# --- helpers ------------------------------------------------------------------------------------


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def add_certificate(org, by):
    upload = SimpleUploadedFile("登记证书.pdf", pdf_bytes(), "application/pdf")
    return upload_document(
        org=org, kind=DocumentKind.CERTIFICATE, title="登记证书", upload=upload, by=by
    )


def entries(org, action=None):
    qs = ModelLogEntry.objects.filter(
        content_type__app_label="orgs",
        content_type__model="organization",
        object_id=str(org.pk),
    ).order_by("timestamp", "pk")
    if action:
        qs = qs.filter(action=action)
    return list(qs)


def checksum_only_bad(kind=OrgKind.SERVICE_ORG) -> str:
    """A code whose only fault is its check character (the case staff may override)."""
    good = make_uscc(kind)
    wrong = next(ch for ch in uscc.ALPHABET if ch != good[17])
    code = good[:17] + wrong
    assert uscc.inspect(code, kind=kind).checksum_failed_only
    return code


def form_data(**overrides):
    data = {
        "name": "深圳市福田区晨光长者服务中心",
        "kind": OrgKind.SERVICE_ORG,
        "uscc": make_uscc(OrgKind.SERVICE_ORG),
        "uscc_override_reason": "",
        "registration_number": "粤福民证字第0123号",
        "org_code": "",
        "filing_number": "",
        "host_organization": "",
        "registration_authority": "深圳市福田区民政局",
        "registration_level": "district",
        "supervising_unit": "",
        "founded_on": "2019-05-06",
        "legal_representative": "周敏",
        "address": "深圳市福田区华强北街道",
        "region_code": "440304",
        "status": "normal",
        "annual_report_year": "2024",
        "annual_report_result": "qualified",
        "grade": "4",
        "grade_granted_on": "2023-12-01",
        "credit_status": "normal",
        "credit_status_since": "",
        "credit_status_until": "",
        "contact_name": "何丽",
        "contact_phone": "13912345678",
        "contact_email": "chenguang@example.cn",
    }
    data.update(overrides)
    return data


def form_data_for(org, **overrides):
    data = form_data()
    for name in data:
        value = getattr(org, name if name != "host_organization" else "host_organization_id")
        data[name] = "" if value is None else str(value)
    data.update(overrides)
    return data


INDEX = "/admin/organizations/"


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def registry(db):
    """Organizations spread over kinds, states, regions and credit."""
    a = OrganizationFactory(name="南山区阳光社工服务中心", region_code="440305")
    b = OrganizationFactory(
        name="福田区彩虹志愿者协会", kind=OrgKind.SOCIAL_GROUP, region_code="440304"
    )
    c = OrganizationFactory(
        name="广州市天河区扶老基金会",
        kind=OrgKind.FOUNDATION,
        region_code="440106",
        credit_status=CreditStatus.ABNORMAL,
    )
    return a, b, c


@pytest.fixture
def pending_org(org_a, owner):
    add_certificate(org_a, owner)
    return perform_transition(org_a, "submit", by=owner)


# --- listing, filters, search, export -----------------------------------------------------------


def listed_names(response):
    """Organization names shown as row titles of the listing."""
    html = response.content.decode()
    names = set(re.findall(r'<a href="/admin/organizations/inspect/\d+/">\s*([^<]+?)\s*</a>', html))
    # The staff persona's department is a (verified, 南山区) organization of the registry too;
    # the cases here are about `registry`.
    return names - {DEFAULT_DEPARTMENT}


def test_organization_listing_shows_columns_and_orgs(staff_client, registry):
    response = staff_client.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("南山区阳光社工服务中心", "福田区彩虹志愿者协会", "广州市天河区扶老基金会"):
        assert name in html
    for heading in ("组织名称", "组织类型", "统一社会信用代码", "认证状态", "评估等级"):
        assert heading in html
    assert "所在地区" in html and "广东省深圳市南山区" in html and "信用状态" in html
    assert registry[0].uscc in html
    assert "活动异常名录" in html  # credit status shown by its label
    assert "基金会" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=foundation", {"广州市天河区扶老基金会"}),
        ("kind=social_group", {"福田区彩虹志愿者协会"}),
        ("region_code=4403", {"南山区阳光社工服务中心", "福田区彩虹志愿者协会"}),
        ("region_code=440106", {"广州市天河区扶老基金会"}),
        ("credit_status=abnormal", {"广州市天河区扶老基金会"}),
        (
            "state=draft",
            {"南山区阳光社工服务中心", "福田区彩虹志愿者协会", "广州市天河区扶老基金会"},
        ),
        ("state=verified", set()),
    ],
)
def test_organization_listing_filters(staff_client, registry, query, expected):
    response = staff_client.get(f"{INDEX}?{query}")
    assert response.status_code == 200
    assert listed_names(response) == expected


def test_organization_listing_filters_by_state_after_verification(staff_client, registry, staff):
    org = registry[1]
    add_certificate(org, staff)
    org.uscc = make_uscc(OrgKind.SOCIAL_GROUP)
    org.save()
    # submit needs the org admin; staff approve afterwards
    admin = UserFactory()
    add_member(admin, org, MemberRole.ADMIN)
    org = perform_transition(org, "submit", by=admin)
    perform_transition(org, "approve", by=staff)
    assert listed_names(staff_client.get(f"{INDEX}?state=verified")) == {"福田区彩虹志愿者协会"}
    assert listed_names(staff_client.get(f"{INDEX}?state=draft")) == {
        "南山区阳光社工服务中心",
        "广州市天河区扶老基金会",
    }


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("阳光", {"南山区阳光社工服务中心"}),
        ("彩虹志愿", {"福田区彩虹志愿者协会"}),
        ("服务", {"南山区阳光社工服务中心"}),
    ],
)
def test_organization_search_matches_chinese_substrings(staff_client, registry, q, expected):
    response = staff_client.get(INDEX, {"q": q})
    assert listed_names(response) == expected


def test_organization_search_by_uscc_and_registration_number(staff_client, registry):
    org = registry[2]
    org.registration_number = "穗民证字第998号"
    org.save()
    assert listed_names(staff_client.get(INDEX, {"q": org.uscc[8:]})) == {"广州市天河区扶老基金会"}
    assert listed_names(staff_client.get(INDEX, {"q": "穗民证字"})) == {"广州市天河区扶老基金会"}


def test_organization_search_finds_fixture_name(staff_client, org_a):
    response = staff_client.get(INDEX, {"q": "阳光"})
    assert "阳光社工服务中心" in response.content.decode()


def test_organization_export_xlsx_has_chinese_headings_and_labels(staff_client, registry):
    response = staff_client.get(INDEX, {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    headings = rows[0]
    for heading in ("组织名称", "组织类型", "统一社会信用代码", "登记状态", "认证状态", "信用状态"):
        assert heading in headings
    assert "校验位例外核准理由" in headings and "联系邮箱" in headings
    by_name = {row[headings.index("组织名称")]: row for row in rows[1:]}
    assert set(by_name) == {
        "南山区阳光社工服务中心",
        "福田区彩虹志愿者协会",
        "广州市天河区扶老基金会",
        DEFAULT_DEPARTMENT,  # the staff persona's department, in the city-wide registry
    }
    fund = by_name["广州市天河区扶老基金会"]
    assert fund[headings.index("组织类型")] == "基金会"
    assert fund[headings.index("信用状态")] == "活动异常名录"
    assert fund[headings.index("认证状态")] == "草稿"
    assert fund[headings.index("行政区划代码")] == "440106"


def test_organization_export_csv_respects_filters(staff_client, registry):
    response = staff_client.get(INDEX, {"export": "csv", "region_code": "4403"})
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][0] == "组织名称"
    assert sorted(r[0] for r in rows[1:]) == sorted(
        ["南山区阳光社工服务中心", "福田区彩虹志愿者协会", DEFAULT_DEPARTMENT]
    )


# --- inspect page -------------------------------------------------------------------------------


def test_organization_inspect_shows_documents_members_sanctions_history(
    staff_client, pending_org, owner, staff
):
    Sanction.objects.create(
        organization=pending_org,
        reason="项目终止",
        scope=ProgrammeScope.VENTURE,
        starts_on=date(2024, 1, 1),
        decision_ref="深民〔2024〕12号",
        created_by=staff,
    )
    document = pending_org.documents.get()
    response = staff_client.get(f"/admin/organizations/inspect/{pending_org.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "阳光社工服务中心" in html
    # documents with an admin download link
    download = f"/admin/organizations/inspect/{pending_org.pk}/documents/{document.pk}/"
    assert download in html
    assert "登记证书（备案证明）" in html
    # members
    assert "张伟" in html and "owner@example.cn" in html and "账号管理员" in html
    # sanctions
    assert "深民〔2024〕12号" in html and "公益创投" in html
    # history: the upload event and the submit transition, with who did it
    assert "审核与操作记录" in html
    assert "上传材料：登记证书" in html
    assert "提交认证" in html and "草稿 → 待审核" in html
    # the staff member may approve or return: one header button each
    approve = f"/admin/organizations/transition/{pending_org.pk}/approve/"
    ret = f"/admin/organizations/transition/{pending_org.pk}/return_for_changes/"
    assert approve in html and ret in html
    assert "认证通过" in html and "退回修改" in html
    assert "/submit/" not in html


def test_admin_document_download_for_staff(staff_client, pending_org):
    document = pending_org.documents.get()
    url = f"/admin/organizations/inspect/{pending_org.pk}/documents/{document.pk}/"
    response = staff_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_admin_document_download_wrong_org_is_404(staff_client, pending_org, org_b):
    document = pending_org.documents.get()
    url = f"/admin/organizations/inspect/{org_b.pk}/documents/{document.pk}/"
    response = staff_client.get(url)
    assert response.status_code == 404


# --- transitions through the admin view -------------------------------------------------------


def test_staff_approve_pending_org_via_admin(staff_client, pending_org, staff):
    url = f"/admin/organizations/transition/{pending_org.pk}/approve/"
    page = staff_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "认证通过" in html and "待审核" in html and "已认证" in html
    assert "备注（可选）" in html

    response = staff_client.post(url, {"reason": ""})
    assert response.status_code == 302
    assert response["Location"] == f"/admin/organizations/inspect/{pending_org.pk}/"
    pending_org.refresh_from_db()
    assert pending_org.state == "verified"
    assert pending_org.verified_at is not None
    entry = entries(pending_org, TRANSITION)[-1]
    assert entry.user == staff
    assert entry.data["transition"] == "approve"
    assert (entry.data["from"], entry.data["to"]) == ("pending", "verified")
    followed = staff_client.get(response["Location"])
    assert "已认证" in followed.content.decode()


def test_return_requires_reason_and_keeps_state(staff_client, pending_org):
    url = f"/admin/organizations/transition/{pending_org.pk}/return_for_changes/"
    page = staff_client.get(url)
    assert "必填" in page.content.decode()
    response = staff_client.post(url, {"reason": "   "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    pending_org.refresh_from_db()
    assert pending_org.state == "pending"
    assert [e.data["transition"] for e in entries(pending_org, TRANSITION)] == ["submit"]


def test_return_with_reason_writes_audit_entry(staff_client, pending_org, staff):
    url = f"/admin/organizations/transition/{pending_org.pk}/return_for_changes/"
    response = staff_client.post(url, {"reason": "登记证书已过期，请上传有效证书"})
    assert response.status_code == 302
    pending_org.refresh_from_db()
    assert pending_org.state == "returned"
    entry = entries(pending_org, TRANSITION)[-1]
    assert entry.user == staff
    assert entry.data["from"] == "pending"
    assert entry.data["to"] == "returned"
    assert entry.data["reason"] == "登记证书已过期，请上传有效证书"
    html = staff_client.get(response["Location"]).content.decode()
    assert "登记证书已过期，请上传有效证书" in html
    assert "待审核 → 退回修改" in html


def test_transition_not_available_in_state_redirects_with_message(staff_client, org_a):
    url = f"/admin/organizations/transition/{org_a.pk}/approve/"
    response = staff_client.post(url, {"reason": "x"}, follow=True)
    assert "“认证通过”在当前状态（草稿）下不能执行。" in response.content.decode()
    org_a.refresh_from_db()
    assert org_a.state == "draft"


def test_transition_refused_by_rule_is_403_with_reason(staff_client, org_a):
    """submit belongs to the org admin: staff see the rule's reason, not a bare redirect."""
    add_certificate(org_a, None)
    url = f"/admin/organizations/transition/{org_a.pk}/submit/"
    response = staff_client.post(url, {"reason": ""})
    assert response.status_code == 403
    assert "只有本组织的账号管理员可以执行此操作" in response.content.decode()
    org_a.refresh_from_db()
    assert org_a.state == "draft"


def test_transition_refused_by_data_shows_form_with_reasons(staff_client, org_a, staff):
    """A colleague who is also the org's account admin may submit, but not without a certificate."""
    add_member(staff, org_a, MemberRole.ADMIN)
    url = f"/admin/organizations/transition/{org_a.pk}/submit/"
    page = staff_client.get(url).content.decode()
    assert (
        "以下条件尚未满足" in page and "请先上传登记证书（备案类社区社会组织上传备案证明）" in page
    )
    response = staff_client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "请先上传登记证书（备案类社区社会组织上传备案证明）"
    ]
    org_a.refresh_from_db()
    assert org_a.state == "draft"
    assert entries(org_a, TRANSITION) == []


def test_unknown_transition_is_404(staff_client, org_a):
    response = staff_client.get(f"/admin/organizations/transition/{org_a.pk}/delete/")
    assert response.status_code == 404


def test_listing_more_menu_offers_transitions(staff_client, pending_org):
    html = staff_client.get(INDEX).content.decode()
    assert f"/admin/organizations/transition/{pending_org.pk}/approve/" in html


# --- create / edit and the USCC override ------------------------------------------------------


def test_create_form_has_staff_only_fields_and_no_state(staff_client):
    response = staff_client.get("/admin/organizations/new/")
    assert response.status_code == 200
    form = response.context["form"]
    for name in ("status", "credit_status", "credit_status_since", "uscc_override_reason"):
        assert name in form.fields
    assert "state" not in form.fields
    assert "校验位例外核准理由" in response.content.decode()


def test_staff_create_organization_is_audited(staff_client, staff):
    response = staff_client.post("/admin/organizations/new/", form_data())
    assert response.status_code == 302, response.context["form"].errors
    org = Organization.objects.get(name="深圳市福田区晨光长者服务中心")
    assert org.state == "draft"
    assert org.created_by == staff
    assert response["Location"] == f"/admin/organizations/inspect/{org.pk}/"
    assert [e.data["summary"] for e in entries(org, EVENT)] == ["后台登记组织"]


def test_staff_edit_writes_changed_fields(staff_client, org_a, staff):
    data = form_data_for(org_a, credit_status="dishonest", credit_status_since="2025-01-01")
    response = staff_client.post(f"/admin/organizations/edit/{org_a.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors
    org_a.refresh_from_db()
    assert org_a.credit_status == "dishonest"
    entry = entries(org_a, EVENT)[-1]
    assert entry.user == staff
    assert entry.data["summary"] == "后台修改组织信息"
    assert entry.data["fields"] == ["credit_status", "credit_status_since"]
    html = staff_client.get(f"/admin/organizations/inspect/{org_a.pk}/").content.decode()
    assert "后台修改组织信息" in html and "信用状态、信用状态起始日" in html


def test_edit_cannot_set_state(staff_client, org_a):
    data = form_data_for(org_a, state="verified")
    response = staff_client.post(f"/admin/organizations/edit/{org_a.pk}/", data)
    assert response.status_code == 302
    org_a.refresh_from_db()
    assert org_a.state == "draft"


def test_uscc_checksum_override_needs_reason(staff_client, org_a, staff):
    code = checksum_only_bad()
    url = f"/admin/organizations/edit/{org_a.pk}/"
    refused = staff_client.post(url, form_data_for(org_a, uscc=code))
    assert refused.status_code == 200
    errors = refused.context["form"].errors
    assert any("校验位应为" in e for e in errors["uscc"])
    assert "代码仅校验位不符" in errors["uscc_override_reason"][0]
    org_a.refresh_from_db()
    assert org_a.uscc != code
    assert entries(org_a, OVERRIDE) == []

    reason = "经核对2016年登记证书原件，代码系早期试点赋码"
    accepted = staff_client.post(url, form_data_for(org_a, uscc=code, uscc_override_reason=reason))
    assert accepted.status_code == 302, accepted.context["form"].errors
    org_a.refresh_from_db()
    assert org_a.uscc == code
    (override,) = entries(org_a, OVERRIDE)
    assert override.user == staff
    assert override.data["uscc"] == code
    assert override.data["reason"] == reason
    assert override.data["summary"] == "核准校验位不符的统一社会信用代码"
    # a later unrelated edit does not repeat the override entry
    staff_client.post(url, form_data_for(org_a, contact_name="钱红"))
    assert len(entries(org_a, OVERRIDE)) == 1


def test_uscc_with_other_errors_cannot_be_overridden(staff_client, org_a):
    code = checksum_only_bad()
    bad = code[:2] + "ABCDEF" + code[8:]  # region code is not digits
    response = staff_client.post(
        f"/admin/organizations/edit/{org_a.pk}/",
        form_data_for(org_a, uscc=bad, uscc_override_reason="理由"),
    )
    assert response.status_code == 200
    assert "uscc" in response.context["form"].errors


# --- sanctions ----------------------------------------------------------------------------------


def sanction_data(org, **overrides):
    data = {
        "organization": str(org.pk),
        "scope": ProgrammeScope.ALL,
        "starts_on": "2025-03-01",
        "ends_on": "2027-02-28",
        "decision_ref": "深民〔2025〕3号",
        "reason": "项目资金挪用，终止协议",
    }
    data.update(overrides)
    return data


def test_sanction_create_is_audited(staff_client, org_a, staff):
    page = staff_client.get(f"/admin/sanctions/new/?organization={org_a.pk}")
    assert page.status_code == 200
    assert page.context["form"].initial["organization"] == org_a.pk
    response = staff_client.post("/admin/sanctions/new/", sanction_data(org_a))
    assert response.status_code == 302, response.context["form"].errors
    sanction = Sanction.objects.get()
    assert sanction.created_by == staff
    assert response["Location"] == f"/admin/organizations/inspect/{org_a.pk}/"
    entry = entries(org_a, EVENT)[-1]
    assert entry.user == staff
    assert entry.data["summary"] == "登记限制措施：全部项目"
    assert entry.data["decision_ref"] == "深民〔2025〕3号"
    assert entry.data["starts_on"] == "2025-03-01"
    assert entry.data["sanction"] == sanction.pk


@pytest.mark.parametrize("value", ["²", "abc", "1" + "0" * 30, "-1"])
def test_sanction_form_ignores_an_organization_no_row_can_have(staff_client, value):
    """A superscript "²" passes str.isdigit() but not int(): it was a 500."""
    page = staff_client.get(f"/admin/sanctions/new/?organization={value}")
    assert page.status_code == 200
    assert "organization" not in page.context["form"].initial


def test_sanction_listing_filters_and_status(staff_client, org_a, org_b, staff):
    today = date.today()
    Sanction.objects.create(
        organization=org_a,
        reason="甲",
        starts_on=today - timedelta(days=10),
        decision_ref="甲号",
        created_by=staff,
    )
    Sanction.objects.create(
        organization=org_b,
        reason="乙",
        starts_on=today - timedelta(days=100),
        ends_on=today - timedelta(days=1),
        decision_ref="乙号",
        scope=ProgrammeScope.PURCHASE,
        created_by=staff,
    )
    html = staff_client.get("/admin/sanctions/").content.decode()
    assert "甲号" in html and "乙号" in html and "生效中" in html and "已到期" in html
    active = staff_client.get("/admin/sanctions/?status=active").content.decode()
    assert "甲号" in active and "乙号" not in active
    purchase = staff_client.get("/admin/sanctions/?scope=purchase").content.decode()
    assert "乙号" in purchase and "甲号" not in purchase


def test_sanction_edit_and_lift_are_audited(staff_client, org_a, staff):
    sanction = Sanction.objects.create(
        organization=org_a,
        reason="项目终止",
        starts_on=date(2025, 1, 1),
        decision_ref="深民〔2025〕1号",
        created_by=staff,
    )
    response = staff_client.post(
        f"/admin/sanctions/edit/{sanction.pk}/",
        sanction_data(
            org_a,
            starts_on="2025-01-01",
            ends_on="2025-12-31",
            decision_ref="深民〔2025〕1号",
            reason="项目终止",
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    edit = entries(org_a, EVENT)[-1]
    assert edit.data["summary"] == "修改限制措施：全部项目"
    assert edit.data["fields"] == ["ends_on"]

    lift_url = f"/admin/sanctions/lift/{sanction.pk}/"
    assert "解除原因" in staff_client.get(lift_url).content.decode()
    missing = staff_client.post(lift_url, {"lifted_reason": ""})
    assert missing.status_code == 200 and missing.context["form"].errors["lifted_reason"]
    lifted = staff_client.post(lift_url, {"lifted_reason": "原决定已撤销（深民〔2025〕9号）"})
    assert lifted.status_code == 302
    sanction.refresh_from_db()
    assert sanction.lifted_at is not None
    assert sanction.lifted_reason == "原决定已撤销（深民〔2025〕9号）"
    entry = entries(org_a, EVENT)[-1]
    assert entry.data["summary"] == "解除限制措施：全部项目"
    assert entry.data["reason"] == "原决定已撤销（深民〔2025〕9号）"
    again = staff_client.post(lift_url, {"lifted_reason": "再次"}, follow=True)
    assert "该限制措施已于此前解除。" in again.content.decode()


# --- who gets in ------------------------------------------------------------------------------


def admin_urls(org, document, sanction):
    return [
        "/admin/organizations/",
        "/admin/organizations/?export=xlsx",
        "/admin/organizations/new/",
        f"/admin/organizations/edit/{org.pk}/",
        f"/admin/organizations/inspect/{org.pk}/",
        f"/admin/organizations/history/{org.pk}/",
        f"/admin/organizations/transition/{org.pk}/approve/",
        f"/admin/organizations/inspect/{org.pk}/documents/{document.pk}/",
        "/admin/sanctions/",
        "/admin/sanctions/new/",
        f"/admin/sanctions/edit/{sanction.pk}/",
        f"/admin/sanctions/lift/{sanction.pk}/",
    ]


@pytest.fixture
def everything(pending_org, staff):
    sanction = Sanction.objects.create(
        organization=pending_org,
        reason="x",
        starts_on=date(2025, 1, 1),
        decision_ref="y",
        created_by=staff,
    )
    return pending_org, pending_org.documents.get(), sanction


@pytest.mark.parametrize("persona", ["owner", "member", "expert", "evaluator", "outsider"])
def test_non_staff_are_sent_to_login(request, client, everything, persona):
    client.force_login(request.getfixturevalue(persona))
    for url in admin_urls(*everything):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url
    response = client.post(admin_urls(*everything)[6], {"reason": "x"})
    assert response["Location"].startswith("/admin/login/")
    everything[0].refresh_from_db()
    assert everything[0].state == "pending"


def test_anonymous_is_sent_to_login(client, everything):
    for url in admin_urls(*everything):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_admin_users_without_staff_role_are_refused(client, everything):
    """Wagtail admin access alone (e.g. a CMS editor) does not open the registry."""
    editor = UserFactory(real_name="网站编辑")
    editors, _ = Group.objects.get_or_create(name="网站编辑")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(editors)
    client.force_login(editor)
    for url in admin_urls(*everything):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == "/admin/", url
    dashboard = client.get("/admin/").content.decode()
    assert "/admin/organizations/" not in dashboard
    assert "/admin/sanctions/" not in dashboard


def test_staff_see_menu_items(staff_client):
    html = staff_client.get("/admin/").content.decode()
    # the sidebar menu is JSON for the sidebar script
    for label in ("组织管理", "限制措施"):
        assert json.dumps(label)[1:-1] in html
    assert "/admin/organizations/" in html and "/admin/sanctions/" in html


def test_superuser_reaches_registry(client, admin_user, registry):
    client.force_login(admin_user)
    assert "福田区彩虹志愿者协会" in client.get(INDEX).content.decode()


def test_nobody_deletes_organizations(staff_client, org_a):
    response = staff_client.post(f"/admin/organizations/delete/{org_a.pk}/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert Organization.objects.filter(pk=org_a.pk).exists()


# --- user accounts ------------------------------------------------------------------------------


def test_user_create_page_renders_our_fields(staff_client):
    response = staff_client.get("/admin/users/new/")
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.fields) == {
        "email",
        "real_name",
        "mobile",
        "password1",
        "password2",
        "is_active",
        "groups",
    }
    html = response.content.decode()
    assert 'name="real_name"' in html and 'name="mobile"' in html
    assert 'name="first_name"' not in html
    # staff give role groups only, never superuser rights
    assert {g.name for g in form.fields["groups"].queryset} == {r.value for r in Role}


def test_staff_create_user_with_role(staff_client):
    expert_group = Group.objects.get(name=Role.EXPERT.value)
    response = staff_client.post(
        "/admin/users/new/",
        {
            "email": " Li.Hua@Example.CN ",
            "real_name": "李华",
            "mobile": "139 1234 5678",
            "password1": "Qz7!long-enough-pass",
            "password2": "Qz7!long-enough-pass",
            "is_active": "on",
            "groups": [expert_group.pk],
            "is_superuser": "on",  # ignored: not offered to staff
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    user = User.objects.get(email="li.hua@example.cn")
    assert user.real_name == "李华"
    assert user.mobile == "13912345678"
    assert user.check_password("Qz7!long-enough-pass")
    assert list(user.groups.values_list("name", flat=True)) == [Role.EXPERT.value]
    assert not user.is_superuser


def test_user_edit_page_renders_and_saves(staff_client, expert):
    url = f"/admin/users/edit/{expert.pk}/"
    page = staff_client.get(url)
    assert page.status_code == 200
    assert 'value="孙教授"' in page.content.decode()
    response = staff_client.post(
        url,
        {
            "email": expert.email,
            "real_name": "孙立教授",
            "mobile": "",
            "password1": "",
            "password2": "",
            "is_active": "on",
            "groups": [Group.objects.get(name=Role.EXPERT.value).pk],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    expert.refresh_from_db()
    assert expert.real_name == "孙立教授"
    assert expert.mobile is None


def test_superuser_sees_superuser_field(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/users/new/")
    assert "is_superuser" in response.context["form"].fields
    assert "系统管理员" in response.content.decode()


def test_staff_cannot_edit_superuser(staff_client, admin_user):
    response = staff_client.get(f"/admin/users/edit/{admin_user.pk}/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_non_staff_cannot_manage_users(client, expert):
    client.force_login(expert)
    response = client.get("/admin/users/new/")
    assert response["Location"].startswith("/admin/login/")


def test_a_role_id_beyond_64_bits_is_an_invalid_choice(staff_client):
    """SQLite cannot hold such an id in `IN (...)`: refused by the field, not a server error."""
    response = staff_client.post(
        "/admin/users/new/",
        {
            "email": "li.hua@example.cn",
            "real_name": "李华",
            "password1": "Qz7!long-enough-pass",
            "password2": "Qz7!long-enough-pass",
            "groups": ["1" + "0" * 30],
        },
    )
    assert response.status_code == 200
    assert "groups" in response.context["form"].errors
    assert not User.objects.filter(email="li.hua@example.cn").exists()
