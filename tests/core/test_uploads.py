"""Tests for core.uploads.clean_upload. Every fixture file is built in code."""

import hashlib
from io import BytesIO

from django.conf import settings

if not settings.configured:
    settings.configure(USE_I18N=False)

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile, ImageOps, PngImagePlugin
from pypdf.actions import JavaScript

from core.uploads import CleanUpload, Kind, clean_upload
from tests.hostile_files import handmade_pdf, huge_png_header, make_image, make_pdf


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def refusal(f, **kwargs) -> str:
    with pytest.raises(ValidationError) as excinfo:
        clean_upload(f, **kwargs)
    messages = excinfo.value.messages
    assert len(messages) == 1, messages
    return messages[0]


def assert_thumbnail(result: CleanUpload, fmt: str) -> Image.Image:
    thumb = Image.open(BytesIO(result.thumbnail))
    assert thumb.format == fmt
    assert max(thumb.size) <= 320
    thumb_file = result.thumbnail_file()
    assert thumb_file.read() == result.thumbnail
    return thumb


# --- accepted files ------------------------------------------------------------


def test_pdf_valid_is_accepted_unchanged():
    data = make_pdf(pages=2)
    result = clean_upload(upload("年度 报告(2024).PDF", data))
    assert result.kind is Kind.PDF
    assert result.name == "年度_报告(2024).pdf"
    assert result.content == data
    assert result.content_type == "application/pdf"
    assert result.size == len(data)
    assert result.sha256 == hashlib.sha256(result.content).hexdigest()
    assert (result.width, result.height, result.thumbnail) == (None, None, None)
    assert result.thumbnail_file() is None
    assert result.as_file().name == result.name
    assert result.as_file().read() == data


def test_pdf_with_object_streams_and_plain_open_action_is_accepted():
    data = handmade_pdf(b"/OpenAction [3 0 R /Fit] /Info 4 0 R", {4: b"<< /Title (ok) >>"})
    assert clean_upload(upload("scan.pdf", data)).kind is Kind.PDF


def test_pdf_with_open_destination_is_accepted():
    def open_first_page(writer):
        writer.open_destination = writer.pages[0]

    assert clean_upload(upload("a.pdf", make_pdf(configure=open_first_page))).kind is Kind.PDF


def test_jpeg_valid_is_accepted_and_reencoded():
    result = clean_upload(upload("照片.JPEG", make_image("JPEG", (800, 600))))
    assert result.kind is Kind.JPEG
    assert result.name == "照片.jpg"
    assert result.content_type == "image/jpeg"
    assert (result.width, result.height) == (800, 600)
    assert result.sha256 == hashlib.sha256(result.content).hexdigest()
    assert result.size == len(result.content)
    assert Image.open(BytesIO(result.content)).format == "JPEG"
    assert assert_thumbnail(result, "JPEG").size == (320, 240)
    assert result.thumbnail_file().name == "照片_thumb.jpg"


def test_png_valid_is_accepted_keeping_mode():
    result = clean_upload(upload("diagram.png", make_image("PNG", (1000, 200), "RGBA")))
    assert result.kind is Kind.PNG
    assert result.name == "diagram.png"
    assert result.content_type == "image/png"
    assert result.sha256 == hashlib.sha256(result.content).hexdigest()
    assert Image.open(BytesIO(result.content)).mode == "RGBA"
    assert assert_thumbnail(result, "PNG").size == (320, 64)


def test_png_palette_with_transparency_keeps_transparency():
    data = make_image("PNG", (50, 50), "P", transparency=0)
    result = clean_upload(upload("icon.png", data))
    stored = Image.open(BytesIO(result.content))
    assert stored.mode == "P"
    assert stored.info.get("transparency") == 0
    assert assert_thumbnail(result, "PNG").mode == "RGBA"


def test_jpeg_exif_gps_is_stripped_and_orientation_applied():
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° CW when displayed
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (39.0, 54.0, 26.0), 3: "E", 4: (116.0, 23.0, 29.0)})
    data = make_image("JPEG", (600, 400), exif=exif.tobytes(), comment=b"secret")
    source = Image.open(BytesIO(data))
    assert source.getexif().get_ifd(0x8825)  # precondition: GPS really is there

    result = clean_upload(upload("IMG_0001.jpg", data))
    stored = Image.open(BytesIO(result.content))
    assert not stored.getexif()
    assert "exif" not in stored.info
    assert "comment" not in stored.info
    assert b"PhoneMaker" not in result.content and b"secret" not in result.content
    assert (result.width, result.height) == (400, 600) == stored.size


