"""The screening checklist (形式审查清单): what staff tick off for each application.

Each item says whether a requirement of the call is met, with the detail staff need to write a
return or fail reason. The facts come from the same functions the applicant's own checklist and the
submit transition use (`grants.completeness`, `grants.eligibility`), so the three never disagree;
eligibility is checked again as of today, since a sanction or a lapsed grade may have come since.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from core.money import figures
from grants.completeness import missing_fields
from grants.eligibility import check_eligibility
from grants.models import AttachmentKind, FundingSource


@dataclass(frozen=True)
class CheckItem:
    label: str
    ok: bool | None  # None: not required by this call / optional and absent
    detail: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        return {True: "ok", False: "missing", None: "na"}[self.ok]


def _attachment_items(application) -> list[CheckItem]:
    call = application.call
    uploads = list(application.attachments.all())
    items = []
    for requirement in call.required_attachments.all():
        files = [a for a in uploads if a.requirement_id == requirement.pk]
        label = _("附件：%(name)s") % {"name": requirement.name}
        if files:
            names = "、".join(a.original_name for a in files)
            items.append(CheckItem(label, True, _("已上传：%(files)s") % {"files": names}))
        elif requirement.required:
            items.append(CheckItem(label, False, _("缺少（必须提交）")))
        else:
            items.append(CheckItem(label, None, _("未上传（非必须）")))
    label = _("法定代表人签字盖章的承诺书")
    commitments = [a for a in uploads if a.kind == AttachmentKind.COMMITMENT]
    if commitments:
        names = "、".join(a.original_name for a in commitments)
        items.append(CheckItem(label, True, _("已上传：%(files)s") % {"files": names}))
    elif call.require_commitment:
        items.append(CheckItem(label, False, _("缺少（必须提交）")))
    else:
        items.append(CheckItem(label, None, _("本征集不要求")))
    return items


def _money_items(application) -> list[CheckItem]:
    call = application.call
    amount = application.amount_requested
    cap_label = _("申请金额不超过单个项目资助上限")
    mismatch_label = _("预算明细中“申请资助”合计等于申请金额")
    if amount is None:
        missing = _("未填写申请资助金额")
        return [CheckItem(cap_label, False, missing), CheckItem(mismatch_label, False, missing)]
    words = {"amount": figures(amount), "cap": figures(call.per_project_cap)}
    if amount > call.per_project_cap:
        cap = CheckItem(cap_label, False, _("申请%(amount)s元，超过上限%(cap)s元") % words)
    elif amount <= 0:
        cap = CheckItem(cap_label, False, _("申请资助金额须大于0"))
    else:
        cap = CheckItem(cap_label, True, _("申请%(amount)s元，上限%(cap)s元") % words)
    lines = list(application.budget_lines.all())
    requested = sum(
        (line.amount for line in lines if line.funding_source == FundingSource.REQUESTED),
        Decimal("0.00"),
    )
    words = {"amount": figures(amount), "total": figures(requested)}
    if not lines:
        match = CheckItem(mismatch_label, False, _("未填写预算明细"))
    elif requested != amount:
        match = CheckItem(
            mismatch_label, False, _("申请%(amount)s元，明细合计%(total)s元，不一致") % words
        )
    else:
        match = CheckItem(mismatch_label, True, _("明细合计%(total)s元") % words)
    return [cap, match]


def _content_item(application) -> CheckItem:
    missing = missing_fields(application)
    label = _("申报书必填内容")
    if missing:
        return CheckItem(label, False, _("未填写：%(fields)s") % {"fields": "、".join(missing)})
    return CheckItem(label, True, _("已填写完整"))


def _eligibility_item(application) -> CheckItem:
    failures = check_eligibility(
        application.organization, application.call, application=application
    )
    label = _("申报资格（按今日情况复核）")
    if failures:
        return CheckItem(label, False, _("不符合以下条件"), [str(f) for f in failures])
    return CheckItem(label, True, _("符合本征集的全部申报资格条件"))


def screening_checklist(application) -> list[CheckItem]:
    """The checklist for `application`, in the order staff read a paper file. No side effects."""
    return [
        _content_item(application),
        *_attachment_items(application),
        *_money_items(application),
        _eligibility_item(application),
    ]


def checklist_passed(items) -> bool:
    return all(item.ok is not False for item in items)
