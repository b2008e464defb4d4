"""Hostile input for the fuzz tests: text strategies, and files every upload must refuse."""

import io
import zipfile
import zlib

from hypothesis import strategies as st
from pypdf.actions import JavaScript

from tests.cms.test_catalogue_import import xlsx_bytes
from tests.hostile_files import (
    executable_bytes,
    handmade_pdf,
    huge_png_header,
    make_image,
    make_pdf,
    svg_with_script,
    truncated,
)

PAYLOADS = [
    "' OR '1'='1",
    "'; DROP TABLE orgs_organization; --",
    "1; SELECT pg_sleep(10)--",
    '"><script>alert(document.cookie)</script>',
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "%(name)s %s {0}",
    "../../../../etc/passwd",
    "\x00",
    "a\x00b",
    "\u202e\u0644\u0627\u200f",  # right-to-left override and mark
    "\ufeff\u200b\u200d",  # byte-order mark, zero-width space and joiner
    "👩‍👩‍👧‍👦" * 20,
    "\r\n\t\x0b\x0c\x1b[31m",
    "A" * 100_000,
    "长" * 5_000,
    " ",
    "",
    "-1",
    "0",
    "-0",
    "1e308",
    "-1e308",
    "NaN",
    "Infinity",
    "99999999999999999999999999",
    "0.0000000001",
    "１２３",  # full-width digits
    "٣",  # Arabic-Indic digit
    "²³",  # superscripts: str.isdigit() says yes, int() says no
    "2025-02-30",
    "9999-12-31",
    "0000-00-00",
    "true",
    "null",
    "[]",
    '{"a": 1}',
]

# Text as a browser can send it (no lone surrogates: they cannot be encoded).
_chars = st.characters(exclude_categories=["Cs"])
hostile_text = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(_chars, max_size=200),
    st.text(st.characters(categories=["Cc", "Cf", "Zl", "Zp", "So"]), max_size=50),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)


def field_values(defaults: dict[str, str]):
    """A strategy of form data: each field keeps its default or gets hostile text."""
    return st.fixed_dictionaries(
        {name: st.one_of(st.just(value), hostile_text) for name, value in defaults.items()}
    )


def _zip_bomb() -> bytes:
    # A deflate stream that expands 1000-fold, named as a PDF: not a PDF at all.
    return b"PK\x03\x04" + zlib.compress(b"\x00" * 5_000_000)


def _pdf_js() -> bytes:
    return make_pdf(configure=lambda w: w.add_open_action(JavaScript("app.alert(1);")))


def _pdf_embedded() -> bytes:
    return make_pdf(configure=lambda w: w.add_attachment("payload.exe", executable_bytes()))


def _polyglot() -> bytes:
    # A valid PNG with an HTML/JS payload appended after IEND.
    return make_image("PNG") + b"<html><script>alert(1)</script></html>"


# (label, file name, bytes, declared content type): each must be refused everywhere.
HOSTILE_FILES = [
    ("exe named pdf", "材料.pdf", executable_bytes(), "application/pdf"),
    ("exe", "setup.exe", executable_bytes(), "application/octet-stream"),
    ("svg with script", "logo.svg", svg_with_script(), "image/svg+xml"),
    ("svg named png", "logo.png", svg_with_script(), "image/png"),
    ("html named pdf", "a.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"),
    ("pdf with javascript", "a.pdf", _pdf_js(), "application/pdf"),
    (
        "pdf with hidden javascript",
        "a.pdf",
        handmade_pdf(b"/OpenAction 4 0 R", {4: b"<< /S /JavaScript /JS (app.alert(1)) >>"}),
        "application/pdf",
    ),
    (
        "pdf with launch action",
        "a.pdf",
        handmade_pdf(b"/OpenAction 4 0 R", {4: b"<< /S /Launch /F (cmd.exe) >>"}),
        "application/pdf",
    ),
    ("pdf with embedded file", "a.pdf", _pdf_embedded(), "application/pdf"),
    (
        "encrypted pdf",
        "a.pdf",
        make_pdf(configure=lambda w: w.encrypt("secret", algorithm="RC4-128")),
        "application/pdf",
    ),
    ("truncated pdf", "a.pdf", truncated(make_pdf()), "application/pdf"),
    ("pixel bomb png", "a.png", huge_png_header(60000, 60000), "image/png"),
    ("zip bomb named pdf", "a.pdf", _zip_bomb(), "application/pdf"),
    ("png with html tail named html", "a.html", _polyglot(), "text/html"),
    ("pdf named jpg", "a.jpg", make_pdf(), "image/jpeg"),
    ("docx", "a.docx", b"PK\x03\x04" + b"\x00" * 100, "application/octet-stream"),
    ("empty", "a.pdf", b"", "application/pdf"),
]


CATALOGUE_HEADER = ["层级", "编码", "上级编码", "名称"]


def catalogue_xlsx() -> bytes:
    """A clean one-entry catalogue: the control of the spreadsheet uploads."""
    return xlsx_bytes([CATALOGUE_HEADER, [1, "Z01", "", "测试类"]])


def _replace_sheet(sheet_xml: bytes) -> bytes:
    """A valid workbook whose first sheet is `sheet_xml`."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([CATALOGUE_HEADER])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = sheet_xml
            target.writestr(item.filename, body)
    return out.getvalue()


def _sheet(rows: bytes, dimension: str = "A1:D1", doctype: bytes = b"") -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        + doctype
        + b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + b'<dimension ref="%s"/><sheetData>' % dimension.encode()
        + rows
        + b"</sheetData></worksheet>"
    )


def _row(n: int) -> bytes:
    return b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>1</t></is></c></row>' % (n, n)


def _million_rows() -> bytes:
    # 1.5 million identical rows: 70 MB of sheet XML that deflates to a few hundred KB.
    row = b'<row><c t="inlineStr"><is><t>1</t></is></c></row>'
    return _replace_sheet(_sheet(row * 1_500_000))


def _widest_sheet() -> bytes:
    # Two cells, but the sheet claims every column of 60,000 rows: read-only openpyxl pads each
    # row to the declared width unless told otherwise.
    return _replace_sheet(_sheet(_row(1) + _row(60000), dimension="A1:XFD60000"))


def _entity_expansion() -> bytes:
    # "Billion laughs": nine levels of ten references each, 10^9 "lol"s when expanded.
    entities = b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1)) * 10) for i in range(1, 10)
    )
    doctype = b'<!DOCTYPE worksheet [<!ENTITY lol0 "lol">' + entities + b"]>"
    cell = b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    return _replace_sheet(_sheet(cell, doctype=doctype))


# Spreadsheets the catalogue import must refuse: (label, file name, bytes, content type).
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HOSTILE_SPREADSHEETS = [
    ("zip bomb named xlsx", "目录.xlsx", _zip_bomb(), XLSX),
    ("pdf named xlsx", "目录.xlsx", make_pdf(), XLSX),
    ("exe named csv", "目录.csv", executable_bytes(), "text/csv"),
    ("a million rows", "目录.xlsx", _million_rows(), XLSX),
    ("sheet declaring every column", "目录.xlsx", _widest_sheet(), XLSX),
    ("entity expansion", "目录.xlsx", _entity_expansion(), XLSX),
    ("csv of NUL", "目录.csv", b"\x00" * 10_000, "text/csv"),
]
