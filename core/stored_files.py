"""Private uploads: the metadata every stored file carries, and the one way to store one.

A model holding an upload inherits ``StoredFile`` and adds its owner and its ``file`` field (with
its own ``upload_to``; optionally a ``thumbnail`` field). ``store_upload`` validates the upload at
the boundary, writes file and row together, and leaves nothing behind when anything fails.
"""

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from core.audit import log_event
from core.uploads import clean_upload

FILE_FIELDS = ("file", "thumbnail")


class StoredFile(models.Model):
    title = models.CharField(_("标题"), max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=50)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    @property
    def extension(self) -> str:
        return self.file.name.rsplit(".", 1)[-1] if "." in self.file.name else ""

    @property
    def download_name(self) -> str:
        """The title with the stored file's extension: what the browser saves it as."""
        return f"{self.title}.{self.extension}" if self.extension else self.title


def store_upload(record: StoredFile, upload, *, by, log_on, summary, **checks) -> StoredFile:
    """Validate `upload`, then save it into `record` (unsaved, owner and title set) and log.

    `checks` go to `core.uploads.clean_upload` (``allowed``, ``max_bytes``). Side effects: file(s)
    written to the record's storage, the row saved, an audit event on `log_on`. A bad file raises
    ``ValidationError`` before anything is written; a failure after writing removes the files.
    """
    checks.setdefault("max_bytes", settings.UPLOAD_MAX_BYTES)
    clean = clean_upload(upload, **checks)
    record.original_name = upload.name[:200]
    record.content_type = clean.content_type
    record.size = clean.size
    record.sha256 = clean.sha256
    record.uploaded_by = by
    try:
        with transaction.atomic():
            record.file.save(clean.name, clean.as_file(), save=False)
            thumbnail = clean.thumbnail_file()
            if thumbnail is not None and hasattr(record, "thumbnail"):
                record.thumbnail.save(thumbnail.name, thumbnail, save=False)
            record.save()
            log_event(log_on, user=by, summary=summary)
    except Exception:
        discard_files(record)
        raise
    return record


def delete_stored(record: StoredFile, *, by, log_on, summary) -> None:
    """Delete the row and log; the files go once the deletion has committed."""
    with transaction.atomic():
        record.delete()
        log_event(log_on, user=by, summary=summary)
        transaction.on_commit(lambda: discard_files(record))


def discard_files(record: StoredFile) -> None:
    for name in FILE_FIELDS:
        field = getattr(record, name, None)
        if field and field.name and field.storage.exists(field.name):
            field.storage.delete(field.name)
