"""申报编号 and 申报回执: the number an application gets on its first submission, and one receipt
per submission (first and every resubmission after a return) with a digest of what was handed in.

Numbers are `<year>-<call pk>-<serial>` (the Beijing year the call opens), counted per call by a
`SubmissionCounter` row locked with select_for_update; a number is never changed or reused (the
counter only grows, withdrawal keeps the number, a unique constraint guards the rest).
"""

import hashlib
import json

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.files import private_storage
from core.formats import BEIJING


class SubmissionCounter(models.Model):
    call = models.OneToOneField(
        "grants.Call", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("申报编号计数")
        verbose_name_plural = _("申报编号计数")

    def __str__(self):
        return f"{self.call_id}: {self.last}"


def next_submission_number(call) -> str:
    """The next number of `call`; call inside the submitting transaction (the row stays locked)."""
    SubmissionCounter.objects.get_or_create(call=call)
    counter = SubmissionCounter.objects.select_for_update().get(call=call)
    counter.last += 1
    counter.save(update_fields=["last"])
    year = call.opens_at.astimezone(BEIJING).year
    return f"{year}-{call.pk:04d}-{counter.last:04d}"


# Bookkeeping that changes without the applicant handing in anything different.
NOT_CONTENT = {
    "id",
    "state",
    "revision",
    "last_reason",
    "created_by",
    "updated_by",
    "created_at",
    "updated_at",
    "first_submitted_at",
    "submitted_at",
    "submission_number",
}


def content_digest(application) -> str:
    """SHA-256 of a canonical JSON of the submitted content: the application's fields (with the
    organization snapshot), budget, team and the attachments' file hashes."""
    fields = {
        f.attname: f.value_from_object(application)
        for f in application._meta.concrete_fields
        if f.name not in NOT_CONTENT
    }
    content = {
        "application": fields,
        "budget": list(
            application.budget_lines.order_by("pk").values(
                "category", "item", "unit_price", "quantity", "amount", "funding_source"
            )
        ),
        "team": list(application.team_members.order_by("pk").values()),
        "attachments": list(
            application.attachments.order_by("pk").values(
                "kind", "title", "original_name", "sha256"
            )
        ),
    }
    for member in content["team"]:
        member.pop("id", None)
    canonical = json.dumps(
        content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def receipt_upload_to(instance, filename):
    return f"grants/receipts/{instance.application_id}/{filename}"


class SubmissionReceipt(models.Model):
    application = models.ForeignKey(
        "grants.Application",
        verbose_name=_("申报书"),
        on_delete=models.CASCADE,
        related_name="receipts",
    )
    number = models.CharField(_("申报编号"), max_length=32)
    sequence = models.PositiveSmallIntegerField(_("回执序号"))
    submitted_at = models.DateTimeField(_("提交时间"))
    digest = models.CharField(_("内容摘要（SHA-256）"), max_length=64)
    # As handed in: the call and organization may be renamed later, the receipt is not.
    call_title = models.CharField(_("征集名称"), max_length=200)
    organization_name = models.CharField(_("申报单位"), max_length=200)
    organization_uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    pdf = models.FileField(
        _("回执文件"), storage=private_storage, upload_to=receipt_upload_to, blank=True
    )

    class Meta:
        verbose_name = _("申报回执")
        verbose_name_plural = _("申报回执")
        ordering = ["application", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "sequence"], name="receipt_sequence_unique"
            )
        ]

    def __str__(self):
        return f"{self.number} #{self.sequence}"


def issue_receipt(application) -> SubmissionReceipt:
    """Receipt n+1 for the submission just saved (inside the submitting transaction)."""
    last = application.receipts.order_by("-sequence").values_list("sequence", flat=True).first()
    return SubmissionReceipt.objects.create(
        application=application,
        number=application.submission_number,
        sequence=(last or 0) + 1,
        submitted_at=application.submitted_at,
        digest=content_digest(application),
        **frozen_names(application),
    )


def frozen_names(application) -> dict:
    snapshot = application.org_snapshot or {}
    return {
        "call_title": application.call.title,
        "organization_name": snapshot.get("name") or application.organization.name,
        "organization_uscc": snapshot.get("uscc") or "",
    }
