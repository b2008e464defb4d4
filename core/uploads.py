"""The single boundary every user upload passes through.

``clean_upload`` reads an uploaded file (bounded), checks that its extension,
magic bytes and structure agree, refuses anything dangerous (SVG, executables,
decompression bombs, truncated images, encrypted or scripted PDFs) and returns
a ``CleanUpload`` whose ``content`` is what may be stored: images are decoded
and re-encoded without EXIF/GPS/text metadata, PDFs are kept byte for byte.
Every refusal is a ``ValidationError`` carrying one Chinese message.
"""

import hashlib
import re
import unicodedata
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject


class Kind(StrEnum):
    PDF = "pdf"
    JPEG = "jpeg"
    PNG = "png"


EXTENSIONS = {".pdf": Kind.PDF, ".jpg": Kind.JPEG, ".jpeg": Kind.JPEG, ".png": Kind.PNG}
CANONICAL_EXT = {Kind.PDF: ".pdf", Kind.JPEG: ".jpg", Kind.PNG: ".png"}
CONTENT_TYPES = {Kind.PDF: "application/pdf", Kind.JPEG: "image/jpeg", Kind.PNG: "image/png"}
LABELS = {Kind.PDF: "PDF", Kind.JPEG: "JPG", Kind.PNG: "PNG"}
THUMBNAIL_SIZE = (320, 320)
MAX_STEM = 80

MSG_EMPTY = _("文件为空，请选择有内容的文件。")
MSG_TOO_LARGE = _("文件过大，大小不得超过 %(limit)s。")
MSG_BAD_EXT = _("不支持的文件类型“%(ext)s”，仅接受 %(allowed)s 文件。")
MSG_SVG = _("出于安全原因不接受SVG文件，仅接受 %(allowed)s 文件。")
MSG_MISMATCH = _(
    "文件内容与扩展名不符：扩展名为 %(ext)s，实际内容为%(actual)s。请上传真实的 %(ext)s 文件。"
)
MSG_PIXELS = _("图片尺寸过大，像素总数不得超过 %(limit)s。")
MSG_TRUNCATED = _("图片文件不完整，可能在上传过程中中断，请重新上传。")
MSG_CORRUPT = _("文件已损坏或无法识别，请检查后重新上传。")
MSG_PDF_INCOMPLETE = _("PDF文件不完整（缺少结束标记），可能已损坏或未上传完整。")
MSG_PDF_ENCRYPTED = _("不接受加密的PDF，请取消密码保护后重新上传。")
MSG_PDF_NO_PAGES = _("PDF文件没有任何页面。")
MSG_PDF_ACTIVE = _("PDF含有脚本或嵌入文件，不予接收。请另存为不含脚本和附件的PDF后重新上传。")

# Magic bytes -> (accepted kind, label). Dangerous non-accepted types are listed
# only so the user is told precisely what was uploaded.
SIGNATURES = {
    b"%PDF-": (Kind.PDF, "PDF"),
    b"\xff\xd8\xff": (Kind.JPEG, _("JPEG图片")),
    b"\x89PNG\r\n\x1a\n": (Kind.PNG, _("PNG图片")),
    b"MZ": (None, _("Windows可执行程序")),
    b"\x7fELF": (None, _("可执行程序")),
    b"\xcf\xfa\xed\xfe": (None, _("可执行程序")),
    b"#!": (None, _("脚本")),
    b"PK\x03\x04": (None, _("压缩包")),
    b"Rar!": (None, _("压缩包")),
    b"7z\xbc\xaf": (None, _("压缩包")),
}

# PDF names that mean scripts, launched programs, attachments or auto-run actions.
PDF_ACTIVE_NAMES = {"/JavaScript", "/JS", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/AA"}
_PDF_ACTIVE_RE = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFiles?|AA)(?=[\s/<>\[\]()%{}]|$)")
_PDF_HEX_ESCAPE_RE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_STREAM_START_RE = re.compile(rb"\bstream\r?\n")
_UNSAFE_NAME_CHARS_RE = re.compile(r"[^\w\-()]+")  # also turns dots into "_": no "x.php.jpg"


