"""Business actions of incubation. Views and the back office call these; each is audited.

Moves that carry data store it first and then go through the one door
(`core.workflow.perform_transition`), all inside one transaction: if the door refuses, the data is
rolled back with it and the refusal reaches the caller unchanged.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event
from core.stored_files import discard_files, store_upload
from core.workflow import perform_transition
from orgs.departments import department_serving
from orgs.incubation import permissions as perms
from orgs.incubation.assessment import ensure_default_checklist, score
from orgs.incubation.registration import link_registration
from orgs.models import (
    Assessment,
    Incubation,
    IncubationBase,
    IncubationDocument,
    Organization,
)
from orgs.models.incubation.states import (
    AWAITING_ANSWER,
    IN_BASE,
    AssessmentStage,
    IncubationDocumentKind,
)


def _check(decision):
    allowed, reason = decision
    if not allowed:
        raise PermissionDenied(reason)


# --- Bases -------------------------------------------------------------------------------------


@transaction.atomic
def create_base(*, operator: Organization, by, managers=(), **fields) -> IncubationBase:
    """Create a base for `operator` with the default assessment checklist; without a
    `department`, the department serving the operator's region (`department_serving`)."""
    if "department" not in fields:
        fields["department"] = department_serving(operator.region_code)
    base = IncubationBase(operator=operator, **fields)
    base.full_clean()
    base.save()
    base.managers.set(managers)
    ensure_default_checklist(base)
    log_event(base, user=by, summary=_("设立孵化基地"))
    return base


# --- Applications ------------------------------------------------------------------------------


def _check_no_open_incubation(org, exclude_pk=None):
    open_states = (*AWAITING_ANSWER, *IN_BASE)
    others = Incubation.objects.filter(organization=org, state__in=open_states)
    if others.exclude(pk=exclude_pk).exists():
        raise ValidationError(_("该组织已有办理中的入驻申请或正在孵化，不能重复申请。"))


@transaction.atomic
def save_application(*, form, founders, by, base=None) -> Incubation:
    """Create (with `base`) or update a draft from a valid IncubationForm and founders formset.

    Side effects: the applicant is `by` on creation; founders replaced as edited; audit entry.
    """
    incubation = form.save(commit=False)
    creating = incubation.pk is None
    if creating:
        _check(perms.can_apply(base, by))
        incubation.base, incubation.applicant = base, by
    else:
        _check(perms.can_edit_application(incubation, by))
    org = incubation.organization
    if org is not None:
        if not perms.is_org_admin(org, by):
            raise PermissionDenied(_("只有该组织的账号管理员可以代表组织申请入驻"))
        _check_no_open_incubation(org, exclude_pk=incubation.pk)
        incubation.team_name, incubation.intended_kind, incubation.registration_plan = "", "", ""
    incubation.as_founding_team = org is None
    incubation.save()
    if org is None:
        founders.instance = incubation
        founders.save()
    else:  # a registered organization applies as itself: no private founders' list is kept
        incubation.founders.all().delete()
    summary = _("填写入驻申请") if creating else _("修改入驻申请")
    log_event(incubation, user=by, summary=summary, fields=sorted(form.changed_data))
    return incubation


def upload_document(*, incubation, kind: str, title: str, upload, by) -> IncubationDocument:
    """Validate `upload` at the boundary, then store it privately. Bad files store nothing."""
    _check(perms.can_upload_document(incubation, by))
    document = IncubationDocument(incubation=incubation, kind=kind, title=title)
    summary = _("上传材料：%(title)s") % {"title": title}
    return store_upload(document, upload, by=by, log_on=incubation, summary=summary)


# --- Moves that carry data ---------------------------------------------------------------------


def admit(*, incubation, by, placement: str, desk_number: str = "", agreement=None, reason=""):
    """Admit an applicant: store the signed agreement (if given) and the desk, then move.

    The base row is locked first, so two admissions cannot both take the last desk.
    """
    _check(perms.can_manage_base(incubation.base, by))
    document = None
    try:
        with transaction.atomic():
            IncubationBase.objects.select_for_update().get(pk=incubation.base_id)
            locked = Incubation.objects.select_for_update().get(pk=incubation.pk)
            if agreement is not None:
                document = upload_document(
                    incubation=locked,
                    kind=IncubationDocumentKind.AGREEMENT,
                    title=_("入驻协议"),
                    upload=agreement,
                    by=by,
                )
            locked.placement, locked.desk_number = placement, desk_number.strip()
            locked.save(update_fields=["placement", "desk_number", "updated_at"])
            return perform_transition(locked, "admit", by=by, reason=reason)
    except Exception:
        if document is not None:
            discard_files(document)
        raise


