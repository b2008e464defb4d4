"""Business actions of the evaluation stage. Views and the admin call these; each docstring
lists its side effects."""

import calendar
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event
from core.stored_files import store_upload
from orgs.models import OrgKind, Sanction
from reports import permissions as perms
from reports.models import (
    CallEvaluationSettings,
    Evaluation,
    EvaluationScheme,
    Evidence,
    FieldActivity,
    GradeBand,
    Indicator,
    OfflineSurveyResult,
    PerformanceReport,
    SatisfactionSurvey,
    Stage,
)
from reports.models.states import NARRATIVE_SECTIONS

EVIDENCE_TYPES = ("pdf", "jpeg", "png")
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024


def copy_department(scheme: EvaluationScheme, by):
    """The department issuing a copy made by `by`: the scheme's own when `by` acts for it (or is
    not department-bound), else the first of `by`'s departments (the city bureau may then make
    its copy city-wide in the form)."""
    from orgs.departments import departments_for, scope

    found = scope(by)
    if found is None or (scheme.department_id and found.acts(scheme.department_id)):
        return scheme.department
    department = departments_for(by).order_by("name", "pk").first()
    if department is None:
        raise PermissionDenied(_("您不属于任何部门，不能复制评价方案"))
    return department


@transaction.atomic
def copy_scheme(scheme: EvaluationScheme, *, by, name: str = "") -> EvaluationScheme:
    """A new, unfrozen scheme with the same indicators and bands, issued by a department `by`
    acts for (`copy_department`). Side effect: audit entry."""
    copy = EvaluationScheme.objects.create(
        department=copy_department(scheme, by),
        name=name or _("%(name)s（副本）") % {"name": scheme.name},
        stage=scheme.stage,
        method=scheme.method,
        description=scheme.description,
        bonus_cap=scheme.bonus_cap,
        penalty_cap=scheme.penalty_cap,
        copied_from=scheme,
    )
    Indicator.objects.bulk_create(
        Indicator(
            scheme=copy,
            sort_order=i.sort_order,
            code=i.code,
            name=i.name,
            kind=i.kind,
            max_points=i.max_points,
            weight=i.weight,
            guidance=i.guidance,
            evidence=i.evidence,
            source=i.source,
        )
        for i in scheme.indicators.all()
    )
    GradeBand.objects.bulk_create(
        GradeBand(
            scheme=copy,
            sort_order=b.sort_order,
            label=b.label,
            min_score=b.min_score,
            passing=b.passing,
        )
        for b in scheme.bands.all()
    )
    log_event(copy, user=by, summary=_("复制评价方案"), source=scheme.pk)
    return copy


def scheme_usable(scheme: EvaluationScheme, project) -> bool:
    """A project is evaluated under a city-wide scheme or one issued by its purchasing department
    or a department above it (`orgs.departments.issuers_for`)."""
    from orgs.departments import issuers_for

    if scheme.department_id is None:
        return True
    return scheme.department_id in issuers_for(project.call.department_id)


def commission_problems(project, *, stage, agency, scheme, due_on) -> list[str]:
    problems = []
    if agency.kind != OrgKind.EVALUATION_AGENCY:
        problems.append(_("受托单位须为第三方评估机构"))
    if scheme.stage and scheme.stage != stage:
        problems.append(
            _("评价方案“%(scheme)s”不适用于%(stage)s")
            % {
                "scheme": scheme.name,
                "stage": Stage(stage).label,
            }
        )
    if not scheme.is_active:
        problems.append(_("评价方案“%(scheme)s”已停用") % {"scheme": scheme.name})
    if scheme.department_id and not scheme_usable(scheme, project):
        problems.append(
            _("评价方案“%(scheme)s”不适用于项目“%(project)s”的购买部门")
            % {"scheme": scheme.name, "project": project.name}
        )
    if due_on < timezone.localdate():
        problems.append(_("完成期限不能早于今天"))
    if Evaluation.objects.filter(project=project, stage=stage).exists():
        problems.append(
            _("项目“%(project)s”已委托过%(stage)s")
            % {"project": project.name, "stage": Stage(stage).label}
        )
    return problems


@transaction.atomic
def commission_evaluations(projects, *, stage, agency, scheme, due_on, by) -> list[Evaluation]:
    """Commission `stage` evaluations of `projects` to `agency` (one or a batch, all or none).

    Side effects: Evaluation + PerformanceReport (草稿) + SatisfactionSurvey rows; audit entries;
    mail to the agency's admins after commit. Raises PermissionDenied or ValidationError.
    """
    from reports.notify import notify_commissioned

    allowed, reason = perms.can_commission(projects, by)
    if not allowed:
        raise PermissionDenied(reason)
    from reports.models.schemes import check_scheme

    check_scheme(scheme)
    problems = []
    for project in projects:
        problems += commission_problems(
            project, stage=stage, agency=agency, scheme=scheme, due_on=due_on
        )
    if not projects:
        problems.append(_("请至少选择一个项目"))
    if problems:
        raise ValidationError(list(dict.fromkeys(problems)))
    created = []
    for project in projects:
        evaluation = Evaluation.objects.create(
            project=project,
            stage=stage,
            scheme=scheme,
            agency=agency,
            due_on=due_on,
            commissioned_by=by,
        )
        PerformanceReport.objects.create(evaluation=evaluation)
        SatisfactionSurvey.objects.create(evaluation=evaluation)
        log_event(
            evaluation, user=by, summary=_("委托第三方评估"), agency=agency.name, due_on=str(due_on)
        )
        created.append(evaluation)
    notify_commissioned(created, agency=agency)
    return created


