"""Is an application complete and its budget consistent? Lists of problems, in Chinese.

Drafts may be saved half-finished; these checks run when the applicant looks at the checklist and,
as conditions of the submit transitions, when the application is handed in.
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from core.money import figures
from grants import questions
from grants.models import Application, AttachmentKind, FundingSource
from grants.models.applications import SHORT_TEXT_LIMIT

REQUIRED_FIELDS = [
    "category",
    "project_name",
    "lead_name",
    "lead_phone",
    "contact_name",
    "contact_phone",
    "org_profile",
    "summary",
    "needs_analysis",
    "objectives",
    "activities",
    "expected_outcomes",
    "risks",
    "region_code",
    "street",
    "community",
    "direct_beneficiaries",
    "indirect_beneficiaries",
    "period_months",
]


def _label(name: str) -> str:
    return str(Application._meta.get_field(name).verbose_name)


def missing_fields(application) -> list[str]:
    return [_label(name) for name in REQUIRED_FIELDS if getattr(application, name) in (None, "")]


def completeness_problems(application) -> list[str]:
    call = application.call
    problems = []
    missing = missing_fields(application)
    if missing:
        problems.append(_("以下内容尚未填写：%(fields)s") % {"fields": "、".join(missing)})
    for name in ("summary", "org_profile"):
        length = len(getattr(application, name))
        if length > SHORT_TEXT_LIMIT:
            problems.append(
                _("%(field)s不超过%(limit)d字（当前%(length)d字）")
                % {"field": _label(name), "limit": SHORT_TEXT_LIMIT, "length": length}
            )
    if application.category_id and application.category.call_id != call.pk:
        problems.append(_("所选服务领域不属于本次征集，请重新选择"))
    if application.period_months and application.period_months > call.project_period_months:
        problems.append(
            _("项目周期不得超过本次征集规定的%(max)d个月") % {"max": call.project_period_months}
        )
    if not application.team_members.exists():
        problems.append(_("请至少填写一名项目团队成员"))

    answers = application.extra_answers or {}
    uploaded = set(
        application.attachments.filter(kind=AttachmentKind.QUESTION).values_list(
            "question_key", flat=True
        )
    )
    for block_id, kind, spec in questions.questions(call):
        if not spec["required"]:
            continue
        answered = (
            block_id in uploaded
            if kind == "file"
            else not questions.is_blank(answers.get(block_id))
        )
        if not answered:
            problems.append(_("请回答补充问题：“%(label)s”") % {"label": spec["label"]})

    have = set(
        application.attachments.filter(kind=AttachmentKind.REQUIRED).values_list(
            "requirement_id", flat=True
        )
    )
    for requirement in call.required_attachments.filter(required=True):
        if requirement.pk not in have:
            problems.append(_("请上传附件：%(name)s") % {"name": requirement.name})
    if (
        call.require_commitment
        and not application.attachments.filter(kind=AttachmentKind.COMMITMENT).exists()
    ):
        problems.append(_("请上传承诺书（法定代表人签字并加盖公章的扫描件）"))
    return problems


def budget_problems(application) -> list[str]:
    call = application.call
    problems = []
    lines = list(application.budget_lines.all())
    if not lines:
        problems.append(_("请至少填写一条预算明细"))
    amount = application.amount_requested
    if amount is None:
        problems.append(_("请填写申请资助金额"))
        return problems
    if amount <= 0:
        problems.append(_("申请资助金额须大于0"))
    if amount > call.per_project_cap:
        problems.append(
            _("申请资助金额（%(amount)s元）超过本次征集的单个项目资助上限（%(cap)s元）")
            % {"amount": figures(amount), "cap": figures(call.per_project_cap)}
        )
    requested = sum(
        (line.amount for line in lines if line.funding_source == FundingSource.REQUESTED),
        Decimal("0.00"),
    )
    if lines and requested != amount:
        problems.append(
            _("申请资助金额（%(amount)s元）与预算明细中“申请资助”部分合计（%(total)s元）不一致")
            % {"amount": figures(amount), "total": figures(requested)}
        )
    return problems


def submission_problems(application, *, resubmission: bool = False) -> list[str]:
    """Everything that stops the application being handed in now (the applicant's checklist)."""
    from grants.models.conditions import RESUBMIT_CONDITIONS, SUBMIT_CONDITIONS

    conditions = RESUBMIT_CONDITIONS if resubmission else SUBMIT_CONDITIONS
    return [str(p) for condition in conditions for p in condition.problems(application)]
