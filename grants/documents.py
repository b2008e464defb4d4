"""The printable application (项目申报书) laid out like the paper form, rendered by `core.pdf`.

`application_document(application)` prepares every value the page shows, already formatted (money
as "12,345.67 元", dates in Beijing time, choice labels), so the templates stay free of logic; the
admin inspect page reuses the same context. `render_application_pdf` turns it into PDF bytes.

Everything an applicant typed reaches the template as plain text and is auto-escaped there: a
`<script>` typed into a field is printed literally (`core.pdf` explains why no `|safe`).
"""

import re
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from core.formats import BEIJING
from core.money import figures, wan_yuan, yuan
from core.pdf import render_pdf
from grants import questions
from grants.models import AttachmentKind, CallKind, FundingSource

TEMPLATE = "grants/pdf/application.html"
CHINESE_NUMERALS = "一二三四五六七八九十"
# "深圳市南山区民政局" -> "深圳市", "南山区"; the last unit names the issuing district.
ADMIN_UNIT = re.compile(r"[^省市区县旗局委厅]+?(?:自治区|自治州|自治县|省|市|区|县|旗)")


# --- formatting ---------------------------------------------------------------------------------


def plain_number(value) -> str:
    """A quantity without trailing zeros: Decimal("100.00") -> "100", Decimal("2.50") -> "2.5"."""
    if value is None:
        return "—"
    return f"{Decimal(value).normalize():f}"


def chinese_date(value) -> str:
    """A date, an ISO date string or an aware datetime as "2025年6月30日" (Beijing); else ""."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    if hasattr(value, "hour"):
        value = value.astimezone(BEIJING).date()
    return f"{value.year}年{value.month}月{value.day}日"


def district_of(call) -> str:
    """The district issuing the call, from its department's name ("南山区"), or ""."""
    name = call.department.name if call.department_id else ""
    units = ADMIN_UNIT.findall(name)
    return units[-1] if units else ""


def document_title(call) -> str:
    kind = (
        _("政府购买服务项目申报书") if call.kind == CallKind.PURCHASE else _("公益创投项目申报书")
    )
    return f"{district_of(call)}{kind}"


def pdf_filename(application) -> str:
    return _("%(project)s-项目申报书.pdf") % {
        "project": application.project_name or _("未命名项目")
    }


# --- the parts of the form ----------------------------------------------------------------------


def _or_dash(value) -> str:
    return "—" if value in (None, "") else str(value)


def _organization_rows(application) -> list[tuple[str, str]]:
    org = application.org_data
    annual = (
        _("%(year)s年度：%(result)s")
        % {"year": org["annual_report_year"], "result": org["annual_report_result"] or "—"}
        if org.get("annual_report_year")
        else "—"
    )
    grade = (
        _("%(grade)s（%(year)s年评定）") % {"grade": org["grade"], "year": org["grade_year"]}
        if org.get("grade") and org.get("grade_year")
        else org.get("grade") or _("无有效等级")
    )
    registration = org.get("registration_number") or org.get("filing_number") or ""
    amount = application.amount_requested
    rows = [
        (_("单位名称"), org.get("name")),
        (_("组织类型"), org.get("kind_label")),
        (_("统一社会信用代码"), org.get("uscc")),
        (_("登记证号"), registration),
        (_("成立日期"), chinese_date(org.get("founded_on"))),
        (_("住所"), org.get("address")),
        (_("法定代表人"), org.get("legal_representative")),
        (_("最近年报"), annual),
        (_("评估等级"), grade),
        (
            _("申请资助金额"),
            _("%(wan)s（%(yuan)s）") % {"wan": wan_yuan(amount), "yuan": yuan(amount)}
            if amount is not None
            else "—",
        ),
        (
            _("项目周期"),
            _("%(months)d个月") % {"months": application.period_months}
            if application.period_months
            else "—",
        ),
        (_("服务领域"), application.category.name if application.category_id else ""),
    ]
    if org.get("host_organization"):
        rows.insert(4, (_("挂靠单位"), org["host_organization"]))
    return [(label, _or_dash(value)) for label, value in rows]


def _people_rows(application) -> list[dict]:
    org = application.org_data
    return [
        {
            "role": _("申报单位联系人"),
            "name": _or_dash(org.get("contact_name")),
            "phone": _or_dash(org.get("contact_phone")),
            "email": _or_dash(org.get("contact_email")),
        },
        {
            "role": _("项目负责人"),
            "name": _or_dash(application.lead_name),
            "phone": _or_dash(application.lead_phone),
            "email": "—",
        },
        {
            "role": _("项目联系人"),
            "name": _or_dash(application.contact_name),
            "phone": _or_dash(application.contact_phone),
            "email": _or_dash(application.contact_email),
        },
    ]


def _team_rows(application) -> list[dict]:
    return [
        {
            "name": member.name,
            "education": " / ".join(p for p in (member.education, member.major) if p) or "—",
            "qualification": member.get_qualification_display(),
            "role": _or_dash(member.role),
            "phone": _or_dash(member.phone),
        }
        for member in application.team_members.all()
    ]