def test_png_text_chunks_are_stripped():
    meta = PngImagePlugin.PngInfo()
    meta.add_text("Author", "张三 13800000000")
    data = make_image("PNG", (64, 64), pnginfo=meta)
    result = clean_upload(upload("x.png", data))
    assert "Author" not in Image.open(BytesIO(result.content)).info


def test_jpeg_cmyk_is_converted_to_rgb():
    result = clean_upload(upload("print.jpg", make_image("JPEG", (64, 64), "CMYK")))
    assert Image.open(BytesIO(result.content)).mode == "RGB"


@pytest.mark.parametrize(
    ("raw_name", "expected"),
    [
        ("../../etc/passwd.png", "passwd.png"),
        ("C:\\Users\\张三\\证件照.PNG", "证件照.png"),
        ("evil\u202egnp.exe.png", "evilgnp_exe.png"),
        ("a\x00b\nc.png", "abc.png"),
        ("....png", "upload.png"),
        ("长" * 200 + ".png", "长" * 80 + ".png"),
    ],
)
def test_filename_is_sanitised(raw_name, expected):
    f = upload("x.png", make_image("PNG", (8, 8)))
    f.name = raw_name  # bypass Django's own sanitising to test ours
    assert clean_upload(f).name == expected


# --- refused files -------------------------------------------------------------


def test_empty_file_is_refused():
    assert "文件为空" in refusal(upload("a.pdf", b""))


def test_pdf_over_max_bytes_is_refused():
    data = make_pdf(pages=3)
    message = refusal(upload("big.pdf", data), max_bytes=len(data) - 1)
    assert "文件过大" in message and "不得超过" in message


def test_upload_lying_about_size_is_read_only_up_to_limit():
    class EndlessUpload:
        name, size, read_total = "big.pdf", 10, 0

        def read(self, n=-1):
            assert n >= 0, "unbounded read"
            chunk = b"%PDF-1.7 " + b"A" * n
            self.read_total += min(n, len(chunk))
            return chunk[:n]

    f = EndlessUpload()
    assert "文件过大" in refusal(f, max_bytes=1000)
    assert f.read_total == 1001


@pytest.mark.parametrize("name", ["setup.exe", "doc.docx", "noextension", "page.html"])
def test_disallowed_extension_is_refused(name):
    message = refusal(upload(name, b"MZ\x90\x00"))
    assert "不支持的文件类型" in message and "PDF、JPG、PNG" in message


def test_kind_outside_allowed_list_is_refused():
    message = refusal(upload("a.png", make_image("PNG")), allowed=[Kind.PDF])
    assert "不支持的文件类型“PNG”" in message and "仅接受 PDF 文件" in message


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)


def test_svg_extension_is_refused():
    assert "不接受SVG文件" in refusal(upload("logo.svg", SVG))


def test_svg_kind_cannot_be_allowed():
    with pytest.raises(ValueError):
        clean_upload(upload("logo.svg", SVG), allowed=["svg"])


