"""Backup and restore: the whole state leaves in one archive and comes back identical."""

import hashlib
import io
import json
import shutil
import tarfile

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import Storage, storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
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
    data_present,
    restore_backup,
    storage_files,
)
from orgs.actions import upload_document
from orgs.models import DocumentKind, OrganizationDocument, User
from reports.models import EvaluationScheme
from tests.factories import ApplicationFactory, OrganizationFactory, make_attachment
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
    with pytest.raises(BackupError, match=r"freshly migrated database.*user accounts"):
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


# --- the documented procedure: a fresh database, `migrate`, then `restore` --------------------


@pytest.fixture
def migrated_target(db, restored_migration_rows, request, tmp_path, settings):
    """An archive of `state`, and the database back where `migrate` left it (the test database
    is made by `migrate`; the state is built inside a savepoint that is rolled back after the
    backup), with empty storages: the new server of docs/backup.md."""
    fresh_rows = row_counts()
    savepoint = transaction.savepoint()
    request.getfixturevalue("state")
    rows, files = row_counts(), file_hashes()
    archive, _ = create_backup(str(tmp_path / "state.tar.gz"))
    transaction.savepoint_rollback(savepoint)
    ContentType.objects.clear_cache()
    shutil.rmtree(settings.PRIVATE_MEDIA_ROOT, ignore_errors=True)
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    assert row_counts() == fresh_rows
    return {"archive": archive, "rows": rows, "files": files, "fresh_rows": fresh_rows}


def test_freshly_migrated_database_counts_as_empty(db, restored_migration_rows):
    # Data migrations seed schemes, groups, the site root and workflow tasks; none of that is
    # "data" that would make restore refuse (SEEDED_LABELS must name every seeded own table).
    assert EvaluationScheme.objects.exists()
    assert Group.objects.exists()
    assert data_present() == []


def test_documented_procedure_migrate_then_restore(migrated_target, client):
    assert EvaluationScheme.objects.exists()  # seeded by migrate, replaced by the backup's rows
    out = io.StringIO()
    call_command("restore", str(migrated_target["archive"]), stdout=out)
    assert "row counts and checksums match" in out.getvalue()
    assert row_counts() == migrated_target["rows"]
    assert file_hashes() == migrated_target["files"]
    assert client.get("/").status_code == 200


def test_failure_while_writing_files_restores_nothing(migrated_target, monkeypatch):
    real_save, calls = Storage.save, []

    def failing_save(self, name, content, **kwargs):
        calls.append(name)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real_save(self, name, content, **kwargs)

    monkeypatch.setattr(Storage, "save", failing_save)
    with pytest.raises(CommandError, match=r"No space left.*nothing was restored") as caught:
        call_command("restore", str(migrated_target["archive"]), "--no-index")
    assert len(calls) == 3  # two files had been written when the third failed
    assert "\n" not in str(caught.value)
    assert row_counts() == migrated_target["fresh_rows"]
    assert data_present() == []
    assert file_hashes() == {}


def _rewrite(archive, target, change):
    """Copy `archive` to `target`, passing each member's (name, bytes) through `change`; a
    member for which it returns None is left out."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as sink:
        for member in source:
            data = change(member.name, source.extractfile(member).read())
            if data is not None:
                member.size = len(data)
                sink.addfile(member, io.BytesIO(data))
    return target


def _without_manifest(archive, tmp_path):
    return _rewrite(archive, tmp_path / "bare.tar.gz", lambda n, d: None if n == MANIFEST else d)


def _truncated(archive, tmp_path):
    data = archive.read_bytes()
    target = tmp_path / "cut.tar.gz"
    target.write_bytes(data[: len(data) // 2])
    return target


def _not_gzip(archive, tmp_path):
    target = tmp_path / "backup.zip"
    target.write_bytes(b"PK\x03\x04 this is a zip file, not a backup")
    return target


def _absent(archive, tmp_path):
    return tmp_path / "no-such-backup.tar.gz"


def _bad_manifest_json(archive, tmp_path):
    return _rewrite(
        archive, tmp_path / "json.tar.gz", lambda n, d: b"{not json" if n == MANIFEST else d
    )


def _other_schema(archive, tmp_path):
    def change(name, data):
        if name != MANIFEST:
            return data
        manifest = json.loads(data)
        manifest["migrations"].append("orgs.9999_from_the_future")
        return json.dumps(manifest).encode()

    return _rewrite(archive, tmp_path / "other.tar.gz", change)


@pytest.mark.parametrize(
    ("make", "sentence"),
    [
        (_not_gzip, r"is not a gzip file"),
        (_truncated, r"is truncated or damaged"),
        (_without_manifest, r"has no manifest\.json"),
        (_bad_manifest_json, r"manifest\.json .* is not valid JSON"),
        (_absent, r"There is no file"),
        (_other_schema, r"schema differs.*9999_from_the_future"),
    ],
    ids=["not-gzip", "truncated", "no-manifest", "manifest-not-json", "absent", "schema"],
)
def test_restore_refuses_a_bad_archive_in_one_sentence(migrated_target, tmp_path, make, sentence):
    bad = make(migrated_target["archive"], tmp_path)
    with pytest.raises(CommandError, match=sentence) as caught:
        call_command("restore", str(bad), "--no-index")
    message = str(caught.value)
    assert "\n" not in message and message.endswith(".") and ". " not in message
    assert row_counts() == migrated_target["fresh_rows"]
    assert file_hashes() == {}


def test_restore_refuses_a_database_with_data_naming_it(migrated_target):
    OrganizationFactory(name="已有数据的组织")  # (`org_a` is `state`'s, rolled back)
    with pytest.raises(CommandError, match=r"but this one holds orgs\.Organization\.$"):
        call_command("restore", str(migrated_target["archive"]), "--no-index")
    assert file_hashes() == {}


def test_restore_refuses_a_media_folder_with_files(migrated_target):
    storages["default"].save("left-over.txt", ContentFile(b"x"))
    with pytest.raises(CommandError, match=r"empty file storages.*media/left-over\.txt\.$"):
        call_command("restore", str(migrated_target["archive"]), "--no-index")
    assert row_counts() == migrated_target["fresh_rows"]
