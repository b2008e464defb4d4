"""reports' panels of the staff to-do home (`core.todo`): evaluation results to accept (审定) and
performance reports to review, of the departments the user sees (`core.scoping`)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.formats import iso_time
from core.todo import TodoItem, TodoPanel, register, without_pending_proposal
from orgs.roles import is_programme_staff
from reports.models import Evaluation, EvaluationState, PerformanceReport
from reports.models.states import RESULT_STATES
from reports.models.states import ReportState as PerformanceState


def _to_accept(user, today):
    submitted = Evaluation.objects.for_user(user).filter(state=EvaluationState.SUBMITTED)
    # One already proposed for acceptance waits for the approver (their panel), not for staff.
    return (
        without_pending_proposal(submitted, "accept_evaluation")
        .select_related("project", "agency")
        .order_by("submitted_at", "pk")
    )


def _evaluation_item(evaluation, today):
    return TodoItem(
        text=str(evaluation),
        url=reverse("evaluations:inspect", args=[evaluation.pk]),
        note=_("%(agency)s 提交于 %(when)s")
        % {"agency": evaluation.agency.name, "when": iso_time(evaluation.submitted_at)},
    )


def _to_review(user, today):
    # Reviewable once generated and the evaluation's result is accepted (the transition's
    # conditions `has_version` and `evaluation_accepted`).
    return (
        PerformanceReport.objects.for_user(user)
        .filter(
            state=PerformanceState.GENERATED,
            current_version__isnull=False,
            evaluation__state__in=RESULT_STATES,
        )
        .select_related("evaluation__project")
        .order_by("evaluation__accepted_at", "pk")
    )


def _report_item(report, today):
    return TodoItem(
        text=str(report.evaluation),
        url=reverse("performance_reports:inspect", args=[report.pk]),
        note=_("评估结果审定于 %(when)s") % {"when": iso_time(report.evaluation.accepted_at)},
    )


def register_panels():
    register(
        TodoPanel(
            key="evaluations_to_accept",
            title=gettext_lazy("待审定的评估结果"),
            empty=gettext_lazy("暂无待审定的评估结果"),
            shown_to=is_programme_staff,
            queryset=_to_accept,
            item=_evaluation_item,
            see_all=lambda: reverse("evaluations:index") + f"?state={EvaluationState.SUBMITTED}",
            order=60,
        )
    )
    register(
        TodoPanel(
            key="performance_reports_to_review",
            title=gettext_lazy("待审核的绩效评价报告"),
            empty=gettext_lazy("暂无待审核的绩效评价报告"),
            shown_to=is_programme_staff,
            queryset=_to_review,
            item=_report_item,
            see_all=lambda: (
                reverse("performance_reports:index") + f"?state={PerformanceState.GENERATED}"
            ),
            order=65,
        )
    )
