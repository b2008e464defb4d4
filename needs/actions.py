"""What people do with needs, as plain functions; views and the admin stay thin.

Every state change goes through `core.workflow.perform_transition`; other business events are
written with `core.audit.log_event`. Each function lists its side effects.
"""

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event
from core.scoping import OTHER_DEPARTMENT, department_decision, scope_of
from core.stored_files import delete_stored, store_upload
from core.workflow import TransitionRefused, perform_transition
from grants.models import Call, CallCategory, CallKind
from needs import notify
from needs import permissions as perms
from needs.models import ApplicationNeed, Need, NeedAttachment, NeedInterest, NeedSource
from needs.models.states import NeedState as S
from orgs.departments import department_serving

# --- Recording ----------------------------------------------------------------------------------


def department_for(need):
    """The department responsible for `need` (issue 21): its call's purchaser once it is linked
    to one, else the department serving its region (a street office before its district), else
    the only department of a single-purchaser platform. None when no department serves it: then
    only a system administrator sees it, until one is set."""
    if need.call_id:
        return need.call.department
    return department_serving(need.region_code)


def save_need(*, form, by, org=None) -> Need:
    """Save the owner's form as the need's text (a new draft when `org` is given).

    Side effects: need row; audit event.
    """
    need = form.instance
    creating = need.pk is None
    if creating:
        allowed, reason = perms.can_create_need(org, by)
        if not allowed:
            raise PermissionDenied(reason)
        need.organization = org
        need.source = NeedSource.ORGANIZATION
        need.created_by = by
    if need.call_id is None:
        need.department = department_for(need)  # the region may have changed
    with transaction.atomic():
        if creating:
            need = form.save()
        else:
            # Re-check on the locked row: a colleague may have submitted it meanwhile. Only the
            # form's fields are written, so a stale copy can never put the state back.
            current = Need.objects.select_for_update().get(pk=need.pk)
            allowed, reason = perms.can_edit_need(current, by)
            if not allowed:
                raise PermissionDenied(reason)
            need = form.save(commit=False)
            need.save(update_fields=[*form._meta.fields, "department", "updated_at"])
        log_event(
            need,
            user=by,
            summary=_("登记需求") if creating else _("修改需求"),
            fields=sorted(form.changed_data),
        )
    return need


def submit_public_need(*, form) -> Need:
    """A need from the public form: saved and submitted for moderation in one transaction.

    Side effects: need row (state 已提交, not public until staff publish it); audit entries.
    Nothing is kept when the submission fails.
    """
    need = form.instance
    need.source = NeedSource.PUBLIC
    need.organization = None
    need.department = department_for(need)
    with transaction.atomic():
        need = form.save()
        # No account to record: the audit entry names the public form as the channel instead.
        need = perform_transition(need, "submit", by=None, data={"channel": "public_form"})
    return need


def upload_attachment(*, need, upload, title, by) -> NeedAttachment:
    """Validate `upload` at the boundary and store it privately. Bad files store nothing.

    Side effects: file written; attachment row; audit event.
    """
    allowed, reason = perms.can_edit_need(need, by)
    if not allowed:
        raise PermissionDenied(reason)
    attachment = NeedAttachment(need=need, title=(title or upload.name)[:200])
    summary = _("上传附件：%(title)s") % {"title": attachment.title}
    return store_upload(attachment, upload, by=by, log_on=need, summary=summary)


def delete_attachment(*, attachment, by) -> None:
    """Side effects: attachment row and file removed (file after commit); audit event."""
    need = attachment.need
    allowed, reason = perms.can_edit_need(need, by)
    if not allowed:
        raise PermissionDenied(reason)
    summary = _("删除附件：%(title)s") % {"title": attachment.title}
    delete_stored(attachment, by=by, log_on=need, summary=summary)


# --- Matching -----------------------------------------------------------------------------------


def express_interest(*, need, org, by, approach, capacity, estimated_cost=None) -> NeedInterest:
    """Record (or update) `org`'s offer to serve `need`.

    Side effects: interest row; audit event on the need; e-mail to the owning organization.
    """
    allowed, reason = perms.can_express_interest(need, by, org)
    if not allowed:
        raise PermissionDenied(reason)
    with transaction.atomic():
        interest, created = NeedInterest.objects.update_or_create(
            need=need,
            organization=org,
            defaults={
                "approach": approach,
                "capacity": capacity,
                "estimated_cost": estimated_cost,
                "created_by": by,
            },
        )
        log_event(
            need,
            user=by,
            summary=(_("%(org)s表达承接意向") if created else _("%(org)s修改承接意向"))
            % {"org": org.name},
        )
        if created:
            notify.interest_received(interest)
    return interest


def set_answered_needs(*, application, needs, by) -> list[Need]:
    """Declare which needs of its call `application` answers (replacing the previous choice).

    Side effects: link rows; audit event on the application.
    """
    allowed, reason = perms.can_link_answers(application, by)
    if not allowed:
        raise PermissionDenied(reason)
    needs = list(needs)
    foreign = [n for n in needs if n.call_id != application.call_id]
    if foreign:
        raise ValidationError(_("只能选择本征集所回应的需求"))
    with transaction.atomic():
        ApplicationNeed.objects.filter(application=application).exclude(need__in=needs).delete()
        for need in needs:
            ApplicationNeed.objects.get_or_create(
                application=application, need=need, defaults={"created_by": by}
            )
        log_event(
            application,
            user=by,
            summary=_("设置回应的需求：%(titles)s")
            % {"titles": "、".join(n.title for n in needs) or _("无")},
        )
    return needs


