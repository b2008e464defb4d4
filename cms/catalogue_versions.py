"""Catalogues change every year (动态调整).

Start a year as a copy of the last one; compare two versions entry by entry.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cms.models import CatalogueEntryPage, CataloguePage
from cms.search import deferred_indexing

COMPARED_FIELDS = ("title", "level", "parent_code", *CatalogueEntryPage.ITEM_FIELDS, "description")


def copy_catalogue(source, *, year, title, user=None, valid_from=None, valid_to=None):
    """A new draft catalogue for `year` holding a copy of every entry of `source`.

    Side effects: creates the pages (entries keep their published state but stay hidden until the
    new catalogue itself is published through moderation) and logs Wagtail's copy action.
    """
    with transaction.atomic(), deferred_indexing():
        slug = slugify(f"{source.slug.rsplit('-', 1)[0]}-{year}") or f"catalogue-{year}"
        parent = source.get_parent()
        taken = set(parent.get_children().values_list("slug", flat=True))
        base, n = slug, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        copy = source.copy(
            recursive=True,
            to=parent,
            update_attrs={
                "title": title,
                "draft_title": title,
                "slug": slug,
                "year": year,
                "based_on": source,
                "valid_from": valid_from,
                "valid_to": valid_to,
                "live": False,
                "has_unpublished_changes": True,
                "live_revision": None,
                "first_published_at": None,
                "last_published_at": None,
            },
            keep_live=True,
            user=user,
        )
        return CataloguePage.objects.get(pk=copy.pk)


@dataclass
class Change:
    code: str
    old: CatalogueEntryPage
    new: CatalogueEntryPage
    fields: list = field(default_factory=list)  # [(label, old value, new value)]


@dataclass
class Comparison:
    old: CataloguePage
    new: CataloguePage
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    unchanged: int = 0

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def _entries(catalogue) -> dict:
    entries = list(CatalogueEntryPage.objects.live().descendant_of(catalogue).order_by("path"))
    code_of = {e.path: e.code for e in entries}
    for e in entries:
        e.parent_code = code_of.get(e.path[: -e.steplen], "")
    return {e.code: e for e in entries}


def _label(name):
    if name == "parent_code":
        return _("上级编码")
    if name == "level":
        return _("层级")
    if name == "title":
        return _("名称")
    return str(CatalogueEntryPage._meta.get_field(name).verbose_name)


def _display(entry, name):
    if name == "purchase_method":
        return entry.get_purchase_method_display()
    return getattr(entry, name)


def compare(old, new) -> Comparison:
    """Entries added, removed and changed between two catalogues, matched by code (two queries)."""
    before, after = _entries(old), _entries(new)
    result = Comparison(old=old, new=new)
    result.added = [e for code, e in after.items() if code not in before]
    result.removed = [e for code, e in before.items() if code not in after]
    for code, entry in after.items():
        if code not in before:
            continue
        previous = before[code]
        diffs = [
            (_label(n), _display(previous, n), _display(entry, n))
            for n in COMPARED_FIELDS
            if getattr(previous, n) != getattr(entry, n)
        ]
        if diffs:
            result.changed.append(Change(code, previous, entry, diffs))
        else:
            result.unchanged += 1
    return result


def compare_view(index_page, request):
    """Public page of CatalogueIndexPage: pick two catalogues, see what changed."""
    from cms.forms import CompareForm

    catalogues = index_page.catalogues()
    listed = list(catalogues)
    initial = {}
    latest = next((c for c in listed if c.based_on_id), None)
    if latest is not None:
        initial = {"old": latest.based_on_id, "new": latest.pk}
    form = CompareForm(request.GET or initial, catalogues=catalogues)
    comparison = (
        compare(form.cleaned_data["old"], form.cleaned_data["new"]) if form.is_valid() else None
    )
    return TemplateResponse(
        request,
        "cms/catalogue_compare.html",
        {
            "page": index_page,
            "self": index_page,
            "form": form,
            "comparison": comparison,
            "enough": len(listed) >= 2,
        },
    )
