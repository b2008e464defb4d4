"""Import a catalogue spreadsheet: manage.py import_catalogue <page id | issuer/year> <file>."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from cms import catalogue_io
from orgs.models import User

from ._catalogue_arg import find_catalogue


class Command(BaseCommand):
    help = "Create or update catalogue entries from an XLSX or CSV file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("catalogue", help="page id, or issuer/year, e.g. 示范市民政局/2025")
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", help="e-mail of the user recorded as author of the revisions")

    def handle(self, *args, catalogue, file, user=None, **options):
        catalogue = find_catalogue(catalogue)
        author = None
        if user:
            author = User.objects.filter(email=user).first()
            if author is None:
                raise CommandError(f"找不到用户：{user}")
        if not file.is_file():
            raise CommandError(f"找不到文件：{file}")
        try:
            with file.open("rb") as f:
                rows = catalogue_io.read_rows(f, file.name)
            quiet = options["verbosity"] == 0
            with tqdm(total=len(rows), unit="行", file=self.stderr._out, disable=quiet) as bar:
                result = catalogue_io.import_rows(catalogue, rows, user=author, progress=bar.update)
        except catalogue_io.CatalogueFileError as exc:
            for error in exc.errors:
                self.stderr.write(error)
            raise CommandError(f"文件有 {len(exc.errors)} 处问题，未导入任何条目。") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"《{catalogue.title}》导入完成：新增 {result.created} 条，"
                f"更新 {result.updated} 条，未变 {result.unchanged} 条。"
            )
        )