def satisfy_needs_of(application, *, by=perms.SYSTEM) -> list[Need]:
    """The application was funded: each need it answers that is in a call becomes 已满足.

    Called by the `grants.signals.application_awarded` receiver, inside the awarding
    transaction, so a refusal here undoes nothing of the award: such a need is skipped.
    Side effects: need.answered_by set; transitions (audited, owner notified).
    """
    moved = []
    links = ApplicationNeed.objects.filter(application=application, need__state=S.IN_CALL)
    for link in links.select_related("need"):
        try:
            with transaction.atomic():  # a savepoint: a refused need keeps no half-made link
                Need.objects.filter(pk=link.need_id, answered_by__isnull=True).update(
                    answered_by=application
                )
                moved.append(perform_transition(link.need, "satisfy", by=by))
        except (PermissionDenied, TransitionRefused):
            continue
    return moved


# --- Building a call from needs -----------------------------------------------------------------


def describe_needs(needs) -> str:
    """The call's introduction, listing the needs it answers."""
    lines = [_("本征集回应以下经审核公开的服务需求：")]
    for i, need in enumerate(needs, 1):
        facts = [need.location]
        if need.affected_group:
            facts.append(need.affected_group)
        if need.affected_count:
            facts.append(_("约%(n)d人") % {"n": need.affected_count})
        lines.append(f"{i}. {need.title}（{'，'.join(facts)}）")
    return "\n".join(lines)


def suggested_budget(needs) -> tuple[Decimal | None, Decimal | None]:
    """(total, per-project cap) from the needs' budget ranges, or None where none is known."""
    tops = [n.budget_max or n.budget_min for n in needs if n.budget_max or n.budget_min]
    if not tops:
        return None, None
    return sum(tops, Decimal("0.00")), max(tops)


def _check_departments(needs, by, department=None) -> None:
    """`by` acts for every need's department and for the call's purchaser (issue 21)."""
    for need in needs:
        allowed, reason = department_decision(need, by)
        if not allowed:
            raise PermissionDenied(reason)
    found = scope_of(by)
    if department is not None and found is not None and not found.acts(department.pk):
        raise PermissionDenied(str(OTHER_DEPARTMENT))


def _check_linkable(needs) -> None:
    problems = [
        _("“%(title)s”当前状态为“%(state)s”，只有已审核公开的需求可以纳入征集")
        % {"title": n.title, "state": n.get_state_display()}
        for n in needs
        if n.state != S.PUBLISHED
    ]
    if not needs:
        problems.append(_("请至少选择一条需求"))
    if problems:
        raise ValidationError(problems)


def build_call_from_needs(
    *,
    needs,
    by,
    title,
    department,
    kind=CallKind.VENTURE,
    total_budget,
    per_project_cap,
    project_period_months=10,
) -> Call:
    """A draft call pre-filled from `needs`; the needs move to 已纳入征集 and link the call.

    All or nothing: if any need cannot move, no call is created and no need changes.
    Side effects: call row with one 服务领域 per category of the needs; needs linked and moved
    (audited, owners notified); audit event on the call.
    """
    needs = list(needs)
    _check_linkable(needs)
    _check_departments(needs, by, department)
    now = timezone.now()
    opens_at = now + timedelta(days=7)
    closes_at = opens_at + timedelta(days=30)
    with transaction.atomic():
        call = Call(
            title=title,
            kind=kind,
            department=department,
            description=describe_needs(needs),
            total_budget=total_budget,
            per_project_cap=per_project_cap,
            project_period_months=project_period_months,
            opens_at=opens_at,
            closes_at=closes_at,
            completion_deadline=closes_at + timedelta(days=7),
            created_by=by,
        )
        call.full_clean()
        call.save()
        labels = dict.fromkeys(str(n.get_category_display()) for n in needs)
        for i, label in enumerate(labels):
            CallCategory.objects.create(call=call, name=label, sort_order=i)
        log_event(
            call,
            user=by,
            summary=_("由%(n)d条需求生成征集草稿") % {"n": len(needs)},
            needs=[n.pk for n in needs],
        )
        link_needs(needs=needs, by=by, call=call)
    return call


def link_needs(*, needs, by, call=None, announcement_page=None) -> list[Need]:
    """Link published `needs` to an existing call or purchase announcement and move them to
    已纳入征集. All or nothing. Side effects: needs linked and moved (audited, notified)."""
    needs = list(needs)
    _check_linkable(needs)
    if call is None and announcement_page is None:
        raise ValidationError(_("请选择征集或购买公告"))
    _check_departments(needs, by, call.department if call is not None else None)
    moved = []
    with transaction.atomic():
        for need in needs:
            # Accepted into a call: the call's purchaser answers for it from now on.
            department = call.department if call is not None else need.department
            Need.objects.filter(pk=need.pk).update(
                call=call or need.call,
                announcement_page=announcement_page,
                department=department,
            )
            need.department = department
            moved.append(perform_transition(need, "include_in_call", by=by))
    return moved


def answering_candidates(application):
    """Needs of the application's call the applicant may say it answers."""
    return Need.objects.filter(call=application.call_id, state=S.IN_CALL).order_by("pk")
