"""Publishing the 公示 (a frozen snapshot) and settling objections (异议).

The 公示 runs for the call's number of **working days** on China's official calendar
(`core.workdays`). A 公示 reaching into a year whose official arrangement is not known (none
entered, none in the library) is counted on the documented fallback only once a staff member
confirms it (who and when are stored), and its public page says so. What was published is a JSON
snapshot written once; later changes of amounts or names in the database do not change it. An
upheld objection or a promotion is published as a dated notice below the snapshot, never by
rewriting it.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import workdays
from core.audit import log_event
from core.chinese_text import nested
from core.formats import chinese_day
from core.money import figures
from core.workdays import working_day_span
from core.workflow import perform_transition
from grants.models import ApplicationState
from grants.models.calls import MIN_PUBLICITY_WORKING_DAYS
from review.archive import add_version
from review.draw import plan_for
from review.models import (
    AssignmentState,
    NoticeKind,
    Objection,
    Publicity,
    PublicityNotice,
    RecommendationLine,
    VersionKind,
)

A = ApplicationState
# A 公示 starts within a year of the day it is published (a start in 9999 overflowed the calendar).
PUBLISH_AHEAD = datetime.timedelta(days=365)


def beijing_today() -> datetime.date:
    return timezone.localdate()  # TIME_ZONE is Asia/Shanghai


def publicity_dates(call, start: datetime.date):
    """(first day, last day, last day for objections, calendar covered) of the 公示.

    docs/domain.md §11: never fewer than MIN_PUBLICITY_WORKING_DAYS working days, whatever the
    call stores; objections are accepted until the later of the 公示's end and the call's own
    objection window, both counted from the same start."""
    days = max(call.publicity_working_days or 0, MIN_PUBLICITY_WORKING_DAYS)
    first, last = working_day_span(start, days)
    objections_until = last
    if call.objection_window_days:
        _first, window_end = working_day_span(start, call.objection_window_days)
        objections_until = max(last, window_end)
    covered = not workdays.uncovered_years(first, objections_until)
    return first, last, objections_until, covered


def fallback_refusal(call, start: datetime.date) -> str:
    """The refusal of a 公示 counted without the official arrangement and not confirmed, or ""."""
    first, _last, objections_until, covered = publicity_dates(call, start)
    if covered:
        return ""
    years = "、".join(str(y) for y in workdays.uncovered_years(first, objections_until))
    return _(
        "公示期（自%(start)s起）涉及%(years)s年，该年度国务院办公厅节假日安排尚未录入，"
        "结束日期只能按周一至周五（扣除法定节假日）推算，调休可能使其提前或推后。"
        "请勾选“确认按推算日期公示”后重新提交，或请系统管理员先在后台“节假日安排”中录入该年度安排。"
    ) % {"start": first.isoformat(), "years": years}


def publicity_start_problems(call) -> list[str]:
    """What refuses the call's 开始公示 (also on the generic admin page): the review must be
    closed, and the 公示 itself is published here (`publish`), not by a bare state change."""
    from review.decisions import open_sheet_problems

    problems = open_sheet_problems(call)
    if not Publicity.objects.filter(call_id=call.pk).exists():
        problems.append(_("请在评审工作台发布公示（公示内容与发布时间由系统记录）"))
    return problems


def _entry(line, plan) -> dict:
    application = line.application
    entry = {
        "application": application.pk,
        "position": line.position,
        "project": application.project_name,
        "organization": application.organization.name,
        "category": application.category.name if application.category_id else "",
        "amount": str(line.amount),
    }
    if plan.publish_scores:
        entry["score"] = str(line.final_score) if line.final_score is not None else ""
    return entry


def expert_names(call) -> list[str]:
    """Experts who submitted at least one score sheet for the call, by drawing order."""
    from review.models import ExpertProfile

    experts = (
        ExpertProfile.objects.filter(
            assignments__application__call=call,
            assignments__state=AssignmentState.SUBMITTED,
        )
        .select_related("user")
        .distinct()
        .order_by("user__real_name", "pk")
    )
    return [str(e) for e in experts]


@transaction.atomic
def publish(
    call,
    *,
    by,
    start: datetime.date | None = None,
    contact: str = "",
    seeding_history_at: datetime.datetime | None = None,
    fallback_confirmed_by=None,
    fallback_confirmed_at: datetime.datetime | None = None,
) -> Publicity:
    """Freeze the decided list and open the 公示: applications 拟资助 → 公示中, call → 公示中.

    The 公示 starts on the day it is published (Beijing date) or later, never earlier; the
    moment it goes online is stored (`published_at`), shown on the public pages and written to
    the audit trail, and the first archived version (PDF after commit) is made.

    A 公示 reaching into a year without the official arrangement needs `fallback_confirmed_by`
    (the staff member who confirmed the fallback dates, and when); without it it is refused.

    `seeding_history_at` is for `review.demo` only, which seeds last year's edition: the moment
    the publication is recorded as having happened (a past moment). No view passes it; the
    start is still checked against that moment's date.
    """
    if Publicity.objects.filter(call_id=call.pk).exists():
        raise ValidationError(_("该征集已发布公示"))
    now = seeding_history_at or timezone.now()
    today = timezone.localdate(now)
    start = start or today
    if start < today:
        raise ValidationError(
            _("公示开始日期不能早于发布当天（%(today)s），公示自发布之日起计算")
            % {"today": today.isoformat()}
        )
    if start > today + PUBLISH_AHEAD:
        raise ValidationError(_("公示开始日期不能晚于一年以后"))
    plan = plan_for(call)
    if call.applications.filter(state__in=(A.REVIEWING, A.REVIEWED)).exists():
        raise ValidationError(_("尚有申报书未作出资助决定"))
    from review.decisions import open_sheet_problems

    problems = open_sheet_problems(call)
    if problems:
        raise ValidationError(problems)
    lines = list(
        RecommendationLine.objects.filter(call=call, application__state=A.RECOMMENDED)
        .select_related("application__organization", "application__category")
        .order_by("position")
    )
    if not lines:
        raise ValidationError(_("没有拟资助项目，无需公示"))
    first, last, objections_until, covered = publicity_dates(call, start or beijing_today())
    if not covered and fallback_confirmed_by is None:
        raise ValidationError(fallback_refusal(call, first))
    confirmation = {}
    if not covered:
        confirmation = {
            "calendar_confirmed_by": fallback_confirmed_by,
            "calendar_confirmed_at": fallback_confirmed_at or now,
        }
    snapshot = {
        "title": _("%(title)s拟资助项目公示") % {"title": call.title},
        "call": call.title,
        "edition": call.edition,
        "department": call.department.name,
        "working_days": max(call.publicity_working_days, MIN_PUBLICITY_WORKING_DAYS),
        "published_at": now.isoformat(),
        "plan": plan.statement(),
        "starts_on": first.isoformat(),
        "ends_on": last.isoformat(),
        "objections_until": objections_until.isoformat(),
        "contact": contact,
        "show_scores": plan.publish_scores,
        "entries": [_entry(line, plan) for line in lines],
        "total": str(sum(line.amount for line in lines)),
        "experts": expert_names(call) if plan.publish_expert_names else [],
    }
    publicity = Publicity.objects.create(
        call=call,
        starts_on=first,
        ends_on=last,
        objections_until=objections_until,
        contact=contact,
        snapshot=snapshot,
        calendar_uncovered=not covered,
        published_at=now,
        published_by=by,
        **confirmation,
    )
    for line in lines:
        perform_transition(line.application, "start_publicity", by=by)
    perform_transition(call, "start_publicity", by=by)
    log_event(
        call,
        user=by,
        summary=_("发布公示"),
        published_at=now.isoformat(),
        starts_on=snapshot["starts_on"],
        ends_on=snapshot["ends_on"],
        objections_until=snapshot["objections_until"],
        **_confirmation_details(publicity),
    )
    add_version(publicity, VersionKind.PUBLICITY, by=by, at=now)
    return publicity


def _confirmation_details(publicity) -> dict:
    if not publicity.calendar_uncovered:
        return {}
    return {
        "calendar_fallback_confirmed_by": publicity.calendar_confirmed_by_id,
        "calendar_fallback_confirmed_at": publicity.calendar_confirmed_at.isoformat(),
    }


# --- Objections ---------------------------------------------------------------------------------


@transaction.atomic
def file_objection(
    publicity, *, application_id, name, contact, content, upload=None, today=None
) -> Objection:
    """Anyone may object while the window is open; the window is checked here, not in the form."""
    today = today or beijing_today()
    publicity = Publicity.objects.select_for_update().get(pk=publicity.pk)
    if not publicity.accepts_objections(today):
        raise ValidationError(
            _("异议受理期为%(start)s至%(end)s，现已不在受理期内")
            % {
                "start": chinese_day(publicity.starts_on),
                "end": chinese_day(publicity.objections_until),
            }
        )
    published = {e["application"] for e in publicity.current_entries()}
    if application_id not in published:
        raise ValidationError(_("请选择公示名单中的项目"))
    objection = Objection(
        publicity=publicity,
        application_id=application_id,
        name=name.strip(),
        contact=contact.strip(),
        content=content.strip(),
    )
    if upload is not None:
        objection.attachment.save(upload.name, upload.as_file(), save=False)
        objection.attachment_name = upload.name
        objection.attachment_type = upload.content_type
    objection.save()
    log_event(
        publicity.call,
        user=None,
        summary=_("收到异议"),
        objection=objection.pk,
        application=application_id,
    )
    return objection


def _next_candidate(call, freed, plan):
    """The best-ranked 未入选 application that the freed money and quotas allow."""
    selected = RecommendationLine.objects.filter(call=call, application__state=A.PUBLICITY)
    budget_left = call.total_budget - sum((line.amount for line in selected), 0)
    for line in (
        RecommendationLine.objects.filter(call=call, application__state=A.NOT_SELECTED)
        .select_related("application__category", "application__organization")
        .order_by("position")
    ):
        if line.final_score is None or line.final_score < plan.min_score_to_fund:
            continue
        if line.proposed_why == "no_scores":
            continue
        amount = min(line.requested or 0, call.per_project_cap)
        if amount > budget_left:
            continue
        category = line.application.category
        if category is not None:
            same = selected.filter(application__category=category)
            if category.quota_count is not None and same.count() >= category.quota_count:
                continue
            spent = sum((x.amount for x in same), 0)
            if category.quota_budget is not None and spent + amount > category.quota_budget:
                continue
        return line, amount
    return None, None


@transaction.atomic
def uphold(
    objection, *, by, reason: str, promote: bool = True, confirm_fallback: bool = False
) -> Objection:
    """The objection stands: the application is cancelled, published as a notice, and the next
    ranked application that fits is promoted into the 公示 for its own full period (whose count
    without the official arrangement needs `confirm_fallback`, as when publishing)."""
    objection = perform_transition(objection, "uphold", by=by, reason=reason)
    publicity = Publicity.objects.select_for_update().get(pk=objection.publicity_id)
    call = publicity.call
    plan = plan_for(call)
    application = objection.application
    if application.state == A.PUBLICITY:
        perform_transition(application, "cancel", by=by, reason=reason)
        line = application.recommendation
        entry = next(
            (e for e in publicity.current_entries() if e["application"] == application.pk), {}
        )
        PublicityNotice.objects.create(
            publicity=publicity,
            kind=NoticeKind.CANCELLED,
            entry=entry,
            text=_("经核查，对“%(project)s”（%(org)s）的异议成立，取消其拟资助资格。")
            % {"project": nested(application.project_name), "org": application.organization.name},
        )
        line.selected = False
        line.save(update_fields=["selected"])
        if promote:
            candidate, amount = _next_candidate(call, line.amount, plan)
            if candidate is not None:
                _promote(publicity, candidate, amount, by=by, plan=plan, confirmed=confirm_fallback)
        add_version(publicity, VersionKind.PUBLICITY, by=by, reason=_("异议成立，取消资助"))
    return objection


def _promote(publicity, line, amount, *, by, plan, confirmed):
    today = beijing_today()
    first, last, objections_until, covered = publicity_dates(publicity.call, today)
    if not covered:
        if not confirmed:
            raise ValidationError(fallback_refusal(publicity.call, today))
        publicity.calendar_uncovered = True
        publicity.calendar_confirmed_by = by
        publicity.calendar_confirmed_at = timezone.now()
    line.selected = True
    line.amount = amount
    line.change_reason = _("异议成立后按排名递补")
    line.changed_by = by
    line.changed_at = timezone.now()
    line.save()
    perform_transition(line.application, "promote", by=by, reason=str(line.change_reason))
    entry = {**_entry(line, plan), "starts_on": first.isoformat(), "ends_on": last.isoformat()}
    PublicityNotice.objects.create(
        publicity=publicity,
        kind=NoticeKind.PROMOTED,
        entry=entry,
        text=_(
            "按评审排名递补“%(project)s”（%(org)s），拟资助%(amount)s元，"
            "递补项目公示期为%(start)s至%(end)s。"
        )
        % {
            "project": nested(line.application.project_name),
            "org": line.application.organization.name,
            "amount": figures(amount),
            "start": chinese_day(first),
            "end": chinese_day(last),
        },
    )
    publicity.ends_on = max(publicity.ends_on, last)
    publicity.objections_until = max(publicity.objections_until, objections_until)
    publicity.save(
        update_fields=[
            "ends_on",
            "objections_until",
            "calendar_uncovered",
            "calendar_confirmed_by",
            "calendar_confirmed_at",
        ]
    )
    if not covered:
        log_event(
            publicity.call,
            user=by,
            summary=_("确认递补项目公示期按推算日期计算"),
            **_confirmation_details(publicity),
        )


@transaction.atomic
def reject(objection, *, by, reason: str, summary: str = "") -> Objection:
    """The objection does not stand: a summary of the reason is published."""
    objection = perform_transition(objection, "reject", by=by, reason=reason)
    PublicityNotice.objects.create(
        publicity=objection.publicity,
        kind=NoticeKind.REJECTED,
        entry={"application": objection.application_id},
        text=_("对“%(project)s”的异议经核查不成立：%(summary)s")
        % {"project": nested(objection.application.project_name), "summary": summary or reason},
    )
    add_version(objection.publicity, VersionKind.PUBLICITY, by=by, reason=_("公布异议处理结果"))
    return objection