@transaction.atomic
def extend(*, incubation, by, new_end_on, reason: str) -> Incubation:
    """Extend the incubation period to `new_end_on` (延期孵化)."""
    locked = Incubation.objects.select_for_update().get(pk=incubation.pk)
    locked.extension_end_on = new_end_on
    locked.save(update_fields=["extension_end_on", "updated_at"])
    return perform_transition(
        locked, "extend", by=by, reason=reason, data={"new_end_on": new_end_on.isoformat()}
    )


@transaction.atomic
def exit_incubation(*, incubation, by, exit_reason: str, reason: str, notice_on=None):
    """Make the organization leave the base. The space-return deadline is counted in working
    days from the notice date (default today) by the transition itself."""
    locked = Incubation.objects.select_for_update().get(pk=incubation.pk)
    locked.exit_reason, locked.exit_notice_on = exit_reason, notice_on
    locked.save(update_fields=["exit_reason", "exit_notice_on", "updated_at"])
    return perform_transition(locked, "exit", by=by, reason=reason)


@transaction.atomic
def record_assessment(
    *,
    incubation,
    by,
    points: dict,
    assessed_on=None,
    comments: str = "",
    on_fail: str = "",
    new_end_on=None,
    exit_reason: str = "",
) -> tuple[Assessment, Incubation]:
    """Score the current assessment and move the life cycle with its result.

    Pass: midterm → back to 孵化中; graduation → 已出壳. Fail: `on_fail` is "extend" (with
    `new_end_on`) or "exit" (with `exit_reason`), as the manager chooses. If the resulting move is
    refused (e.g. a founding team not yet registered cannot graduate), nothing is recorded.
    """
    _check(perms.can_assess(incubation, by))
    locked = Incubation.objects.select_for_update().select_related("base").get(pk=incubation.pk)
    _check(perms.can_assess(locked, by))
    stage = perms.assessment_stage_of(locked)
    result = score(locked.base.checklist.all(), points, locked.base.pass_mark)
    if not result.passed and on_fail not in ("extend", "exit"):
        raise ValidationError(_("评估未通过，请选择延期孵化或退出孵化"))
    assessment = Assessment.objects.create(
        incubation=locked,
        stage=stage,
        assessed_on=assessed_on or timezone.localdate(),
        scores=result.scores,
        total=result.total,
        max_total=result.max_total,
        pass_mark=result.pass_mark,
        passed=result.passed,
        comments=comments,
        assessed_by=by,
    )
    summary = _("录入%(stage)s结果：%(total)s分（合格分%(mark)s），%(result)s") % {
        "stage": assessment.get_stage_display(),
        "total": result.total,
        "mark": result.pass_mark,
        "result": assessment.result_label,
    }
    log_event(locked, user=by, summary=summary, assessment=assessment.pk)
    if result.passed:
        name = "pass_midterm" if stage == AssessmentStage.MIDTERM else "graduate"
        return assessment, perform_transition(locked, name, by=by, reason=comments)
    reason = "；".join(part for part in (summary, comments) if part)
    if on_fail == "extend":
        if new_end_on is None:
            raise ValidationError(_("请填写延期后的孵化结束日期"))
        return assessment, extend(incubation=locked, by=by, new_end_on=new_end_on, reason=reason)
    return assessment, exit_incubation(
        incubation=locked, by=by, exit_reason=exit_reason, reason=reason
    )


# --- During incubation -------------------------------------------------------------------------


@transaction.atomic
def add_support_record(*, incubation, form, by):
    """Save a valid SupportRecordForm for `incubation`."""
    _check(perms.can_record_support(incubation, by))
    record = form.save(commit=False)
    record.incubation, record.recorded_by = incubation, by
    record.full_clean()
    record.save()
    log_event(
        incubation,
        user=by,
        summary=_("记录扶持服务：%(kind)s") % {"kind": record.get_kind_display()},
        record=record.pk,
    )
    return record


def simple_transition(*, incubation, name: str, by, reason: str = "") -> Incubation:
    """Moves that need nothing but (maybe) a reason; data-bearing moves have their own actions."""
    from orgs.models.incubation.states import DATA_TRANSITIONS

    if name in DATA_TRANSITIONS:
        raise ValidationError(_("该操作需要填写更多信息，请使用对应的办理页面。"))
    return perform_transition(incubation, name, by=by, reason=reason)


__all__ = [
    "add_support_record",
    "admit",
    "create_base",
    "exit_incubation",
    "extend",
    "link_registration",
    "record_assessment",
    "save_application",
    "simple_transition",
]
