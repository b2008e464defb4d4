"""Activity photos: verified and cleaned by core.uploads (EXIF and every other metadata dropped,
orientation applied), then resized with Pillow so no original-resolution image is kept. Private
until staff choose to show one publicly."""

from io import BytesIO

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image

from core.audit import log_event
from core.uploads import clean_upload
from projects.models import ReportPhoto

MAX_EDGE = 1600  # pixels: enough for a web page and a printed report
PHOTO_MAX_BYTES = 15 * 1024 * 1024


def _resized(content: bytes, kind: str) -> tuple[bytes, int, int]:
    fmt = "JPEG" if kind == "jpeg" else "PNG"
    with Image.open(BytesIO(content), formats=[fmt]) as img:
        img.load()
        if max(img.size) <= MAX_EDGE:
            return content, img.width, img.height
        img.thumbnail((MAX_EDGE, MAX_EDGE), Image.Resampling.LANCZOS)
        img.info = {}
        out = BytesIO()
        img.save(out, fmt, **({"quality": 85, "optimize": True} if fmt == "JPEG" else {}))
        return out.getvalue(), img.width, img.height


def add_photo(report, upload, *, caption: str, by) -> ReportPhoto:
    cleaned = clean_upload(upload, allowed=("jpeg", "png"), max_bytes=PHOTO_MAX_BYTES)
    content, width, height = _resized(cleaned.content, cleaned.kind)
    photo = ReportPhoto(
        report=report,
        caption=(caption or "").strip()[:200],
        width=width,
        height=height,
        content_type=cleaned.content_type,
        sha256=cleaned.sha256,
        uploaded_by=by,
    )
    try:
        with transaction.atomic():
            photo.image.save(cleaned.name, ContentFile(content), save=False)
            photo.save()
            log_event(
                report.project, user=by, summary=_("上传活动照片"), report=report.pk, photo=photo.pk
            )
    except Exception:
        if photo.image.name and photo.image.storage.exists(photo.image.name):
            photo.image.storage.delete(photo.image.name)  # no row, so no file either
        raise
    return photo


def set_photo_public(photo, *, public: bool, by) -> ReportPhoto:
    ReportPhoto.objects.filter(pk=photo.pk).update(
        is_public=public, made_public_by=by if public else None
    )
    photo.refresh_from_db()
    log_event(
        photo.report.project,
        user=by,
        summary=_("照片设为公开展示") if public else _("照片取消公开展示"),
        photo=photo.pk,
    )
    return photo
