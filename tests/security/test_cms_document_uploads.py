"""Site editors' Wagtail documents are served from the site's own origin: HTML, SVG and scripts
(also renamed to .pdf or .docx) are refused on upload, and every document is sent with nosniff,
inline for PDF only (issue 18.18)."""

import io
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from wagtail.documents import get_document_model
from wagtail.models import Collection

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def pdf_bytes():
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def docx_bytes():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


@pytest.fixture
def site_editor():
    user = UserFactory(real_name="网站编辑乙")
    user.groups.add(Group.objects.get(name="网站编辑"))
    return user


def upload(client, name, content):
    return client.post(
        "/admin/documents/add/",
        {
            "title": "上传测试",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile(name, content),
        },
    )


HOSTILE = {
    "html page": ("page.html", HTML),
    "htm page": ("page.htm", HTML),
    "xhtml page": ("page.xhtml", HTML),
    "svg image": ("logo.svg", SVG),
    "javascript": ("app.js", b"fetch('/admin/').then(r => r.text())"),
    "xml": ("data.xml", b"<?xml version='1.0'?><x/>"),
    "html renamed to pdf": ("guide.pdf", HTML),
    "html renamed to docx": ("form.docx", HTML),
    "html renamed to txt": ("notes.txt", HTML),
    "svg renamed to csv": ("list.csv", SVG),
    "html renamed to jpg": ("photo.jpg", HTML),
}


@pytest.mark.parametrize("name,content", HOSTILE.values(), ids=HOSTILE.keys())
def test_markup_and_scripts_are_refused(client, site_editor, name, content):
    client.force_login(site_editor)
    response = upload(client, name, content)
    assert response.status_code == 200
    assert not get_document_model().objects.exists()
    text = response.content.decode()
    assert "不支持的文件类型" in text or "不符" in text


def test_multiple_uploader_refuses_html_renamed_to_pdf(client, site_editor):
    client.force_login(site_editor)
    response = client.post(
        "/admin/documents/multiple/add/",
        {"files[]": SimpleUploadedFile("guide.pdf", HTML)},
    )
    assert response.json()["success"] is False
    assert "不符" in response.json()["error_message"]
    assert not get_document_model().objects.exists()


def test_pdf_is_served_inline_and_office_files_as_downloads_with_nosniff(client, site_editor):
    client.force_login(site_editor)
    assert upload(client, "申报指南.pdf", pdf_bytes()).status_code == 302
    assert upload(client, "申报表.docx", docx_bytes()).status_code == 302
    pdf, docx = get_document_model().objects.order_by("pk")
    client.logout()

    response = client.get(pdf.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    with pdf.file.open("rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()

    response = client.get(docx.url)
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "name,content", [("old.html", HTML), ("old.svg", SVG), ("old.js", b"alert(1)")]
)
def test_documents_uploaded_before_the_list_are_served_as_opaque_downloads(client, name, content):
    doc = get_document_model().objects.create(title="旧文件", file=ContentFile(content, name=name))
    response = client.get(doc.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response.content == content


def test_documents_are_served_through_the_view_whatever_the_storage(settings):
    """With object storage Wagtail would redirect to the bucket's URL, leaving the headers to it."""
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    assert settings.WAGTAILDOCS_INLINE_CONTENT_TYPES == ["application/pdf"]
    unsafe = {"html", "htm", "xhtml", "shtml", "svg", "svgz", "xml", "js", "mjs", "css"}
    assert not unsafe & set(settings.WAGTAILDOCS_EXTENSIONS)
