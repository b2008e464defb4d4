"""manage.py backup <directory | file.tar.gz> — the whole state in one verified archive."""

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from core.backup import create_backup


class Command(BaseCommand):
    help = (
        "Write the database (every row, primary keys kept) and all private and public files into "
        "one .tar.gz archive with a manifest of row counts and SHA-256 checksums. "
        "See docs/backup.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "target", help="an archive file name ending in .tar.gz, or a directory for a dated one"
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, target, database, **options):
        path, manifest = create_backup(target, using=database)
        rows = sum(manifest["counts"].values())
        size = sum(f["size"] for f in manifest["files"])
        self.stdout.write(
            f"{path}: {rows} rows in {len(manifest['counts'])} tables, "
            f"{len(manifest['files'])} files ({size} bytes)."
        )