@transaction.atomic
def assign_evaluators(evaluation, users, *, by) -> None:
    """Set the evaluators of `evaluation` (the agency's admin decides). Side effect: audit entry."""
    allowed, reason = perms.can_assign_evaluators(evaluation, by)
    if not allowed:
        raise PermissionDenied(reason)
    problems = []
    for user in users:
        ok, why = perms.can_be_evaluator(evaluation.agency, user)
        if not ok:
            problems.append(why)
    if not users:
        problems.append(_("请至少选择一名评估人员"))
    if problems:
        raise ValidationError(problems)
    evaluation.evaluators.set(users)
    log_event(
        evaluation,
        user=by,
        summary=_("分派评估人员"),
        evaluators=[str(u) for u in users],
    )


@transaction.atomic
def save_narrative(evaluation, values: dict, *, by) -> None:
    allowed, reason = perms.can_edit_evaluation(evaluation, by)
    if not allowed:
        raise PermissionDenied(reason)
    fields = [name for name, _label in NARRATIVE_SECTIONS] + ["internal_notes"]
    changed = [
        name for name in fields if name in values and getattr(evaluation, name) != values[name]
    ]
    Evaluation.objects.filter(pk=evaluation.pk).update(**{name: values[name] for name in changed})
    for name in changed:
        setattr(evaluation, name, values[name])
    if changed:
        log_event(evaluation, user=by, summary=_("修改评估报告正文"), fields=changed)


@transaction.atomic
def add_evidence(evaluation, upload, *, title, indicator, by) -> Evidence:
    """Validate and store an evidence file privately. Side effect: audit entry."""
    allowed, reason = perms.can_edit_evaluation(evaluation, by)
    if not allowed:
        raise PermissionDenied(reason)
    if indicator is not None and indicator.scheme_id != evaluation.scheme_id:
        raise ValidationError(_("所选指标不属于本评估的评价方案"))
    evidence = Evidence(
        evaluation=evaluation, indicator=indicator, title=(title or upload.name)[:200]
    )
    return store_upload(
        evidence,
        upload,
        by=by,
        log_on=evaluation,
        summary=_("上传佐证材料：%(title)s") % {"title": evidence.title},
        allowed=EVIDENCE_TYPES,
        max_bytes=EVIDENCE_MAX_BYTES,
    )


@transaction.atomic
def record_activity(evaluation, *, by, **fields) -> FieldActivity:
    allowed, reason = perms.can_edit_evaluation(evaluation, by)
    if not allowed:
        raise PermissionDenied(reason)
    activity = FieldActivity.objects.create(evaluation=evaluation, recorded_by=by, **fields)
    log_event(evaluation, user=by, summary=_("记录实地评估"), kind=activity.kind)
    return activity


@transaction.atomic
def record_offline_survey(evaluation, *, by, **fields) -> OfflineSurveyResult:
    """Store a batch of off-line survey answers; the satisfaction indicator counts it."""
    allowed, reason = perms.can_edit_evaluation(evaluation, by)
    if not allowed:
        raise PermissionDenied(reason)
    result = OfflineSurveyResult.objects.create(evaluation=evaluation, recorded_by=by, **fields)
    log_event(
        evaluation,
        user=by,
        summary=_("录入线下满意度调查"),
        method=result.method,
        respondents=result.respondents,
        mean_score=str(result.mean_score),
    )
    return result


# --- After a transition (called by Evaluation.after_transition, inside the transaction) --------


def after_evaluation_transition(evaluation, name, *, by, reason) -> None:
    from reports.notify import notify_evaluation_state

    if name == "accept":
        apply_result(evaluation, by=by)
    notify_evaluation_state(evaluation, name, reason=reason)


def apply_result(evaluation, *, by) -> None:
    """Carry an accepted result to the project and, per the call's rule, to sanctions.

    Side effects: `projects.evaluation.record_evaluation_result` (releases or stops tranches and
    moves the project); a Sanction when the result fails and the call asks for one.
    """
    from projects.evaluation import record_evaluation_result

    record_evaluation_result(
        evaluation.project,
        stage=evaluation.stage,
        passed=bool(evaluation.passed),
        grade=evaluation.grade,
        by=by,
    )
    if not evaluation.passed:
        sanction = sanction_for_failure(evaluation, by=by)
        if sanction is not None:
            Evaluation.objects.filter(pk=evaluation.pk).update(sanction=sanction)
            evaluation.sanction = sanction


def sanction_for_failure(evaluation, *, by) -> Sanction | None:
    rule = CallEvaluationSettings.objects.filter(call_id=evaluation.project.call_id).first()
    if rule is None or not rule.sanction_on_fail:
        return None
    starts = timezone.localdate()
    sanction = Sanction.objects.create(
        organization=evaluation.project.organization,
        reason=_("项目“%(project)s”%(stage)s结果为“%(grade)s”（%(score)s分）")
        % {
            "project": evaluation.project.name,
            "stage": evaluation.get_stage_display(),
            "grade": evaluation.grade,
            "score": evaluation.total_score,
        },
        scope=rule.sanction_scope,
        starts_on=starts,
        ends_on=_add_months(starts, rule.sanction_months) if rule.sanction_months else None,
        decision_ref=_("第三方评估审定结果（评估编号%(pk)s）") % {"pk": evaluation.pk},
        created_by=by,
    )
    log_event(
        evaluation.project.organization,
        user=by,
        summary=_("因评估不通过登记限制措施"),
        evaluation=evaluation.pk,
    )
    return sanction


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )
