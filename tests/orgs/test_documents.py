"""Private documents: who may fetch them, and what may never be stored."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from orgs.actions import upload_document
from orgs.models import DocumentKind, OrganizationDocument
from tests.hostile_files import (
    executable_bytes,
    huge_png_header,
    make_image,
    make_pdf,
    svg_with_script,
    truncated,
)
from tests.orgs.helpers import pdf_upload


def stored_files(private_dir):
    return sorted(p for p in private_dir.rglob("*") if p.is_file()) if private_dir.exists() else []


@pytest.fixture
def document(org_a, owner):
    return upload_document(
        org=org_a, kind=DocumentKind.CERTIFICATE, title="登记证书", upload=pdf_upload(), by=owner
    )


# persona -> expected outcome of GET on org A's document
ACCESS = {
    "anonymous": "login",
    "outsider": 403,
    "expert": 403,
    "evaluator": 403,
    "incubator_manager": 403,
    "member": 200,
    "owner": 200,
    "staff": 200,
}


@pytest.mark.parametrize("persona", list(ACCESS))
@pytest.mark.parametrize("view", ["portal:document_download", "portal:document_thumbnail"])
def test_document_access_matrix(request, client, persona, view, org_a):
    owner = request.getfixturevalue("owner")
    # An image has a thumbnail too, so both views are meaningful.
    image = SimpleUploadedFile("scan.png", make_image("PNG"), "image/png")
    doc = upload_document(
        org=org_a, kind=DocumentKind.CHARTER, title="章程扫描件", upload=image, by=owner
    )
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    url = reverse(view, args=[org_a.pk, doc.pk])
    response = client.get(url)
    expected = ACCESS[persona]
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected
    if expected == 200:
        assert response["Cache-Control"] == "private, no-store"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"


def test_document_of_other_org_not_reachable_through_own_org_url(client, document, outsider, org_b):
    client.force_login(outsider)
    response = client.get(reverse("portal:document_download", args=[org_b.pk, document.pk]))
    assert response.status_code == 404


def test_document_has_no_public_url(document, private_dir):
    assert document.file.path.startswith(str(private_dir))
    with pytest.raises(ValueError, match="no URL"):
        _ = document.file.url


HOSTILE = {
    "renamed executable": ("证书.pdf", executable_bytes(), "文件内容与扩展名不符"),
    "truncated image": ("扫描件.png", truncated(make_image("PNG", size=(400, 400))), "图片"),
    "30000x30000 png": ("巨图.png", huge_png_header(30000, 30000), "图片尺寸过大"),
    "svg with script": ("logo.svg", svg_with_script(), "SVG"),
    "svg renamed png": ("logo.png", svg_with_script(), "文件内容与扩展名不符"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_document_hostile_upload_refused_and_nothing_stored(
    client, owner, org_a, private_dir, case
):
    name, data, fragment = HOSTILE[case]
    client.force_login(owner)
    response = client.post(
        reverse("portal:document_upload", args=[org_a.pk]),
        {"kind": DocumentKind.OTHER, "title": "测试材料", "file": SimpleUploadedFile(name, data)},
        follow=True,
    )
    shown = [str(m) for m in response.context["messages"]]
    assert any(fragment in m for m in shown), shown
    assert not OrganizationDocument.objects.exists()
    assert stored_files(private_dir) == []


def test_document_upload_over_size_limit_refused(client, owner, org_a, private_dir, settings):
    settings.UPLOAD_MAX_BYTES = 2048
    client.force_login(owner)
    big = make_pdf(pages=40)
    assert len(big) > 2048
    response = client.post(
        reverse("portal:document_upload", args=[org_a.pk]),
        {
            "kind": DocumentKind.OTHER,
            "title": "超大文件",
            "file": SimpleUploadedFile("大.pdf", big),
        },
        follow=True,
    )
    assert any("文件过大" in str(m) for m in response.context["messages"])
    assert stored_files(private_dir) == []


def test_document_good_upload_strips_exif_and_makes_thumbnail(client, owner, org_a, private_dir):
    from PIL import Image

    exif = Image.Exif()
    exif.get_ifd(0x8825).update({1: "N", 2: (22.0, 32.0, 0.0), 3: "E", 4: (113.0, 55.0, 0.0)})
    photo = make_image("JPEG", exif=exif.tobytes())
    assert Image.open(BytesIO(photo)).getexif().get_ifd(0x8825)  # GPS really is there
    client.force_login(owner)
    client.post(
        reverse("portal:document_upload", args=[org_a.pk]),
        {
            "kind": DocumentKind.CERTIFICATE,
            "title": "登记证书照片",
            "file": SimpleUploadedFile("证书.jpg", photo),
        },
    )
    doc = OrganizationDocument.objects.get()
    with doc.file.open("rb") as handle:
        assert not Image.open(handle).getexif()
    assert doc.thumbnail
    assert len(stored_files(private_dir)) == 2


def test_document_delete_by_admin_removes_file(
    client, owner, org_a, document, private_dir, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:document_delete", args=[org_a.pk, document.pk]))
    assert not OrganizationDocument.objects.exists()
    assert stored_files(private_dir) == []


def test_document_delete_refused_for_plain_member(client, member, org_a, document):
    client.force_login(member)
    response = client.post(reverse("portal:document_delete", args=[org_a.pk, document.pk]))
    assert response.status_code == 403
    assert OrganizationDocument.objects.count() == 1
