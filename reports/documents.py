"""The performance report (绩效评价报告) as a PDF: context, redaction, rendering.

Two documents come from one evaluation: the internal one (everything) and the public one, which
leaves out contacts, interviewees, internal notes and anything in the text that looks like a
phone or ID number (docs/domain.md §10: personal data stays private).
"""

import hashlib
import json
import re

from django.utils import timezone
from django.utils.translation import gettext as _

from core.pdf import render_pdf
from reports.charts import bar_chart
from reports.models import IndicatorKind
from reports.models.states import NARRATIVE_SECTIONS
from reports.scoring import result_of

TEMPLATE = "pdf/evaluation_report.html"
TEMPLATE_VERSION = "1"  # bump when the layout changes, so regeneration is not skipped

# 18-digit resident ID numbers, mainland mobiles, landlines with area code; e-mail addresses.
ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")
LANDLINE = re.compile(r"(?<!\d)0\d{2,3}[- ]?\d{7,8}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def redact(text: str) -> str:
    text = ID_NUMBER.sub("［身份证号已隐去］", text or "")
    text = MOBILE.sub("［电话已隐去］", text)
    text = LANDLINE.sub("［电话已隐去］", text)
    return EMAIL.sub("［邮箱已隐去］", text)


def report_context(evaluation, *, public: bool) -> dict:
    scheme = evaluation.scheme
    project = evaluation.project
    clean = redact if public else (lambda text: text or "")
    result = result_of(evaluation)
    scores = {s.indicator_id: s for s in evaluation.scores.all()}
    rows = []
    for indicator in scheme.ordered_indicators():
        score = scores.get(indicator.pk)
        maximum = (
            indicator.weight
            if scheme.method == "weights" and indicator.kind == IndicatorKind.NORMAL
            else indicator.max_points
        )
        rows.append(
            {
                "code": indicator.code,
                "level": indicator.level,
                "name": indicator.name,
                "kind": indicator.get_kind_display()
                if indicator.kind != IndicatorKind.NORMAL
                else "",
                "maximum": maximum,
                "score": score.value if score else None,
                "basis": clean(score.basis) if score else "",
            }
        )
    sections = [
        {"id": f"s{i}", "heading": str(heading), "text": clean(getattr(evaluation, name))}
        for i, (name, heading) in enumerate(NARRATIVE_SECTIONS, start=1)
    ]
    activities = [
        {
            "kind": a.get_kind_display(),
            "held_on": a.held_on,
            "place": a.place,
            "summary": clean(a.summary),
            "participants": "" if public else a.participants,
        }
        for a in evaluation.activities.all()
    ]
    survey = getattr(evaluation, "survey", None)
    chart = bar_chart(
        [(name, got, maximum) for _code, (name, maximum, got) in result.by_top.items()],
        title=_("一级指标得分"),
        percent_of_max=True,
    )
    title = _("%(project)s%(stage)s绩效评价报告") % {
        "project": project.name,
        "stage": evaluation.get_stage_display(),
    }
    return {
        "title": title,
        "public": public,
        "evaluation": evaluation,
        "project": project,
        "organization": project.organization,
        "agency": evaluation.agency,
        "evaluators": []
        if public
        else [u.real_name or u.email for u in evaluation.evaluators.all()],
        "scheme": scheme,
        "rows": rows,
        "result": result,
        "sections": sections,
        "activities": activities,
        "responses": survey.responses.filter(code__isnull=False).count() if survey else 0,
        "chart": chart,
        "internal_notes": "" if public else evaluation.internal_notes,
        "contact": None
        if public
        else {
            "name": project.organization.contact_name,
            "phone": project.organization.contact_phone,
            "email": project.organization.contact_email,
        },
        "date": timezone.localdate(),
    }


def content_digest(evaluation) -> str:
    """A fingerprint of everything the report shows, to skip regenerating an unchanged report."""
    context = report_context(evaluation, public=False)
    data = {
        "v": TEMPLATE_VERSION,
        "rows": context["rows"],
        "sections": context["sections"],
        "activities": context["activities"],
        "total": context["result"].total,
        "grade": context["result"].grade,
        "notes": context["internal_notes"],
        "contact": context["contact"],
        "responses": context["responses"],
        "project": [evaluation.project.name, evaluation.project.organization.name],
        "evaluators": context["evaluators"],
        "state": evaluation.state,
    }
    return hashlib.sha256(json.dumps(data, default=str, sort_keys=True).encode()).hexdigest()


def render_report(evaluation, *, public: bool) -> bytes:
    return render_pdf(TEMPLATE, report_context(evaluation, public=public))