@dataclass(frozen=True)
class CleanUpload:
    name: str
    kind: Kind
    content: bytes
    content_type: str
    size: int
    sha256: str
    width: int | None
    height: int | None
    thumbnail: bytes | None

    def as_file(self) -> ContentFile:
        return ContentFile(self.content, name=self.name)

    def thumbnail_file(self) -> ContentFile | None:
        if self.thumbnail is None:
            return None
        stem, dot, ext = self.name.rpartition(".")
        return ContentFile(self.thumbnail, name=f"{stem}_thumb{dot}{ext}")


def clean_upload(
    f,
    *,
    allowed: Iterable[Kind] = (Kind.PDF, Kind.JPEG, Kind.PNG),
    max_bytes: int = 20 * 1024 * 1024,
    max_pixels: int = 40_000_000,
) -> CleanUpload:
    allowed = [Kind(k) for k in allowed]  # ValueError for anything else, e.g. "svg"
    allowed_label = "、".join(dict.fromkeys(LABELS[k] for k in allowed))
    too_large = ValidationError(
        MSG_TOO_LARGE, code="too_large", params={"limit": filesizeformat(max_bytes)}
    )

    declared = getattr(f, "size", None)
    if declared == 0:
        raise ValidationError(MSG_EMPTY, code="empty")
    if declared is not None and declared > max_bytes:
        raise too_large

    stem, ext = _split_name(getattr(f, "name", None) or "")
    kind = EXTENSIONS.get(ext)
    if ext == ".svg" or ext == ".svgz":
        raise ValidationError(MSG_SVG, code="svg", params={"allowed": allowed_label})
    if kind not in allowed:
        shown = ext.lstrip(".").upper() or _("无扩展名")
        raise ValidationError(
            MSG_BAD_EXT, code="extension", params={"ext": shown, "allowed": allowed_label}
        )

    data = _read_limited(f, max_bytes + 1)
    if not data:
        raise ValidationError(MSG_EMPTY, code="empty")
    if len(data) > max_bytes:
        raise too_large

    sniffed, actual = _sniff(data)
    if sniffed is not kind:
        raise ValidationError(
            MSG_MISMATCH, code="mismatch", params={"ext": LABELS[kind], "actual": actual}
        )

    try:
        if kind is Kind.PDF:
            _check_pdf(data)
            content, width, height, thumbnail = data, None, None, None
        else:
            content, width, height, thumbnail = _clean_image(data, kind, max_pixels)
    except ValidationError:
        raise
    except Exception as exc:  # anything Pillow/pypdf throws means "unusable file", never a 500
        raise ValidationError(MSG_CORRUPT, code="corrupt") from exc

    return CleanUpload(
        name=stem + CANONICAL_EXT[kind],
        kind=kind,
        content=content,
        content_type=CONTENT_TYPES[kind],
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        width=width,
        height=height,
        thumbnail=thumbnail,
    )


def _split_name(raw: str) -> tuple[str, str]:
    """Return (safe stem, lower-case extension) of a client-supplied file name."""
    base = unicodedata.normalize("NFC", raw.replace("\\", "/").rsplit("/", 1)[-1])
    # Drop control/format characters (incl. bidi overrides such as U+202E).
    base = "".join(ch for ch in base if not unicodedata.category(ch).startswith("C"))
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    stem = _UNSAFE_NAME_CHARS_RE.sub("_", stem).strip("_-")[:MAX_STEM].strip("_-")
    return stem or "upload", dot + ext.strip().lower()


def _read_limited(f, limit: int) -> bytes:
    """Read at most ``limit`` bytes from the start of ``f``."""
    try:
        f.seek(0)
    except (AttributeError, OSError, ValueError):
        pass
    buf = bytearray()
    while len(buf) < limit:
        chunk = f.read(limit - len(buf))
        if not chunk:
            break
        buf += chunk
    return bytes(buf)


def _sniff(data: bytes) -> tuple[Kind | None, str]:
    """Identify content by magic bytes; return (accepted kind or None, label for messages)."""
    for magic, found in SIGNATURES.items():
        if data.startswith(magic):
            return found
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"<svg" in head:
        return None, _("SVG图像")
    if head.startswith(b"<") or b"<script" in head:
        return None, _("网页或XML文档")
    return None, _("无法识别的格式")


def _clean_image(data: bytes, kind: Kind, max_pixels: int) -> tuple[bytes, int, int, bytes]:
    fmt = "JPEG" if kind is Kind.JPEG else "PNG"
    pixels_error = ValidationError(MSG_PIXELS, code="pixels", params={"limit": f"{max_pixels:,}"})
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(BytesIO(data), formats=[fmt]) as img:
                width, height = img.size  # header only, nothing decoded yet
                if width * height > max_pixels:
                    raise pixels_error
                # Our own end-marker check, so a process-wide
                # ImageFile.LOAD_TRUNCATED_IMAGES = True cannot let truncated files in.
                end, last_data = (
                    (b"\xff\xd9", b"\xff\xda") if kind is Kind.JPEG else (b"IEND", b"IDAT")
                )
                if data.rfind(end) < data.rfind(last_data):
                    raise ValidationError(MSG_TRUNCATED, code="truncated")
                img.verify()
            with Image.open(BytesIO(data), formats=[fmt]) as img:
                img.load()
                info = dict(img.info)
                clean = ImageOps.exif_transpose(img)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise pixels_error from exc

    clean.info = {}  # nothing of the original (EXIF, XMP, comments, text chunks) is carried over
    if kind is Kind.JPEG and clean.mode not in ("RGB", "L"):
        clean = clean.convert("RGB")  # e.g. CMYK: its ICC profile no longer applies
        info.pop("icc_profile", None)
    keep = ("icc_profile",) if kind is Kind.JPEG else ("icc_profile", "transparency")
    options = {key: info[key] for key in keep if info.get(key) is not None}
    fmt_options = {"quality": 90, "optimize": True} if kind is Kind.JPEG else {}

    out = BytesIO()
    clean.save(out, fmt, **fmt_options, **options)

    thumb = clean.copy()
    if thumb.mode not in ("RGB", "RGBA", "L", "LA"):  # palette/1-bit/16-bit PNG: scale smoothly
        thumb.info = {"transparency": options["transparency"]} if "transparency" in options else {}
        thumb = thumb.convert("RGBA")
    thumb.thumbnail(THUMBNAIL_SIZE)
    thumb_out = BytesIO()
    thumb.save(thumb_out, fmt, **fmt_options)
    return out.getvalue(), clean.width, clean.height, thumb_out.getvalue()


def _check_pdf(data: bytes) -> None:
    if b"%%EOF" not in data[-2048:]:
        raise ValidationError(MSG_PDF_INCOMPLETE, code="pdf_incomplete")

    # Raw scan outside stream bodies (compressed data would give false hits);
    # "#xx" escapes are decoded first so "/J#61vaScript" is found too.
    outside = _PDF_HEX_ESCAPE_RE.sub(lambda m: bytes([int(m[1], 16)]), _outside_streams(data))
    if _PDF_ACTIVE_RE.search(outside):
        raise ValidationError(MSG_PDF_ACTIVE, code="pdf_active")

    reader = PdfReader(BytesIO(data), strict=False)
    if reader.is_encrypted:
        raise ValidationError(MSG_PDF_ENCRYPTED, code="pdf_encrypted")
    if len(reader.pages) < 1:
        raise ValidationError(MSG_PDF_NO_PAGES, code="pdf_no_pages")
    if _pdf_has_active_names(reader):
        raise ValidationError(MSG_PDF_ACTIVE, code="pdf_active")


def _outside_streams(data: bytes) -> bytes:
    """``data`` without stream bodies; linear, unlike a lazy ``stream.*?endstream`` regex."""
    parts, pos = [], 0
    while (start := _PDF_STREAM_START_RE.search(data, pos)) is not None:
        end = data.find(b"endstream", start.end())
        if end < 0:
            break
        parts.append(data[pos : start.start()])
        pos = end + len(b"endstream")
    parts.append(data[pos:])
    return b" ".join(parts)


def _pdf_has_active_names(reader: PdfReader) -> bool:
    """Walk every parsed object (incl. ones inside compressed object streams)."""
    roots = [reader.trailer]
    roots += [IndirectObject(num, gen, reader) for gen, objs in reader.xref.items() for num in objs]
    roots += [IndirectObject(num, 0, reader) for num in reader.xref_objStm]
    seen: set[tuple[int, int]] = set()
    stack = list(roots)
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in seen:
                continue
            seen.add((obj.idnum, obj.generation))
            obj = obj.get_object()
        if isinstance(obj, NameObject) and obj in PDF_ACTIVE_NAMES:
            return True
        if isinstance(obj, DictionaryObject):
            if any(key in PDF_ACTIVE_NAMES for key in obj):
                return True
            stack.extend(obj.values())
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return False
