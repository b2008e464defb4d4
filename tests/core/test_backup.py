"""Backup and restore: the whole state leaves in one archive and comes back identical."""

import hashlib
import io
import json
import shutil
import tarfile

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from cms.models import NoticeAttachment, NoticeIndexPage, NoticePage
from core.audit import log_event
from core.backup import (
    MANIFEST,
    BackupError,
    backed_up_models,
    create_backup,
    restore_backup,
    storage_files,
)
from orgs.actions import upload_document
from orgs.models import DocumentKind, OrganizationDocument, User
from tests.factories import ApplicationFactory, make_attachment
from tests.orgs.helpers import pdf_upload


@pytest.fixture(autouse=True)
def _fresh_content_types():
    yield
    ContentType.objects.clear_cache()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def state(org_a, owner, member, outsider, staff, expert):
    """Organizations, people, a document and an attachment (private files), a published notice
    with an attached file and an image (public media), a two-factor device, an audit entry."""
    upload_document(
        org=org_a, kind=DocumentKind.CHARTER, title="章程", upload=pdf_upload("章程.pdf"), by=owner
    )
    application = ApplicationFactory(organization=org_a)
    make_attachment(application, kind="commitment", title="承诺书")
    document = Document(title="申报指南")
    document.file.save("申报指南.pdf", ContentFile(b"%PDF-1.4\n% guide\n%%EOF\n"), save=False)
    document.save()
    image = Image(title="海报")
    image.file.save("poster.png", ImageFile(io.BytesIO(png_bytes()), name="poster.png"), save=False)
    image.save()
    notice = NoticePage(
        title="关于开展2026年公益创投的通知", issuer="示范市民政局", body="<p>正文</p>"
    )
    NoticeIndexPage.objects.get().add_child(instance=notice)
    NoticeAttachment.objects.create(page=notice, document=document, title="申报指南")
    notice.save_revision(user=staff).publish()
    TOTPDevice.objects.create(user=staff, name="authenticator", confirmed=True)
    log_event(org_a, user=staff, summary="备份测试")
    return {"notice": notice}


def row_counts() -> dict[str, int]:
    return {m._meta.label: m._base_manager.count() for m in backed_up_models()}


def file_hashes() -> dict[tuple[str, str], str]:
    found = {}
    for folder, alias in {"private": "private", "media": "default"}.items():
        storage = storages[alias]
        for name in storage_files(storage):
            with storage.open(name, "rb") as handle:
                found[(folder, name)] = hashlib.sha256(handle.read()).hexdigest()
    return found


def wipe_everything(settings):
    """Stand-in for a new server: an emptied database and no files."""
    connection.check_constraints()  # PostgreSQL: no deferred checks pending before truncating
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.clear_cache()
    shutil.rmtree(settings.PRIVATE_MEDIA_ROOT, ignore_errors=True)
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


def test_backup_then_restore_gives_identical_rows_and_files(state, tmp_path, settings, client):
    before_rows, before_files = row_counts(), file_hashes()
    assert before_rows["orgs.User"] == 5
    assert before_rows["orgs.OrganizationDocument"] == 1
    assert before_rows["wagtailcore.Page"] >= 3
    assert {folder for folder, _ in before_files} == {"private", "media"}
    assert len(before_files) >= 4  # document, attachment, guide, image (+ renditions)

    archive, manifest = create_backup(str(tmp_path / "state.tar.gz"))
    assert manifest["counts"] == before_rows
    assert {(f["storage"], f["name"]): f["sha256"] for f in manifest["files"]} == before_files

    wipe_everything(settings)
    assert not User.objects.exists()
    assert file_hashes() == {}

    restored = restore_backup(archive)
    assert restored["counts"] == before_rows
    assert row_counts() == before_rows
    assert file_hashes() == before_files

    # The restored site works: the notice is served, the private document reads back.
    response = client.get(state["notice"].url)
    assert response.status_code == 200
    assert "关于开展2026年公益创投的通知" in response.content.decode()
    document = OrganizationDocument.objects.get()
    with document.file.open("rb") as handle:
        assert handle.read().startswith(b"%PDF")
    assert TOTPDevice.objects.get().user.email == "staff@example.cn"


def test_restore_refuses_a_database_with_data(state, tmp_path):
    archive, _ = create_backup(str(tmp_path / "state.tar.gz"))
    before = row_counts()
    with pytest.raises(BackupError, match=r"empty, freshly migrated database.*user accounts"):
        restore_backup(archive)
    assert row_counts() == before


def test_restore_refuses_a_tampered_archive(state, tmp_path, settings):
    archive, _ = create_backup(str(tmp_path / "state.tar.gz"))
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(tampered, "w:gz") as target:
        for member in source:
            data = source.extractfile(member).read()
            if member.name.startswith("files/private/"):
                data = data.replace(b"%PDF", b"%XXX", 1)
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    wipe_everything(settings)
    with pytest.raises(BackupError, match="does not match its checksum"):
        restore_backup(tampered)
    assert not User.objects.exists()


def test_restore_refuses_another_schema(state, tmp_path, settings):
    archive, _ = create_backup(str(tmp_path / "state.tar.gz"))
    other = tmp_path / "other.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(other, "w:gz") as target:
        for member in source:
            data = source.extractfile(member).read()
            if member.name == MANIFEST:
                changed = json.loads(data)
                changed["migrations"].append("orgs.9999_from_the_future")
                data = json.dumps(changed).encode()
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    wipe_everything(settings)
    with pytest.raises(BackupError, match=r"schema differs.*9999_from_the_future"):
        restore_backup(other)


def test_commands_write_a_dated_archive_and_check_it(state, tmp_path):
    out = io.StringIO()
    call_command("backup", str(tmp_path / "backups"), stdout=out)
    archives = list((tmp_path / "backups").glob("gongyi-backup-*.tar.gz"))
    assert len(archives) == 1
    assert str(archives[0]) in out.getvalue()
    out = io.StringIO()
    call_command("restore", str(archives[0]), "--check", stdout=out)
    assert "intact" in out.getvalue()
    with pytest.raises(BackupError, match="user accounts"):
        call_command("restore", str(archives[0]))