def _plan_sections(application) -> list[tuple[str, str]]:
    location = "".join(
        p for p in (application.region_name, application.street, application.community) if p
    )
    beneficiaries = _("直接受益人数：%(direct)s人；间接受益人数（估算）：%(indirect)s人") % {
        "direct": _or_dash(application.direct_beneficiaries),
        "indirect": _or_dash(application.indirect_beneficiaries),
    }
    sections = [
        (_("项目概述"), application.summary),
        (_("需求分析（项目必要性）"), application.needs_analysis),
        (_("项目目标"), application.objectives),
        (_("活动安排与实施进度"), application.activities),
        (_("实施地点"), location),
        (_("受益对象"), beneficiaries),
        (_("预期产出与成效"), application.expected_outcomes),
        (_("风险防控与可持续性"), application.risks),
    ]
    return [
        (f"（{CHINESE_NUMERALS[i]}）{heading}", _or_dash(text))
        for i, (heading, text) in enumerate(sections)
    ]


def budget_groups(application) -> list[dict]:
    """Budget lines grouped by category (in order of first appearance) with subtotals."""
    groups: dict[str, dict] = {}
    for line in application.budget_lines.all():
        group = groups.setdefault(
            line.category, {"category": line.category, "lines": [], "subtotal": Decimal("0.00")}
        )
        group["subtotal"] += line.amount
        group["lines"].append(
            {
                "item": line.item,
                "unit_price": figures(line.unit_price),
                "quantity": plain_number(line.quantity),
                "amount": figures(line.amount),
                "source": line.get_funding_source_display(),
            }
        )
    number = 0
    for group in groups.values():
        group["subtotal_text"] = figures(group["subtotal"])
        for row in group["lines"]:
            number += 1
            row["number"] = number
    return list(groups.values())


def budget_total_rows(application) -> list[tuple[str, str]]:
    totals = application.budget_totals()
    labels = dict(FundingSource.choices)
    return [
        (_("项目总预算"), yuan(totals["total"])),
        (
            _("其中：%(source)s") % {"source": labels[FundingSource.REQUESTED]},
            yuan(totals["requested"]),
        ),
        (_("其中：%(source)s") % {"source": labels[FundingSource.OWN]}, yuan(totals["own"])),
        (
            _("其中：%(source)s") % {"source": labels[FundingSource.OTHER]},
            yuan(totals["other"]),
        ),
    ]


def answers(application) -> list[dict]:
    """The call's extra questions with this application's answers (file answers by title)."""
    stored = application.extra_answers or {}
    files: dict[str, list] = {}
    for attachment in application.attachments.filter(kind=AttachmentKind.QUESTION):
        files.setdefault(attachment.question_key, []).append(attachment)
    rows = []
    for block_id, kind, spec in questions.questions(application.call):
        if kind == "file":
            uploaded = files.get(block_id, [])
            value = "、".join(a.original_name for a in uploaded) or _("（未上传）")
        else:
            value = questions.display(kind, stored.get(block_id))
        rows.append({"label": spec["label"], "value": value, "files": files.get(block_id, [])})
    return rows


def attachment_rows(application) -> list[dict]:
    return [
        {
            "attachment": attachment,
            "title": attachment.title,
            "kind": attachment.get_kind_display(),
            "original_name": attachment.original_name,
            "size": attachment.size,
            "uploaded_on": chinese_date(attachment.uploaded_at),
        }
        for attachment in application.attachments.select_related("requirement")
    ]


def _numbered(headings: list[tuple[str, str]]) -> list[dict]:
    return [
        {"id": anchor, "heading": f"{CHINESE_NUMERALS[i]}、{heading}"}
        for i, (anchor, heading) in enumerate(headings)
    ]


def application_document(application) -> dict:
    """Everything the printed 申报书 shows, formatted. No side effects."""
    call = application.call
    answer_rows = answers(application)
    headings = [
        ("org", _("申报单位基本情况")),
        ("people", _("联系人信息")),
        ("profile", _("机构简介")),
        ("team", _("项目团队")),
        ("plan", _("项目计划")),
        ("budget", _("项目预算")),
    ]
    if answer_rows:
        headings.append(("questions", _("补充问题")))
    headings += [("attachments", _("附件清单")), ("commitment", _("承诺与签章"))]
    sections = _numbered(headings)
    submitted = chinese_date(application.submitted_at)
    return {
        "title": document_title(call),
        "application": application,
        "call": call,
        "is_draft": application.submitted_at is None,
        "cover_rows": [
            (_("申报编号"), application.submission_number or _("（提交后生成）")),
            (_("征集名称"), call.title),
            (_("项目名称"), _or_dash(application.project_name)),
            (_("申报单位"), _or_dash(application.org_data.get("name"))),
            (_("项目负责人"), _or_dash(application.lead_name)),
            (_("联系电话"), _or_dash(application.lead_phone)),
            (_("申报日期"), submitted or _("（尚未提交）")),
        ],
        "sections": sections,
        "heading": {s["id"]: s["heading"] for s in sections},
        "org_name": _or_dash(application.org_data.get("name")),
        "org_rows": _organization_rows(application),
        "people": _people_rows(application),
        "profile": _or_dash(application.org_profile),
        "team": _team_rows(application),
        "plan": _plan_sections(application),
        "budget_groups": budget_groups(application),
        "budget_totals": budget_total_rows(application),
        "answers": answer_rows,
        "attachments": attachment_rows(application),
        "commitment_uploaded": application.attachments.filter(
            kind=AttachmentKind.COMMITMENT
        ).exists(),
    }


def render_application_pdf(application) -> bytes:
    """The application as an A4 PDF (cover, contents, form, signatures area). No side effects."""
    return render_pdf(TEMPLATE, application_document(application))
