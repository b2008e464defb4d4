"""Shared argument of the catalogue commands: a page id or "issuer/year"."""

from django.core.management.base import CommandError

from cms.models import CataloguePage


def find_catalogue(value: str) -> CataloguePage:
    if value.isdigit():
        catalogue = CataloguePage.objects.filter(pk=int(value)).first()
    elif "/" in value and value.rsplit("/", 1)[1].isdigit():
        issuer, year = value.rsplit("/", 1)
        catalogue = CataloguePage.objects.filter(issuer=issuer, year=int(year)).first()
    else:
        raise CommandError("目录应写作页面 ID 或“发布单位/年度”，例如 12 或 示范市民政局/2025。")
    if catalogue is None:
        raise CommandError(f"找不到指导性目录：{value}")
    return catalogue
