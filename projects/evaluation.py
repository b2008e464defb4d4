"""Evaluation results arriving from the third-party evaluation app (`reports`) or staff.

`record_evaluation_result(project, *, stage, passed, grade, by)`:
* mid-term pass → tranches waiting for "中期评估通过" become 可拨付, the project goes on (实施中);
* mid-term fail → every unpaid tranche is 暂停 and the project 暂停 (staff then resume after
  rectification, or terminate);
* final → the grade is recorded (pass or fail), tranches waiting for "终期评估通过" are
  released on a pass, and close-out may proceed.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event
from core.workflow import perform_transition
from projects.models import FundedProject, ProjectState, TrancheTrigger
from projects.tranches import release

MIDTERM = "midterm"
FINAL = "final"


def record_evaluation_result(project, *, stage, passed, grade, by, reason: str = ""):
    if stage not in (MIDTERM, FINAL):
        raise ValueError(f"unknown evaluation stage {stage!r}")
    grade = str(grade or "").strip()
    with transaction.atomic():
        project = FundedProject.objects.select_for_update().get(pk=project.pk)
        if stage == MIDTERM:
            return _midterm(project, passed=bool(passed), grade=grade, by=by, reason=reason)
        return _final(project, passed=bool(passed), grade=grade, by=by, reason=reason)


def _midterm(project, *, passed, grade, by, reason):
    if project.state == ProjectState.IN_PROGRESS and passed:
        project = perform_transition(project, "start_midterm", by=by)
    if project.state not in (ProjectState.MIDTERM, ProjectState.IN_PROGRESS):
        raise ValidationError(
            _("项目当前状态为“%(state)s”，不能登记中期评估结果")
            % {"state": project.get_state_display()}
        )
    FundedProject.objects.filter(pk=project.pk).update(midterm_grade=grade)
    if passed:
        project = perform_transition(
            project, "pass_midterm", by=by, reason=reason, data={"grade": grade}
        )
    else:
        why = reason or _("中期评估未通过") + (f"（{grade}）" if grade else "")
        project = perform_transition(
            project, "fail_midterm", by=by, reason=why, data={"grade": grade}
        )
    return project


def _final(project, *, passed, grade, by, reason):
    if not grade:
        raise ValidationError(_("请填写终期评估等级"))
    if project.state == ProjectState.IN_PROGRESS:
        project = perform_transition(project, "start_final", by=by)
    if project.state != ProjectState.FINAL_EVALUATION:
        raise ValidationError(
            _("项目当前状态为“%(state)s”，不能登记终期评估结果")
            % {"state": project.get_state_display()}
        )
    FundedProject.objects.filter(pk=project.pk).update(
        final_passed=passed, final_grade=grade, final_decided_at=timezone.now()
    )
    project.refresh_from_db()
    log_event(
        project,
        user=by,
        summary=_("登记终期评估结果：%(result)s，等级%(grade)s")
        % {"result": _("通过") if passed else _("未通过"), "grade": grade},
        passed=passed,
        grade=grade,
    )
    if passed:
        release(project, TrancheTrigger.FINAL_PASSED, by=by)
    else:
        # A failed final evaluation: the money held back for it is not paid.
        for tranche in project.tranches.filter(
            trigger=TrancheTrigger.FINAL_PASSED, state="not_due"
        ):
            perform_transition(tranche, "cancel", by=by, reason=_("终期评估未通过"))
    return project
