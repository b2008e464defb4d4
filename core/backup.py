"""Back up and restore the whole state: database rows and stored files, in one verified archive.

`manage.py backup` and `manage.py restore` (docs/backup.md) are thin wrappers around
`create_backup` and `restore_backup`.

The archive (`.tar.gz`) holds:

* `database.jsonl` — every row of every model, one JSON object per line, primary keys kept (so
  generic references such as log entries' `object_id` stay valid), content types and permissions
  included for the same reason;
* `files/<storage>/<name>` — every file of the private storage and of the public media storage;
* `manifest.json` — format, time, applied migrations, rows per model, and size and SHA-256 of the
  database dump and of every file.

Left out on purpose: sessions (everyone signs in again), sign-in lock-out counters, and the search
index (derived data; rebuilt by `restore`).
"""

import gzip
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files import File
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from wagtail.models import Page, Task

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE = "database.jsonl"
FILES = "files"
# Archive folder -> STORAGES alias.
STORAGES_BACKED_UP = {"private": "private", "media": "default"}
# Derived or transient data: not backed up, emptied on restore.
SKIPPED_APPS = {"wagtailsearch", "modelsearch"}
SKIPPED_MODELS = {"sessions.session", "axes.accessattempt"}
CHUNK = 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"
# The project's own tables that data migrations fill besides Wagtail pages and tasks (by label:
# core sits below the apps): a freshly migrated database holds rows in them, and restore replaces
# those rows with the backup's. tests/core/test_backup.py checks the list against `migrate`.
SEEDED_LABELS = {
    "reports.evaluationscheme",
    "reports.indicator",
    "reports.gradeband",
    "cms.siteidentity",  # one empty row per site (cms 0008)
}
# What a damaged gzip stream or tar file raises while being read.
_DAMAGED = (EOFError, tarfile.TarError, zlib.error, gzip.BadGzipFile)


class BackupError(CommandError):
    pass


# --- what is backed up ------------------------------------------------------------------------


def _skipped(model) -> bool:
    return model._meta.app_label in SKIPPED_APPS or model._meta.label_lower in SKIPPED_MODELS


def stored_models(using=DEFAULT_DB_ALIAS) -> list:
    """Concrete models with a table of their own in `using` (as dumpdata chooses them)."""
    return [
        model
        for model in apps.get_models()
        if not model._meta.proxy and router.allow_migrate_model(using, model)
    ]


def backed_up_models(using=DEFAULT_DB_ALIAS) -> list:
    """Content types and permissions first: loading anything else may look them up."""
    first = ["contenttypes.contenttype", "auth.permission"]
    models = [model for model in stored_models(using) if not _skipped(model)]
    return sorted(
        models,
        key=lambda m: first.index(m._meta.label_lower) if m._meta.label_lower in first else 2,
    )


