"""Files for upload tests, built in code: valid documents and hostile ones."""

import struct
import zlib
from io import BytesIO

from PIL import Image
from pypdf import PdfWriter


def make_image(fmt: str, size=(640, 480), mode="RGB", **save_kwargs) -> bytes:
    img = Image.new(mode, size, "white" if mode != "P" else 0)
    if mode in ("RGB", "RGBA"):
        img.paste((200, 30, 30), (10, 10, size[0] // 2, size[1] // 2))
    buf = BytesIO()
    img.save(buf, fmt, **save_kwargs)
    return buf.getvalue()


def make_pdf(pages: int = 1, configure=None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if configure:
        configure(writer)
    buf = BytesIO()
    writer.write(buf)
    return buf.getvalue()


def handmade_pdf(
    catalog_extra: bytes = b"",
    compressed: dict[int, bytes] | None = None,
    page_content: bytes = b"",
) -> bytes:
    """A one-page PDF 1.7 with an xref stream; ``compressed`` objects go into an /ObjStm."""
    compressed = compressed or {}
    plain = {
        1: b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 10 0 R >>",
        10: b"<< /Length %d >>\nstream\n%s\nendstream" % (len(page_content), page_content),
    }
    stm_num = max([*plain, *compressed]) + 1
    xref_num = stm_num + 1
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num, body in plain.items():
        offsets[num] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (num, body)
    header, body = b"", b""
    for num, obj in compressed.items():
        header += b"%d %d " % (num, len(body))
        body += obj + b"\n"
    raw = zlib.compress(header + body)
    offsets[stm_num] = len(out)
    out += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\n" % (
        stm_num,
        len(compressed),
        len(header),
        len(raw),
    )
    out += b"stream\n" + raw + b"\nendstream\nendobj\n"
    offsets[xref_num] = len(out)
    rows = [struct.pack(">BIH", 0, 0, 65535)]
    for num in range(1, xref_num + 1):
        if num in offsets:
            rows.append(struct.pack(">BIH", 1, offsets[num], 0))
        elif num in compressed:
            rows.append(struct.pack(">BIH", 2, stm_num, list(compressed).index(num)))
        else:
            rows.append(struct.pack(">BIH", 0, 0, 0))  # unused number
    xref = b"".join(rows)
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\n" % (
        xref_num,
        xref_num + 1,
        len(xref),
    )
    out += b"stream\n" + xref + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[xref_num]
    return bytes(out)


def png_chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def huge_png_header(width: int, height: int) -> bytes:
    """A syntactically valid 1-bit PNG claiming width x height; no pixels are allocated."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


def executable_bytes() -> bytes:
    return (
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"
        + b"\x00" * 200
        + b"This program cannot be run in DOS mode"
    )


def svg_with_script() -> bytes:
    return b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]
