"""manage.py restore <archive.tar.gz> — into a freshly migrated database; verified afterwards."""

import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from core.backup import restore_backup, unpack


class Command(BaseCommand):
    help = (
        "Restore a `manage.py backup` archive into a freshly migrated database (its seeded "
        "rows are replaced) and empty file storages, then check every table's row count and "
        "every file's SHA-256 against the archive's manifest. All or nothing; refuses a "
        "database that already holds data. See docs/backup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument(
            "--check", action="store_true", help="only verify the archive; change nothing"
        )
        parser.add_argument(
            "--no-index", action="store_true", help="do not rebuild the search index afterwards"
        )

    def handle(self, *args, archive, database, check, no_index, **options):
        if check:
            with tempfile.TemporaryDirectory() as scratch:
                manifest = unpack(archive, Path(scratch))
            self.stdout.write(
                f"{archive}: intact ({sum(manifest['counts'].values())} rows, "
                f"{len(manifest['files'])} files, made {manifest['created_at']})."
            )
            return
        manifest = restore_backup(archive, using=database, rebuild_index=not no_index)
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {sum(manifest['counts'].values())} rows in "
                f"{len(manifest['counts'])} tables and {len(manifest['files'])} files; "
                "row counts and checksums match the backup."
            )
        )
