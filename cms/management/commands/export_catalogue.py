"""Export a catalogue to XLSX: manage.py export_catalogue <page id | issuer/year> <out.xlsx>."""

from pathlib import Path

from django.core.management.base import BaseCommand

from cms.catalogue_io import export_xlsx

from ._catalogue_arg import find_catalogue


class Command(BaseCommand):
    help = "Write the entries of a guiding catalogue to an XLSX file that import_catalogue reads."

    def add_arguments(self, parser):
        parser.add_argument("catalogue")
        parser.add_argument("output", type=Path)
        parser.add_argument("--live-only", action="store_true", help="only published entries")

    def handle(self, *args, catalogue, output, live_only=False, **options):
        catalogue = find_catalogue(catalogue)
        output.write_bytes(export_xlsx(catalogue, live_only=live_only))
        self.stdout.write(self.style.SUCCESS(f"已导出到 {output}"))
