"""Who hears about what happens to a funded project, and what the organization should do next."""

from django.utils.translation import gettext_lazy as _

from core.notifications import Message, notify
from projects.models.states import ProjectState as P

_NEXT = {
    P.AWAITING_AGREEMENT: _("请下载协议文本，签字盖章后上传扫描件，等待工作人员确认。"),
    P.IN_PROGRESS: _("请按计划实施项目，并按时提交项目报告。"),
    P.MIDTERM: _("项目进入中期评估，请配合第三方评估机构提供材料。"),
    P.FINAL_EVALUATION: _("项目进入终期评估，请配合评估并提交结项材料。"),
    P.CLOSED: _("项目已结项，感谢贵单位的服务。"),
    P.SUSPENDED: _("项目已暂停，后续资金暂停拨付，请按处理意见整改。"),
    P.TERMINATED: _("项目已终止，如有应退回资金，请按期限退回。"),
}


def transition_label(obj, name) -> str:
    field = type(obj)._meta.get_field("state")
    labels = {t.name: t.custom.get("label", t.name) for t in field.get_all_transitions(type(obj))}
    return str(labels.get(name, name))


def project_state_changed(project, *, name, by, reason):
    notify(
        Message.PROJECT_STATE,
        recipients=project.organization.member_emails(),
        context={
            "org_name": project.organization.name,
            "project_name": project.name,
            "transition_label": transition_label(project, name),
            "state_label": str(project.get_state_display()),
            "reason": reason,
            "next_step": str(_NEXT.get(project.state, "")),
            "path": f"/portal/projects/{project.pk}/",
        },
    )


def report_state_changed(report, *, name, by, reason):
    project = report.project
    notify(
        Message.PROJECT_REPORT_STATE,
        recipients=project.organization.member_emails(),
        context={
            "org_name": project.organization.name,
            "project_name": project.name,
            "report_title": report.title,
            "transition_label": transition_label(report, name),
            "state_label": str(report.get_state_display()),
            "reason": reason,
            "path": f"/portal/projects/{project.pk}/reports/{report.pk}/",
        },
    )
