"""What an expert sees of an application: one function, used by every expert-facing page and
download (`expert_view`), which in a blind review removes the applicant's identity.

Removed: the organization's name (and its short forms, e.g. without the region prefix or the
"服务中心" suffix), USCC and other registration numbers, the legal representative, contacts, the
project lead and team members' names, phone numbers, e-mail addresses and the address — wherever
they appear, including inside free-text answers and file names. Phone numbers, e-mail addresses
and 18-character codes are also removed by pattern, so a number typed differently still goes.
Staff never use this view; they see the application itself.
"""

import re

from django.utils.translation import gettext as _

MASK = "■■"
MIN_TERM = 2  # one character would blank ordinary words; two-character short names are common

_PHONE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)0\d{2,3}[- ]?\d{7,8}(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_USCC = re.compile(r"(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])")
_REGION_PREFIX = re.compile(r"^(?:.{1,8}?(?:省|自治区|市))?(?:.{1,8}?(?:市|区|县|旗))?")
_SUFFIXES = (
    "社会工作服务中心",
    "社工服务中心",
    "服务中心",
    "服务社",
    "中心",
    "协会",
    "促进会",
    "联合会",
    "基金会",
    "研究会",
    "服务站",
)


def name_variants(name: str) -> set[str]:
    """The organization's name and the short forms people write in their answers."""
    name = (name or "").strip()
    if not name:
        return set()
    variants = {name}
    core = _REGION_PREFIX.sub("", name)
    variants.add(core)
    for base in (name, core):
        for suffix in _SUFFIXES:
            if base.endswith(suffix) and len(base) - len(suffix) >= MIN_TERM:
                variants.add(base[: -len(suffix)])
    return {v for v in variants if len(v) >= MIN_TERM}


def identity_terms(application) -> list[str]:
    """Every identifying string of the application, longest first."""
    org = application.organization
    data = application.org_data
    terms = set()
    for name in (org.name, data.get("name", "")):
        terms |= name_variants(name)
    values = [
        org.uscc,
        org.registration_number,
        org.org_code,
        org.filing_number,
        org.legal_representative,
        org.address,
        org.contact_name,
        org.contact_phone,
        org.contact_email,
        application.lead_name,
        application.lead_phone,
        application.contact_name,
        application.contact_phone,
        application.contact_email,
    ]
    for key in (
        "uscc",
        "registration_number",
        "filing_number",
        "legal_representative",
        "address",
        "contact_name",
        "contact_phone",
        "contact_email",
        "host_organization",
    ):
        values.append(data.get(key, ""))
    for member in application.team_members.all():
        values += [member.name, member.phone]
    terms |= {str(v).strip() for v in values if v and len(str(v).strip()) >= MIN_TERM}
    return sorted(terms, key=len, reverse=True)


def redact(text, terms) -> str:
    if not text:
        return text or ""
    text = str(text)
    for term in terms:
        text = text.replace(term, MASK)
    for pattern in (_EMAIL, _USCC, _PHONE, _LANDLINE):
        text = pattern.sub(MASK, text)
    return text


def _answers(application):
    from grants import questions

    rows = []
    answers = application.extra_answers or {}
    for key, kind, spec in questions.questions(application.call):
        if kind == "file":
            continue
        value = answers.get(key)
        if isinstance(value, list):
            value = "、".join(str(v) for v in value)
        rows.append({"label": spec["label"], "value": "" if value is None else str(value)})
    return rows


def expert_view(application, *, blind: bool) -> dict:
    """The application as an expert may read it (plain strings, redacted when `blind`)."""
    terms = identity_terms(application) if blind else []

    def clean(value):
        return redact(value, terms) if blind else ("" if value is None else str(value))

    sections = [
        (_("机构简介"), application.org_profile),
        (_("项目概述"), application.summary),
        (_("需求分析（项目必要性）"), application.needs_analysis),
        (_("项目目标"), application.objectives),
        (_("活动安排与实施进度"), application.activities),
        (_("预期产出与成效"), application.expected_outcomes),
        (_("风险防控与可持续性"), application.risks),
    ]
    team = [
        {
            "name": _("成员%(n)d") % {"n": i} if blind else m.name,
            "education": clean(m.education),
            "major": clean(m.major),
            "qualification": m.get_qualification_display(),
            "role": clean(m.role),
            "phone": "" if blind else m.phone,
        }
        for i, m in enumerate(application.team_members.all(), start=1)
    ]
    budget = [
        {
            "category": clean(line.category),
            "item": clean(line.item),
            "unit_price": line.unit_price,
            "quantity": line.quantity,
            "amount": line.amount,
            "source": line.get_funding_source_display(),
        }
        for line in application.budget_lines.all()
    ]
    attachments = [clean(a.original_name or a.title) for a in application.attachments.all()]
    return {
        "blind": blind,
        "project_name": clean(application.project_name),
        "organization": _("（匿名评审，不显示申报单位）")
        if blind
        else application.organization.name,
        "uscc": "" if blind else (application.org_data.get("uscc") or ""),
        "category": application.category.name if application.category_id else "",
        "amount_requested": application.amount_requested,
        "period_months": application.period_months,
        "location": clean(" ".join(filter(None, [application.street, application.community]))),
        "direct_beneficiaries": application.direct_beneficiaries,
        "indirect_beneficiaries": application.indirect_beneficiaries,
        "lead": "" if blind else f"{application.lead_name} {application.lead_phone}".strip(),
        "sections": [{"label": label, "text": clean(text)} for label, text in sections],
        "answers": [
            {"label": r["label"], "value": clean(r["value"])} for r in _answers(application)
        ],
        "team": team,
        "budget": budget,
        "attachments": attachments,
    }
