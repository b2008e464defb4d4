"""Published records kept as published: a dated version and a PDF for every 公示 and 立项结果.

docs/domain.md §5 and §11: what went online is archived with its publication time, and a later
change is a new, dated version (更正) beside the old one, never a silent replacement.

* `add_version(publicity, kind, by=, at=, reason=)` writes the next `PublishedVersion` with what
  the public page shows at that moment (the frozen snapshot, the contact, the list as amended by
  the notices, the notices themselves) and queues its PDF after commit. Publishing the 公示
  (`review.publication.publish`), each notice (an objection settled, a promotion), a correction
  (`correct`) and the award (`review.award.award`) call it.
* `store_version_pdf(version_id)` lays the version out with WeasyPrint, signs it (`core.signing`:
  the register marks the earlier versions of the same kind replaced) and keeps it; it runs in a
  task after commit (never under a transition's row lock) or on the first download if the task
  has not stored it yet. Idempotent: whoever stores first wins.
"""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import log_event
from core.formats import beijing_time
from core.pdf import render_pdf
from core.signing.pdf import sign_pdf
from core.signing.register import issue
from review.models import Publicity, PublishedVersion, VersionKind

TEMPLATE = "review/pdf/published_version.html"


def publicity_content(publicity, *, contact=None) -> dict:
    snapshot = dict(publicity.snapshot)
    # Counted without the official arrangement (also for a later promotion): the PDF says so.
    snapshot["calendar_fallback"] = publicity.calendar_uncovered
    if contact is not None:
        snapshot["contact"] = contact
    return {
        "snapshot": snapshot,
        "entries": publicity.current_entries(),
        "notices": [
            {"published_at": n.published_at.isoformat(), "text": n.text}
            for n in publicity.notices.all()
        ],
    }


def latest(publicity, kind=VersionKind.PUBLICITY) -> PublishedVersion | None:
    return publicity.versions.filter(kind=kind).order_by("-number").first()


def add_version(publicity, kind, *, by, at=None, reason="", content=None) -> PublishedVersion:
    """The next version of `kind`; its PDF is laid out after commit. Side effect: audit entry."""
    at = at or timezone.now()
    if content is None:
        if kind == VersionKind.RESULT:
            content = {"result": publicity.result_snapshot}
        else:
            previous = latest(publicity)
            contact = previous.content["snapshot"].get("contact") if previous else None
            content = publicity_content(publicity, contact=contact)
    number = (publicity.versions.filter(kind=kind).aggregate(n=Max("number"))["n"] or 0) + 1
    version = PublishedVersion.objects.create(
        publicity=publicity,
        kind=kind,
        number=number,
        published_at=at,
        published_by=by if getattr(by, "pk", None) else None,
        reason=reason,
        content=content,
    )
    log_event(
        publicity.call,
        user=by,
        summary=_("发布%(kind)s第%(n)d版") % {"kind": version.get_kind_display(), "n": number},
        published_at=at.isoformat(),
        reason=reason,
    )
    queue_version_pdf(version)
    return version


@transaction.atomic
def correct(publicity, *, by, reason: str, contact: str) -> PublishedVersion:
    """A correction (更正) of a running 公示's contact for objections: a new dated version; the
    snapshot and the earlier versions stay as they were published."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("更正须填写说明"))
    publicity = Publicity.objects.select_for_update().get(pk=publicity.pk)
    if publicity.result_snapshot is not None:
        raise ValidationError(_("已确定立项，公示不能再更正"))
    publicity.contact = contact.strip()
    publicity.save(update_fields=["contact"])
    return add_version(
        publicity,
        VersionKind.PUBLICITY,
        by=by,
        reason=reason,
        content=publicity_content(publicity, contact=publicity.contact),
    )


def version_context(version) -> dict:
    content = version.content
    publicity = version.publicity
    return {
        "version": version,
        "publicity": publicity,
        "published": beijing_time(version.published_at),
        "snap": content.get("snapshot", {}),
        "entries": content.get("entries", []),
        "notices": content.get("notices", []),
        "result": content.get("result"),
    }


def version_title(version) -> str:
    title = version.published.get("title", "") or str(version.publicity)
    return _("%(title)s（第%(n)d版）") % {"title": title, "n": version.number}


def version_public_url(version) -> str:
    name = (
        "review_public:result" if version.kind == VersionKind.RESULT else "review_public:publicity"
    )
    return reverse(name, args=[version.publicity_id])


def store_version_pdf(version_id: int) -> bytes:
    """Lay out version `version_id`, sign it and keep it; the signed file is registered as issued
    (`core.signing`), replacing the earlier versions of its kind (see the module docstring)."""
    version = PublishedVersion.objects.select_related("publicity__call").get(pk=version_id)
    if not version.pdf:
        pdf = sign_pdf(
            render_pdf(TEMPLATE, version_context(version)), reason=version_title(version)
        )
        field = version.pdf
        name = field.storage.save(
            field.field.generate_filename(version, f"publicity-{version.pk}.pdf"),
            ContentFile(pdf),
        )
        with transaction.atomic():  # stored and registered together, or neither
            if PublishedVersion.objects.filter(pk=version_id, pdf="").update(pdf=name):
                issue(
                    pdf,
                    record=version,
                    kind=f"review.{version.kind}",
                    title=version_title(version),
                    issued_at=version.published_at,
                    public_url=version_public_url(version),
                    series=f"review.publicity.{version.publicity_id}.{version.kind}",
                    sequence=version.number,
                )
                return pdf
        field.storage.delete(name)
        version.refresh_from_db(fields=["pdf"])
    with version.pdf.open("rb") as f:
        return f.read()


def queue_version_pdf(version) -> None:
    from review.tasks import store_version_pdf_task

    version_id = version.pk
    transaction.on_commit(
        lambda: store_version_pdf_task.enqueue(version_id=version_id), robust=True
    )
