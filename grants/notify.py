"""Who hears about what happens to an application, and what the applicant should do next."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.formats import beijing_time
from core.inbox import site_url
from core.notifications import Message, notify
from core.sms import mobile_number, text_after_commit
from grants.models import ApplicationState as A

_NEXT = {
    A.SUBMITTED: _("已提交，等待民政工作人员进行形式审查。"),
    A.SCREENING: _("工作人员正在进行形式审查，请留意通知。"),
    A.SCREENING_FAILED: _("未通过形式审查，本次申报结束。"),
    A.SCREENING_PASSED: _("已通过形式审查，等待专家评审。"),
    A.REVIEWING: _("专家评审中，请等待评审结果。"),
    A.REVIEWED: _("评审已完成，等待结果公布。"),
    A.RECOMMENDED: _("拟予资助，等待公示。"),
    A.NOT_SELECTED: _("未入选本次资助。"),
    A.PUBLICITY: _("名单公示中，公示期满无异议后立项。"),
    A.FUNDED: _("已立项，请按通知签订资助协议。"),
    A.CANCELLED: _("资助已取消。"),
    A.WITHDRAWN: _("申报已撤回。"),
}


def next_step(application, now=None) -> str:
    """What the applicant must do next, in one sentence."""
    now = now or timezone.now()
    call = application.call
    if application.state == A.DRAFT:
        if now >= call.closes_at:
            return str(_("征集已截止，本草稿不能再提交。"))
        return str(
            _("继续填写申报书，由本单位账号管理员在%(when)s（北京时间）前提交。")
            % {"when": beijing_time(call.closes_at)}
        )
    if application.state == A.RETURNED:
        if now >= call.completion_deadline:
            return str(_("补正期限已过，不能再提交。"))
        return str(
            _("请按退回意见补正，并在%(when)s（北京时间）前重新提交。")
            % {"when": beijing_time(call.completion_deadline)}
        )
    return str(_NEXT.get(application.state, ""))


def applicant_mobile(application) -> str | None:
    """Where texts about an application go: its contact's mobile (联系人手机), else the
    organization's contact phone when that is a mobile."""
    return mobile_number(application.contact_phone) or mobile_number(
        application.organization.contact_phone
    )


def text_returned(application) -> None:
    """Returned for completion (补正): text the applicant, with the deadline, after commit."""
    phone = applicant_mobile(application)
    if not phone:
        return
    text = _(
        "【公益资助平台】贵单位申报的《%(name)s》已退回补正，请在%(when)s（北京时间）前"
        "按意见补正后重新提交：%(link)s"
    ) % {
        "name": str(application),
        "when": beijing_time(application.call.completion_deadline),
        "link": site_url() + reverse("portal:application_detail", args=[application.pk]),
    }
    text_after_commit(phone, str(text))


def application_state_changed(application, *, name, by, reason):
    """E-mail the applying organization's members after commit (kept as messages now); a return
    for completion is also texted to the applicant's mobile."""
    if name == "return_for_completion":
        text_returned(application)
    label = dict(
        (t.name, t.custom.get("label", t.name))
        for t in type(application)._meta.get_field("state").get_all_transitions(type(application))
    ).get(name, name)
    notify(
        Message.APPLICATION_STATE,
        recipients=application.organization.member_emails(),
        context={
            "org_name": application.organization.name,
            "project_name": str(application),
            "call_title": application.call.title,
            "submission_number": application.submission_number or "",
            "transition_label": str(label),
            "state_label": str(application.get_state_display()),
            "reason": reason,
            "actor": str(by) if by else "",
            "next_step": next_step(application),
            "path": f"/portal/applications/{application.pk}/",
        },
    )
