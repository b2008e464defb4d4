"""What the site editors may upload as Wagtail documents and images.

Documents are served from the site's own origin (`cms.document_serving`), so a document must be
what its extension says: PDFs and pictures pass `core.uploads.clean_upload` (scripted PDFs are
refused, pictures lose their metadata), office files and archives must carry their format's
magic bytes, text files must not be markup. HTML, SVG, XML and scripts are not on the list
(`WAGTAILDOCS_EXTENSIONS`).

Images keep no EXIF (GPS position, camera, time) or other metadata: the original file is
re-encoded on upload with its orientation applied and its colour profile kept.
"""

import os
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from core.uploads import Kind, clean_upload

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office / WPS binary files
ZIP = b"PK\x03\x04"  # OOXML, OpenDocument, OFD and zip archives
DOCUMENT_MAGIC = {
    "doc": (OLE2,),
    "xls": (OLE2,),
    "ppt": (OLE2,),
    "wps": (OLE2, ZIP),
    "et": (OLE2, ZIP),
    "dps": (OLE2, ZIP),
    "docx": (ZIP,),
    "xlsx": (ZIP,),
    "pptx": (ZIP,),
    "odt": (ZIP,),
    "ods": (ZIP,),
    "odp": (ZIP,),
    "ofd": (ZIP,),
    "zip": (ZIP,),
    "rtf": (b"{\\rtf",),
    "rar": (b"Rar!\x1a\x07",),
    "7z": (b"7z\xbc\xaf\x27\x1c",),
}
TEXT_EXTENSIONS = {"txt", "csv"}
PICTURE_EXTENSIONS = {"jpg", "jpeg", "png"}
MARKUP_HINTS = (b"<html", b"<script", b"<svg", b"<!doctype", b"<?xml", b"<body", b"<iframe")

MSG_DOC_EXT = _("不支持的文件类型“%(ext)s”，仅接受 %(allowed)s 文件。")
MSG_DOC_CONTENT = _(
    "文件内容与扩展名“%(ext)s”不符（可能是改了扩展名的网页或脚本），请上传真实的 %(ext)s 文件。"
)
MSG_IMAGE_CORRUPT = _("图片文件已损坏或无法识别，请检查后重新上传。")


def _extension(f) -> str:
    return os.path.splitext(getattr(f, "name", "") or "")[1].lower().lstrip(".")


def _head(f, size=4096) -> bytes:
    f.seek(0)
    head = f.read(size)
    f.seek(0)
    return head


def check_document(f):
    """Return the file to store for document upload ``f``, or raise a Chinese ValidationError."""
    ext = _extension(f)
    allowed = settings.WAGTAILDOCS_EXTENSIONS
    if ext not in allowed:
        raise ValidationError(
            MSG_DOC_EXT,
            code="extension",
            params={"ext": ext.upper() or _("无扩展名"), "allowed": "、".join(allowed)},
        )
    max_bytes = settings.UPLOAD_MAX_BYTES
    if ext == "pdf":
        clean_upload(f, allowed=[Kind.PDF], max_bytes=max_bytes)
        f.seek(0)
        return f  # kept byte for byte
    if ext in PICTURE_EXTENSIONS:
        return clean_upload(f, allowed=[Kind.JPEG, Kind.PNG], max_bytes=max_bytes).as_file()
    head = _head(f)
    if ext in TEXT_EXTENSIONS:
        lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if b"\x00" in head or lowered.startswith(b"<") or any(m in lowered for m in MARKUP_HINTS):
            raise ValidationError(MSG_DOC_CONTENT, code="mismatch", params={"ext": ext.upper()})
        return f
    if not head.startswith(DOCUMENT_MAGIC.get(ext, ())):
        raise ValidationError(MSG_DOC_CONTENT, code="mismatch", params={"ext": ext.upper()})
    return f


def strip_image_metadata(data: bytes) -> bytes | None:
    """``data`` re-encoded without EXIF/XMP/comments, or None when it carries none to strip.

    JPEG and PNG go through `core.uploads.clean_upload`; WebP is re-encoded here (all frames).
    GIF carries no EXIF and is kept as it is.
    """
    if data.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")):
        name = "image.jpg" if data.startswith(b"\xff\xd8") else "image.png"
        return clean_upload(ContentFile(data, name=name), max_bytes=len(data)).content
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        with Image.open(BytesIO(data), formats=["WEBP"]) as img:
            icc = img.info.get("icc_profile")
            frames = getattr(img, "n_frames", 1)
            out = BytesIO()
            if frames > 1:
                img.save(out, "WEBP", save_all=True, lossless=True, icc_profile=icc or None)
            else:
                clean = ImageOps.exif_transpose(img)
                clean.info = {}
                clean.save(out, "WEBP", quality=90, **({"icc_profile": icc} if icc else {}))
            return out.getvalue()
    return None


def _stripped_file(f):
    f.seek(0)
    data = f.read()
    try:
        clean = strip_image_metadata(data)
    except ValidationError:
        raise
    except Exception as exc:  # anything Pillow throws means "unusable file", never a 500
        raise ValidationError(MSG_IMAGE_CORRUPT, code="corrupt") from exc
    if clean is None:
        f.seek(0)
        return f
    return ContentFile(clean, name=os.path.basename(f.name))


class DocumentForm(BaseDocumentForm):
    """`WAGTAILDOCS_DOCUMENT_FORM_BASE`: every document upload form (single, multiple, chooser)."""

    def clean_file(self):
        f = self.cleaned_data.get("file")
        if f and "file" in self.changed_data:
            return check_document(f)
        return f


class ImageForm(BaseImageForm):
    """`WAGTAILIMAGES_IMAGE_FORM_BASE`: every image upload form strips the metadata."""

    def clean_file(self):
        f = self.cleaned_data.get("file")
        if f and "file" in self.changed_data:
            return _stripped_file(f)
        return f

    def save(self, commit=True):
        image = self.instance
        if image.pk is None and "file" not in self.fields and image.file:
            # The multiple uploader's second step attaches a file kept from the first one (when
            # another field failed): strip it here, and remove the file as it was uploaded.
            old_name = image.file.name
            with image.file.open("rb") as f:
                clean = strip_image_metadata(f.read())
            if clean is not None:
                image.file.save(os.path.basename(old_name), ContentFile(clean), save=False)
                image.file.storage.delete(old_name)
                with Image.open(BytesIO(clean)) as picture:
                    image.width, image.height = picture.size  # orientation may have swapped them
                image._set_image_file_metadata()
        return super().save(commit=commit)
