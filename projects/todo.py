"""projects' panels of the staff to-do home (`core.todo`): agreements to confirm, progress reports
to review, reports overdue, of the departments the user sees (`core.scoping`). Each line opens the
project's page, where the work is done."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.formats import iso_day, iso_time
from core.todo import TodoItem, TodoPanel, register
from orgs.roles import is_programme_staff
from projects.models import AgreementState, FundedProject, ProgressReport, ProjectState, ReportState


def _project_url(project_id, section: str) -> str:
    return reverse("funded_projects:inspect", args=[project_id]) + f"#{section}"


def _dashboard() -> str:
    return reverse("funded_projects:dashboard")


def _agreements(user, today):
    return (
        FundedProject.objects.for_user(user)
        .filter(state=ProjectState.AWAITING_AGREEMENT, agreement_state=AgreementState.UPLOADED)
        .select_related("organization")
        .order_by("signed_uploaded_at", "pk")
    )


def _agreement_item(project, today):
    return TodoItem(
        text=f"{project.organization.name} · {project.name}",
        url=_project_url(project.pk, "agr-h"),
        note=_("签署件上传于 %(when)s") % {"when": iso_time(project.signed_uploaded_at)},
    )


def _to_review(user, today):
    return (
        ProgressReport.objects.for_user(user)
        .filter(state=ReportState.SUBMITTED)
        .select_related("project__organization")
        .order_by("submitted_at", "pk")
    )


def _review_item(report, today):
    return TodoItem(
        text=f"{report.project.organization.name} · {report.project.name}：{report.title}",
        url=_project_url(report.project_id, "rep-h"),
        note=_("提交于 %(when)s") % {"when": iso_time(report.submitted_at)},
    )


def _overdue(user, today):
    return (
        ProgressReport.objects.for_user(user)
        .overdue(today)
        .select_related("project__organization")
        .order_by("due_on", "pk")
    )


def _overdue_item(report, today):
    return TodoItem(
        text=f"{report.project.organization.name} · {report.project.name}：{report.title}",
        url=_project_url(report.project_id, "rep-h"),
        note=_("截止 %(due)s，逾期 %(days)d 天")
        % {"due": iso_day(report.due_on), "days": report.days_overdue(today)},
    )


def register_panels():
    register(
        TodoPanel(
            key="agreements_to_confirm",
            title=gettext_lazy("待确认的协议"),
            empty=gettext_lazy("暂无待确认的协议"),
            shown_to=is_programme_staff,
            queryset=_agreements,
            item=_agreement_item,
            see_all=_dashboard,
            order=40,
        )
    )
    register(
        TodoPanel(
            key="progress_reports_to_review",
            title=gettext_lazy("待审核的项目报告"),
            empty=gettext_lazy("暂无待审核的项目报告"),
            shown_to=is_programme_staff,
            queryset=_to_review,
            item=_review_item,
            see_all=_dashboard,
            order=50,
        )
    )
    register(
        TodoPanel(
            key="overdue_reports",
            title=gettext_lazy("逾期未交的项目报告"),
            empty=gettext_lazy("暂无逾期未交的项目报告"),
            shown_to=is_programme_staff,
            queryset=_overdue,
            item=_overdue_item,
            see_all=_dashboard,
            order=70,
        )
    )
