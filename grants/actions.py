"""Business actions on applications. Views stay thin and call these.

State changes go through `core.workflow.perform_transition` only; the functions here add what a
transition must not do itself (locking the applying organization, saving form data, files).
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event
from core.choices import row_id
from core.stored_files import delete_stored, store_upload
from core.workflow import perform_transition
from grants import permissions as perms
from grants import questions
from grants.eligibility import check_eligibility
from grants.models import (
    Application,
    ApplicationAttachment,
    ApplicationState,
    AttachmentKind,
    BudgetLine,
    Call,
    CallState,
    TeamMember,
)
from orgs.models import Organization

# Model fields the applicant's form may set (everything else is the platform's).
FORM_FIELDS = [
    "category",
    "project_name",
    "lead_name",
    "lead_phone",
    "contact_name",
    "contact_phone",
    "contact_email",
    "org_profile",
    "summary",
    "needs_analysis",
    "objectives",
    "activities",
    "expected_outcomes",
    "risks",
    "region_code",
    "street",
    "community",
    "direct_beneficiaries",
    "indirect_beneficiaries",
    "period_months",
    "amount_requested",
]


class StaleDraft(Exception):
    """Someone else saved the draft since this copy of the form was loaded."""


def _lock_org(org_id) -> Organization:
    # Serializes starts and submissions of one organization, so "K applications per
    # organization" cannot be exceeded by two members clicking at once.
    return Organization.objects.select_for_update().get(pk=org_id)


def start_application(*, call, org, by) -> Application:
    """Create a draft of `org` for `call` after checking eligibility.

    Side effects: organization row locked; Application created; audit event.
    Raises ValidationError listing every failing rule, or if the call does not take applications.
    """
    with transaction.atomic():
        _lock_org(org.pk)
        # A fresh row rather than call.refresh_from_db(): django-fsm's refresh_from_db flips a
        # class-wide "protected" flag and is not thread-safe (seen under concurrent requests).
        call = Call.objects.get(pk=call.pk)
        if call.state != CallState.PUBLISHED or timezone.now() >= call.closes_at:
            raise ValidationError(_("该征集当前不接受申报"))
        failures = check_eligibility(org, call)
        if failures:
            raise ValidationError([str(f) for f in failures])
        application = Application.objects.create(
            call=call,
            organization=org,
            created_by=by,
            updated_by=by,
            contact_name=by.real_name,
            contact_phone=by.mobile or "",
            contact_email=by.email,
        )
        log_event(application, user=by, summary=_("创建申报书草稿"))
    return application


@dataclass
class SaveResult:
    application: Application
    errors: dict = field(default_factory=dict)  # field or formset prefix -> messages

    @property
    def complete(self) -> bool:
        return not self.errors


def save_draft(*, application, form, team, budget, by, expected_revision=None) -> SaveResult:
    """Save what the applicant typed; keep the stored value of anything that is not valid.

    A draft is never refused for being unfinished: valid fields are saved, invalid ones are
    reported. Team and budget rows are replaced as a whole when their formset is valid.
    `expected_revision`: refuse with StaleDraft if another save happened since (autosave).
    Side effects: row lock; Application saved with revision + 1; rows replaced.
    """
    form.is_valid()
    team_ok, budget_ok = team.is_valid(), budget.is_valid()
    errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
    if not team_ok:
        errors[team.prefix] = team.error_list()
    if not budget_ok:
        errors[budget.prefix] = budget.error_list()
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        allowed, reason = perms.can_edit_application(locked, by)
        if not allowed:
            raise PermissionDenied(reason)
        if expected_revision is not None and expected_revision != locked.revision:
            raise StaleDraft
        for name in FORM_FIELDS:
            if name in form.fields and name not in form.errors:
                setattr(locked, name, form.cleaned_data.get(name))
        answers = dict(locked.extra_answers or {})
        for name, value in form.cleaned_data.items():
            if name.startswith(questions.FIELD_PREFIX) and name not in form.errors:
                answers[name.removeprefix(questions.FIELD_PREFIX)] = questions.to_json(value)
        locked.extra_answers = answers
        locked.revision += 1
        locked.updated_by = by
        locked.save()
        if team_ok:
            locked.team_members.all().delete()
            TeamMember.objects.bulk_create(
                TeamMember(application=locked, position=i, **row)
                for i, row in enumerate(team.rows())
            )
        if budget_ok:
            locked.budget_lines.all().delete()
            BudgetLine.objects.bulk_create(
                BudgetLine(application=locked, position=i, **row)
                for i, row in enumerate(budget.rows())
            )
    return SaveResult(application=locked, errors=errors)


def submit_application(*, application, by) -> Application:
    """Hand in a draft, or a returned application after completion.

    Side effects: organization and application rows locked; deadline, eligibility, completeness
    and budget checked (TransitionRefused lists every problem); snapshot of the registry data;
    audit entry; e-mail to the organization's members after commit.
    """
    name = "resubmit" if application.state == ApplicationState.RETURNED else "submit"
    with transaction.atomic():
        _lock_org(application.organization_id)
        return perform_transition(application, name, by=by)


def move_application(*, application, name, by, reason="") -> Application:
    """Any other move (withdraw, screening decisions) through the one door."""
    if name in ("submit", "resubmit"):
        return submit_application(application=application, by=by)
    return perform_transition(application, name, by=by, reason=reason)


def upload_attachment(*, application, slot: str, upload, by) -> ApplicationAttachment:
    """Store an uploaded file for `slot` ("commitment", "req-<id>" or "q-<question id>").

    The file is validated at the boundary (core.uploads) and stored privately; bad files store
    nothing. Side effects: file written; attachment row; audit event.
    """
    allowed, reason = perms.can_edit_application(application, by)
    if not allowed:
        raise PermissionDenied(reason)
    kind, requirement, question_key, title = _resolve_slot(application, slot)
    attachment = ApplicationAttachment(
        application=application,
        kind=kind,
        requirement=requirement,
        question_key=question_key,
        title=title,
    )
    summary = _("上传附件：%(title)s") % {"title": title}
    return store_upload(attachment, upload, by=by, log_on=application, summary=summary)


def _resolve_slot(application, slot):
    call = application.call
    if slot == "commitment":
        return AttachmentKind.COMMITMENT, None, "", _("承诺书")
    if slot.startswith("req-") and (requirement_id := row_id(slot[4:])):
        requirement = call.required_attachments.filter(pk=requirement_id).first()
        if requirement:
            return AttachmentKind.REQUIRED, requirement, "", requirement.name
    if slot.startswith("q-"):
        for block_id, kind, spec in questions.questions(call):
            if kind == "file" and block_id == slot[2:]:
                return AttachmentKind.QUESTION, None, block_id, spec["label"]
    raise ValidationError(_("请选择要上传的附件项目"))


def delete_attachment(*, attachment, by) -> None:
    application = attachment.application
    allowed, reason = perms.can_edit_application(application, by)
    if not allowed:
        raise PermissionDenied(reason)
    summary = _("删除附件：%(title)s") % {"title": attachment.title}
    delete_stored(attachment, by=by, log_on=application, summary=summary)
