"""Start a new year's catalogue as a copy: manage.py copy_catalogue <catalogue> --year 2026."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from cms.catalogue_versions import copy_catalogue
from cms.models import CataloguePage

from ._catalogue_arg import find_catalogue


class Command(BaseCommand):
    help = "Copy a catalogue and all its entries as a draft catalogue for a new year."

    def add_arguments(self, parser):
        parser.add_argument("catalogue")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--title", help="defaults to the source title with the year replaced")
        parser.add_argument("--valid-from", type=datetime.date.fromisoformat)
        parser.add_argument("--valid-to", type=datetime.date.fromisoformat)

    def handle(self, *args, catalogue, year, title=None, valid_from=None, valid_to=None, **opts):
        source = find_catalogue(catalogue)
        if CataloguePage.objects.filter(issuer=source.issuer, year=year).exists():
            raise CommandError(f"{source.issuer} 的 {year} 年度目录已存在。")
        title = title or source.title.replace(str(source.year), str(year))
        copy = copy_catalogue(
            source, year=year, title=title, valid_from=valid_from, valid_to=valid_to
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"已创建草稿目录《{copy.title}》（ID {copy.pk}），提交审核并发布后对外公开。"
            )
        )
