"""What an expert sees of an application: one function, used by every expert-facing page and
download (`expert_view`), which in a blind review removes the applicant's identity.

Removed: the organization's name, its short name / brand (`Organization.short_name`) and the
short forms of both (without the region prefix or the legal-form ending such as "服务中心",
"协会", "社工事务所"), USCC and other registration numbers, the legal representative, contacts,
the project lead and team members' names, phone numbers, e-mail addresses, the address and the
website's domain — wherever they appear, including inside free-text answers and file names.
Phone numbers, e-mail addresses (also "name at example dot com", "name(at)example.com") and
18-character codes are also removed by pattern, so a number typed differently still goes.
Matching runs on the NFKC form of the text, so full-width digits and letters ("１３９…",
"＠", "．") match too, and tolerates a space or dash between characters ("139 1234 5678").
Staff never use this view; they see the application itself.
"""

import re
import unicodedata
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

MASK = "■■"
MIN_TERM = 2  # one character would blank ordinary words; two-character short names are common

# Every pattern runs on the NFKC form (full-width digits, letters, ＠ and ． become ASCII), and
# every match is mapped back onto the original text (see `_normalized`).
_SEP = r"[\s\-]?"  # one space or dash, as numbers are grouped when typed
_PHONE = re.compile(rf"(?<!\d)(?:\+?86{_SEP}|\(\+?86\){_SEP})?1{_SEP}[3-9](?:{_SEP}\d){{9}}(?!\d)")
_LANDLINE = re.compile(rf"(?<!\d)(?:\(0\d{{2,3}}\)|0\d{{2,3}}){_SEP}\d{{3,4}}{_SEP}\d{{4}}(?!\d)")
_USCC_CHAR = "[0-9A-HJ-NPQRTUWXY]"
_USCC = re.compile(
    rf"(?<![0-9A-Z]){_USCC_CHAR}{_SEP}{_USCC_CHAR}(?:{_SEP}\d){{6}}(?:{_SEP}{_USCC_CHAR}){{10}}"
    r"(?![0-9A-Z])",
    re.IGNORECASE,
)
_LOCAL = r"[a-z0-9._%+-]+"
_LABEL = r"[a-z0-9-]+"
_EMAIL = re.compile(rf"{_LOCAL}\s*@\s*{_LABEL}(?:\s*\.\s*{_LABEL})+", re.IGNORECASE | re.ASCII)
# "name at example dot com", "name(at)example.com", "name [at] example [dot] com": the spelled-out
# forms need a spelled or bracketed "at" and a real-looking top-level domain after it.
_AT = r"(?:\s*[(\[{<]\s*at\s*[)\]}>]\s*|\s+at\s+|\s*艾特\s*)"
_DOT = r"(?:\s*[(\[{<]\s*dot\s*[)\]}>]\s*|\s+dot\s+|\.|\s*点\s*)"
_SPELLED_EMAIL = re.compile(
    rf"{_LOCAL}{_AT}{_LABEL}(?:{_DOT}{_LABEL})*{_DOT}[a-z]{{2,6}}\b", re.IGNORECASE | re.ASCII
)
_PATTERNS = (_SPELLED_EMAIL, _EMAIL, _USCC, _PHONE, _LANDLINE)
_REGION_PREFIX = re.compile(r"^(?:.{1,8}?(?:省|自治区|市))?(?:.{1,8}?(?:市|区|县|旗))?")
# Legal-form endings, longest first: "晨曦社会工作服务中心" is also written "晨曦".
_SUFFIXES = (
    "社会工作服务中心",
    "社会工作服务社",
    "社会工作事务所",
    "志愿者协会",
    "社工服务中心",
    "社工事务所",
    "发展中心",
    "服务中心",
    "服务社",
    "事务所",
    "中心",
    "协会",
    "促进会",
    "联合会",
    "基金会",
    "研究会",
    "研究院",
    "服务站",
    "服务部",
    "工作室",
    "有限公司",
    "公司",
)
# Mail hosts everyone uses say nothing about who wrote to them.
_PUBLIC_MAIL_DOMAINS = {
    "qq.com",
    "foxmail.com",
    "163.com",
    "126.com",
    "yeah.net",
    "sina.com",
    "sina.cn",
    "sohu.com",
    "139.com",
    "189.cn",
    "aliyun.com",
    "gmail.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "yahoo.com",
    "icloud.com",
}


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _normalized(text: str) -> tuple[str, list[int]]:
    """`text` in NFKC, character by character, with the original index of every character of the
    result (NFKC can turn one character into several, e.g. "㈱")."""
    chars, origin = [], []
    for index, char in enumerate(text):
        folded = _nfkc(char)
        chars.append(folded)
        origin.extend([index] * len(folded))
    return "".join(chars), origin


def name_variants(name: str) -> set[str]:
    """The organization's name and the short forms people write in their answers."""
    name = _nfkc(name or "").strip()
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


def _domain(value: str) -> str:
    """The host of a website or of an own-domain e-mail address, without "www."."""
    value = _nfkc(value or "").strip().lower()
    if "@" in value:
        host = value.rpartition("@")[2]
        return "" if host in _PUBLIC_MAIL_DOMAINS else host
    host = urlsplit(value if "//" in value else f"//{value}").hostname or ""
    return host.removeprefix("www.")


def identity_terms(application) -> list[str]:
    """Every identifying string of the application (NFKC), longest first."""
    org = application.organization
    data = application.org_data
    terms = set()
    for name in (org.name, org.short_name, data.get("name", ""), data.get("short_name", "")):
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
        _domain(org.website),
        _domain(org.contact_email),
        application.lead_name,
        application.lead_phone,
        application.contact_name,
        application.contact_phone,
        application.contact_email,
        _domain(application.contact_email),
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
    values.append(_domain(data.get("contact_email", "")))
    values.append(_domain(data.get("website", "")))
    for member in application.team_members.all():
        values += [member.name, member.phone]
    for value in values:
        value = _nfkc(str(value or "")).strip()
        if len(value) >= MIN_TERM:
            terms.add(value)
    return sorted(terms, key=len, reverse=True)


def _term_pattern(terms) -> re.Pattern | None:
    """One pattern for all terms; a space or dash may sit between any two of a term's characters
    ("欧阳 建国", "9144-0300-…"), letters match in either case."""
    parts = [_SEP.join(re.escape(ch) for ch in term if not ch.isspace()) for term in terms]
    parts = [p for p in parts if p]
    if not parts:
        return None
    return re.compile("|".join(parts), re.IGNORECASE)


def redact(text, terms) -> str:
    """`text` with every identifying term and every phone number, e-mail address and 18-character
    code masked. Matching runs on the NFKC form; the masks replace the original characters."""
    if not text:
        return text or ""
    text = str(text)
    folded, origin = _normalized(text)
    spans = []
    term_pattern = _term_pattern(terms)
    for pattern in (term_pattern, *_PATTERNS) if term_pattern else _PATTERNS:
        spans += [(m.start(), m.end()) for m in pattern.finditer(folded) if m.end() > m.start()]
    if not spans:
        return text
    # Merge overlapping spans, then map them back onto the original characters.
    merged = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, position = [], 0
    for start, end in merged:
        first, last = origin[start], origin[end - 1] + 1
        out += [text[position:first], MASK]
        position = last
    out.append(text[position:])
    return "".join(out)


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