@pytest.mark.parametrize(
    ("name", "data", "actual"),
    [
        ("scan.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "可执行程序"),
        ("photo.png", b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "可执行程序"),
        ("photo.png", b"PK\x03\x04" + b"\x00" * 200, "压缩包"),
        ("photo.png", SVG, "SVG"),
        ("photo.png", b"\xef\xbb\xbf  <SVG onload='x()'/>", "SVG"),
        ("form.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "网页"),
        ("photo.jpg", make_image("PNG", (8, 8)), "PNG"),
        ("photo.png", make_image("JPEG", (8, 8)), "JPEG"),
        ("scan.pdf", make_image("PNG", (8, 8)), "PNG"),
        ("photo.jpg", b"just some text", "无法识别"),
    ],
)
def test_content_not_matching_extension_is_refused(name, data, actual):
    message = refusal(upload(name, data))
    assert "文件内容与扩展名不符" in message and actual in message


@pytest.mark.parametrize(("fmt", "name"), [("PNG", "a.png"), ("JPEG", "a.jpg")])
@pytest.mark.parametrize("load_truncated", [False, True])
def test_truncated_image_is_refused(monkeypatch, fmt, name, load_truncated):
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", load_truncated)
    data = make_image(fmt, (400, 400), "RGB")
    assert "图片文件不完整" in refusal(upload(name, data[: len(data) // 2]))


def test_png_with_bad_crc_is_refused_as_corrupt():
    data = bytearray(make_image("PNG", (64, 64)))
    idat = data.index(b"IDAT")
    data[idat + 10] ^= 0xFF
    assert "文件已损坏或无法识别" in refusal(upload("a.png", bytes(data)))


def test_huge_png_dimensions_are_refused_without_decoding():
    assert "图片尺寸过大" in refusal(upload("bomb.png", huge_png_header(30000, 30000)))


def test_pixel_limit_applies_even_if_pillow_limit_disabled(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)
    assert "图片尺寸过大" in refusal(upload("bomb.png", huge_png_header(30000, 30000)))
    message = refusal(upload("a.png", make_image("PNG", (100, 100))), max_pixels=9_999)
    assert "9,999" in message


def test_pillow_decompression_bomb_warning_is_refused(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 5_000)
    message = refusal(upload("a.png", make_image("PNG", (80, 80))), max_pixels=10**9)
    assert "图片尺寸过大" in message


def test_unexpected_pillow_error_becomes_validation_error(monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("unexpected")

    monkeypatch.setattr(ImageOps, "exif_transpose", boom)
    assert "文件已损坏或无法识别" in refusal(upload("a.jpg", make_image("JPEG")))


PDF_ACTIVE = "PDF含有脚本或嵌入文件，不予接收"


def test_pdf_with_javascript_open_action_is_refused():
    data = make_pdf(configure=lambda w: w.add_open_action(JavaScript("app.alert('x');")))
    assert PDF_ACTIVE in refusal(upload("a.pdf", data))


def test_pdf_with_hex_escaped_javascript_name_is_refused():
    data = handmade_pdf(b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>")
    assert PDF_ACTIVE in refusal(upload("a.pdf", data))


def test_pdf_with_javascript_hidden_in_object_stream_is_refused():
    data = handmade_pdf(b"/OpenAction 4 0 R", {4: b"<< /S /JavaScript /JS (app.alert(1)) >>"})
    assert b"JavaScript" not in data  # only the parsed-object walk can see it
    assert PDF_ACTIVE in refusal(upload("a.pdf", data))


def test_pdf_with_launch_action_in_object_stream_is_refused():
    data = handmade_pdf(b"/OpenAction 4 0 R", {4: b"<< /S /Launch /F (cmd.exe) >>"})
    assert PDF_ACTIVE in refusal(upload("a.pdf", data))


def test_pdf_with_embedded_file_is_refused():
    data = make_pdf(configure=lambda w: w.add_attachment("payload.exe", b"MZ\x90\x00"))
    assert PDF_ACTIVE in refusal(upload("a.pdf", data))


def test_pdf_with_page_additional_actions_is_refused():
    def add_aa(writer):
        from pypdf.generic import DictionaryObject, NameObject

        writer.pages[0][NameObject("/AA")] = DictionaryObject()

    assert PDF_ACTIVE in refusal(upload("a.pdf", make_pdf(configure=add_aa)))


def test_pdf_encrypted_is_refused():
    data = make_pdf(configure=lambda w: w.encrypt("secret", algorithm="RC4-128"))
    assert "不接受加密的PDF" in refusal(upload("a.pdf", data))


def test_pdf_without_pages_is_refused():
    assert "PDF文件没有任何页面" in refusal(upload("a.pdf", make_pdf(pages=0)))


def test_pdf_cut_short_is_refused():
    data = make_pdf()
    assert "PDF文件不完整" in refusal(upload("a.pdf", data[: len(data) // 2]))


def test_pdf_garbage_body_is_refused_as_corrupt():
    data = b"%PDF-1.7\n" + b"\x00garbage" * 50 + b"\n%%EOF\n"
    assert "文件已损坏或无法识别" in refusal(upload("a.pdf", data))


def test_pdf_names_inside_content_stream_are_not_active_content():
    content = b"BT /JS 12 Tf (hello) Tj ET /AA gs"  # resource names in a page content stream
    data = handmade_pdf(page_content=content)
    assert b"/JS 12" in data
    assert clean_upload(upload("a.pdf", data)).kind is Kind.PDF