def applied_migrations(using=DEFAULT_DB_ALIAS) -> list[str]:
    recorder = MigrationRecorder(connections[using])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def storage_files(storage, folder: str = ""):
    """Every file name in `storage`, depth first; an absent root is an empty storage."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from storage_files(storage, f"{folder}/{sub}" if folder else sub)


class _Hashing(io.RawIOBase):
    """Reads through to `raw` while hashing and counting what was read."""

    def __init__(self, raw):
        self.raw, self.sha256, self.size = raw, hashlib.sha256(), 0

    def readable(self):
        return True

    def read(self, n=-1):
        data = self.raw.read(n)
        self.sha256.update(data)
        self.size += len(data)
        return data


def _sha256_of(handle) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


# --- backup -------------------------------------------------------------------------------------


def _dump_rows(stream, using) -> dict[str, int]:
    """Serialize every backed-up row to `stream` (JSON lines); rows written per model."""
    counts = {}
    for model in backed_up_models(using):
        m2m = [
            f.name
            for f in model._meta.local_many_to_many
            if f.serialize and f.remote_field.through._meta.auto_created
        ]
        queryset = model._base_manager.using(using).order_by(model._meta.pk.attname)
        if m2m:
            queryset = queryset.prefetch_related(*m2m)
        written = 0

        def rows(queryset=queryset):
            nonlocal written
            for obj in queryset.iterator(chunk_size=2000):
                written += 1
                yield obj

        serializers.serialize("jsonl", rows(), stream=stream)
        counts[model._meta.label] = written
    return counts


def _snapshot(using):
    """A transaction that sees one consistent state (REPEATABLE READ on PostgreSQL)."""
    connection = connections[using]
    atomic = transaction.atomic(using=using)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:

        class Snapshot:
            def __enter__(self):
                atomic.__enter__()
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")

            def __exit__(self, *exc):
                return atomic.__exit__(*exc)

        return Snapshot()
    return atomic


def archive_path(target: str) -> Path:
    """`target` itself when it names a .tar.gz file, else a dated file inside directory `target`."""
    path = Path(target)
    if path.name.endswith(".tar.gz"):
        return path
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return path / f"gongyi-backup-{stamp}.tar.gz"


def create_backup(target: str, *, using=DEFAULT_DB_ALIAS) -> tuple[Path, dict]:
    """Write the archive; return its path and manifest."""
    path = archive_path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / DATABASE
        with _snapshot(using), dump.open("w", encoding="utf-8") as stream:
            counts = _dump_rows(stream, using)
            migrations = applied_migrations(using)
        with dump.open("rb") as handle:
            dump_sha, dump_size = _sha256_of(handle)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database_vendor": connections[using].vendor,
            "migrations": migrations,
            "database": {"name": DATABASE, "size": dump_size, "sha256": dump_sha},
            "counts": counts,
            "files": [],
        }
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(dump, arcname=DATABASE)
            for folder, alias in STORAGES_BACKED_UP.items():
                storage = storages[alias]
                for name in storage_files(storage):
                    member = tarfile.TarInfo(f"{FILES}/{folder}/{name}")
                    member.size = storage.size(name)
                    member.mtime = int(timezone.now().timestamp())
                    with storage.open(name, "rb") as handle:
                        reader = _Hashing(handle)
                        archive.addfile(member, reader)
                    if reader.size != member.size:
                        raise BackupError(f"{folder}/{name} changed while it was being backed up.")
                    manifest["files"].append(
                        {
                            "storage": folder,
                            "name": name,
                            "size": reader.size,
                            "sha256": reader.sha256.hexdigest(),
                        }
                    )
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
    os.replace(partial, path)
    return path, manifest


# --- restore ------------------------------------------------------------------------------------


def _safe_member_path(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"Refusing archive member with an unsafe name: {name!r}")
    return path


def _open_archive(archive: str | Path) -> tarfile.TarFile:
    try:
        with open(archive, "rb") as handle:
            magic = handle.read(2)
    except FileNotFoundError as exc:
        raise BackupError(f"There is no file {archive}.") from exc
    except OSError as exc:
        raise BackupError(f"{archive} cannot be read ({exc.strerror}).") from exc
    if magic != GZIP_MAGIC:
        raise BackupError(f"{archive} is not a gzip file, so it is no `manage.py backup` archive.")
    try:
        return tarfile.open(archive, "r:gz")
    except _DAMAGED as exc:
        raise BackupError(f"{archive} is truncated or damaged ({exc}).") from exc


def _expected_members(archive, manifest) -> dict:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise BackupError(f"{archive} has the unknown backup format {found!r}.")
    try:
        lacking = [k for k in ("migrations", "counts", "created_at") if k not in manifest]
        if lacking:
            raise KeyError(lacking[0])
        return {DATABASE: manifest["database"]} | {
            f"{FILES}/{f['storage']}/{f['name']}": f for f in manifest["files"]
        }
    except (KeyError, TypeError) as exc:
        raise BackupError(
            f"The manifest of {archive} lacks {exc}, so it cannot be checked."
        ) from exc


def unpack(archive: str | Path, into: Path) -> dict:
    """Extract into `into`, checking every member against the manifest; return the manifest."""
    with _open_archive(archive) as tar:
        try:
            return _unpack_members(archive, tar, into)
        except _DAMAGED as exc:
            raise BackupError(f"{archive} is truncated or damaged ({exc}).") from exc


def _unpack_members(archive, tar: tarfile.TarFile, into: Path) -> dict:
    try:
        manifest = json.load(tar.extractfile(tar.getmember(MANIFEST)))
    except KeyError as exc:
        raise BackupError(f"{archive} has no {MANIFEST}, so it is no complete backup.") from exc
    except ValueError as exc:
        raise BackupError(f"The {MANIFEST} of {archive} is not valid JSON.") from exc
    expected_members = _expected_members(archive, manifest)
    seen = set()
    for member in tar:
        if member.name == MANIFEST:
            continue
        entry = expected_members.get(member.name)
        if entry is None or not member.isfile():
            raise BackupError(f"Archive member {member.name!r} is not in the manifest.")
        target = into / _safe_member_path(member.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        with tar.extractfile(member) as source, target.open("wb") as sink:
            reader = _Hashing(source)
            shutil.copyfileobj(reader, sink, CHUNK)
        if (reader.size, reader.sha256.hexdigest()) != (entry["size"], entry["sha256"]):
            raise BackupError(f"{member.name} does not match its checksum in the manifest.")
        seen.add(member.name)
    missing = set(expected_members) - seen
    if missing:
        raise BackupError(f"Archive lacks {len(missing)} member(s), e.g. {sorted(missing)[0]}.")
    return manifest


def _seeded(model) -> bool:
    return issubclass(model, Page | Task) or model._meta.label_lower in SEEDED_LABELS


def data_present(using=DEFAULT_DB_ALIAS) -> list[str]:
    """What a freshly migrated database would not hold: user accounts, rows in the project's own
    tables other than those data migrations fill."""
    found = []
    if get_user_model()._base_manager.using(using).exists():
        found.append("user accounts")
    for model in stored_models(using):
        config = apps.get_app_config(model._meta.app_label)
        local = Path(config.path).is_relative_to(settings.BASE_DIR) and "site-packages" not in (
            config.path
        )
        if local and not _seeded(model) and model._base_manager.using(using).exists():
            found.append(model._meta.label)
    return found


def files_present() -> list[str]:
    """The first stored file of each non-empty storage."""
    found = []
    for folder, alias in STORAGES_BACKED_UP.items():
        first = next(storage_files(storages[alias]), None)
        if first is not None:
            found.append(f"{folder}/{first}")
    return found


def _flush(using):
    """Empty every table Django knows except django_migrations (as `flush` does, no signals)."""
    connection = connections[using]
    connection.check_constraints()  # PostgreSQL cannot truncate with deferred checks pending
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    statements = connection.ops.sql_flush(no_style(), tables, allow_cascade=True)
    connection.ops.execute_sql_flush(statements)


def verify_counts(manifest, using=DEFAULT_DB_ALIAS) -> list[str]:
    problems = []
    for label, expected in manifest["counts"].items():
        try:
            model = apps.get_model(label)
        except LookupError:
            problems.append(f"{label}: model unknown to this code")
            continue
        actual = model._base_manager.using(using).count()
        if actual != expected:
            problems.append(f"{label}: {actual} rows, backup has {expected}")
    return problems


def verify_files(manifest) -> list[str]:
    problems = []
    for entry in manifest["files"]:
        storage = storages[STORAGES_BACKED_UP[entry["storage"]]]
        try:
            with storage.open(entry["name"], "rb") as handle:
                digest, size = _sha256_of(handle)
        except FileNotFoundError:
            problems.append(f"{entry['storage']}/{entry['name']}: missing")
            continue
        if (size, digest) != (entry["size"], entry["sha256"]):
            problems.append(f"{entry['storage']}/{entry['name']}: content differs")
    return problems


def _write_files(manifest, root: Path, written: list) -> None:
    """Store every archived file under its own name; `written` collects (storage, name) as they
    land, so a failure can take them away again."""
    for entry in manifest["files"]:
        storage = storages[STORAGES_BACKED_UP[entry["storage"]]]
        source = root / FILES / entry["storage"] / entry["name"]
        try:
            with source.open("rb") as handle:
                saved = storage.save(entry["name"], File(handle, name=entry["name"]))
        except OSError as exc:
            raise BackupError(
                f"Writing {entry['storage']}/{entry['name']} failed ({exc}), so nothing was "
                "restored: the database is unchanged and the files written so far are removed."
            ) from exc
        written.append((storage, saved))
        if saved != entry["name"]:
            raise BackupError(f"{entry['name']} was stored as {saved}.")


def _remove(manifest, written) -> None:
    """Delete what a failed restore stored, including a file left half-written under its name."""
    for entry in manifest["files"]:
        storage = storages[STORAGES_BACKED_UP[entry["storage"]]]
        written.append((storage, entry["name"]))
    for storage, name in written:
        if storage.exists(name):
            storage.delete(name)


def check_target(manifest, using=DEFAULT_DB_ALIAS) -> None:
    """Refuse (one sentence each) a database at another migration, one that holds more than
    `migrate` creates, and storages that hold files."""
    here = set(applied_migrations(using))
    there = set(manifest["migrations"])
    if here != there:
        missing, extra = sorted(there - here), sorted(here - there)
        raise BackupError(
            "The database schema differs from the backup's, so run the code version the backup "
            "was made with, migrated to the same point "
            f"(not applied here: {missing[:5]}; applied here only: {extra[:5]})."
        )
    present = data_present(using)
    if present:
        raise BackupError(
            "Restore needs a freshly migrated database without data of its own, but this one "
            f"holds {', '.join(present[:8])}."
        )
    files = files_present()
    if files:
        raise BackupError(
            f"Restore needs empty file storages, but they already hold files such as "
            f"{', '.join(files)}."
        )


def restore_backup(archive: str | Path, *, using=DEFAULT_DB_ALIAS, rebuild_index=True) -> dict:
    """Restore `archive` into a freshly migrated database and empty storages; verify; return
    the manifest. All or nothing: the rows that `migrate` seeded are replaced inside the same
    transaction that loads the backup's rows, the files are written before that transaction
    commits, and any failure rolls the database back and deletes the files written so far.
    Raises BackupError with one sentence when the archive or the target is unfit."""
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        manifest = unpack(archive, root)
        check_target(manifest, using)

        written = []
        try:
            with transaction.atomic(using=using):
                _flush(using)
                ContentType.objects.clear_cache()
                call_command("loaddata", str(root / DATABASE), database=using, verbosity=0)
                problems = verify_counts(manifest, using)
                if problems:
                    raise BackupError(
                        "Row counts differ after loading: " + "; ".join(problems[:10]) + "."
                    )
                _write_files(manifest, root, written)
                problems = verify_files(manifest)
                if problems:
                    raise BackupError(
                        "Files differ after restoring: " + "; ".join(problems[:10]) + "."
                    )
        except BaseException:
            _remove(manifest, written)
            raise
        finally:
            ContentType.objects.clear_cache()

    if rebuild_index:
        call_command("update_index", verbosity=0)
    return manifest
