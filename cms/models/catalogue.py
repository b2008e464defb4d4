"""The guiding catalogue (政府购买服务指导性目录).

Index → one catalogue per issuer and year → entries.

Entries are one page type whose level (1–4) is their depth below the catalogue: first- and
second-level entries are classes (类别), third- and fourth-level entries are the items a department
may buy, with the conditions published for them. Codes are the issuer's own strings (``A-4-1``).
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.public_pages import public
from cms.search import segmented_search_fields
from core.search_fields import InitialsField

from . import routing
from .choices import PurchaseMethod
from .mixins import HiddenBelowDraftMixin, RestrictionsInOneQuery

# root (1) → HomePage (2) → CatalogueIndexPage (3) → CataloguePage (4). The parent/child rules below
# fix these depths, so an entry's level is simply its depth minus this.
CATALOGUE_DEPTH = 4
MAX_LEVEL = 4
ITEM_LEVEL = 3  # third- and fourth-level entries are purchasable items
LEVEL_LABELS = {1: _("一级类别"), 2: _("二级类别"), 3: _("三级条目"), 4: _("四级条目")}


def item_count():
    """A catalogue's number of live items (third and fourth level), as a subquery annotation."""
    items = (
        CatalogueEntryPage.objects.live()
        .filter(path__startswith=OuterRef("path"), depth__gte=CATALOGUE_DEPTH + ITEM_LEVEL)
        .order_by()
        .values("live")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(items, output_field=models.IntegerField())


class CatalogueIndexPage(RestrictionsInOneQuery, HiddenBelowDraftMixin, RoutablePageMixin, Page):
    """指导性目录: lists every catalogue and compares two versions."""

    intro = RichTextField(_("说明"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.CataloguePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("指导性目录栏目")
        verbose_name_plural = _("指导性目录栏目")

    def catalogues(self):
        """Live catalogues, newest first, each annotated with its number of items."""
        return (
            CataloguePage.objects.live()
            .public()
            .child_of(self)
            .annotate(item_count=item_count())
            .order_by("-year", "issuer")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["catalogues"] = list(self.catalogues())
        return context

    def route(self, request, path_components):
        # A catalogue in one query (`cms.models.routing`); anything else the usual way.
        if self.live and path_components and not routing.own_route(self, path_components):
            catalogue = routing.child_by_slug(self, CataloguePage, path_components[0])
            if catalogue is not None:
                return catalogue.route(request, path_components[1:])
        return super().route(request, path_components)

    @path("compare/", name="compare")
    def compare(self, request):
        from cms.catalogue_versions import compare_view

        return compare_view(self, request)


class CataloguePage(RestrictionsInOneQuery, HiddenBelowDraftMixin, RoutablePageMixin, Page):
    """One issuer's catalogue for one year, e.g. 示范市民政局 2025 年度指导性目录."""

    issuer = models.CharField(_("发布单位"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"))
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    valid_from = models.DateField(_("有效期起"), null=True, blank=True)
    valid_to = models.DateField(_("有效期止"), null=True, blank=True)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("上一版目录"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="successors",
    )
    intro = RichTextField(_("说明"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("issuer"), FieldPanel("year")]),
                FieldPanel("document_number"),
                FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_to")]),
                FieldPanel("based_on"),
            ],
            heading=_("目录信息"),
        ),
        FieldPanel("intro"),
    ]
    search_fields = [
        *segmented_search_fields(("issuer", 2), ("document_number", 1), ("intro", 1)),
        index.FilterField("year"),
    ]
    parent_page_types = ["cms.CatalogueIndexPage"]
    subpage_types = ["cms.CatalogueEntryPage"]

    class Meta:
        verbose_name = _("指导性目录")
        verbose_name_plural = _("指导性目录")
        permissions = [("manage_catalogue", _("可以导入、导出和复制指导性目录"))]

    def clean(self):
        super().clean()
        errors = {}
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("有效期止不得早于有效期起。")
        same = CataloguePage.objects.filter(issuer=self.issuer, year=self.year).exclude(pk=self.pk)
        if self.issuer and self.year and same.exists():
            errors["year"] = _("该发布单位的本年度目录已存在，请编辑已有目录或复制为新年度目录。")
        if self.based_on_id and self.based_on_id == self.pk:
            errors["based_on"] = _("上一版目录不能是本目录自身。")
        if errors:
            raise ValidationError(errors)

    def search_snippet(self) -> str:
        return strip_tags(self.intro)

    @classmethod
    def current(cls):
        """Live catalogues valid today (`is_current`), as a queryset."""
        today = timezone.localdate()
        return cls.objects.live().filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=today),
            Q(valid_to__isnull=True) | Q(valid_to__gte=today),
        )

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return (not self.valid_from or self.valid_from <= today) and (
            not self.valid_to or today <= self.valid_to
        )

    def entries(self):
        return CatalogueEntryPage.objects.live().public().descendant_of(self).order_by("path")

    def route(self, request, path_components):
        # An entry by its url_path in one query (`cms.models.routing`), not two per level.
        if self.live and path_components and not routing.own_route(self, path_components):
            entry = routing.live_descendant_at(self, CatalogueEntryPage, path_components)
            if entry is not None:
                entry.__dict__["catalogue"] = self  # its cached_property, known here
                return entry.route(request, [])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        entries = list(self.entries())
        context["tree"] = build_tree(entries, root_depth=self.depth)
        context["item_count"] = sum(1 for e in entries if e.level >= ITEM_LEVEL)
        return context

    @path("download/", name="export")
    def export(self, request):
        from cms.catalogue_io import export_xlsx

        response = HttpResponse(
            export_xlsx(self, live_only=True),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="catalogue-{self.pk}.xlsx"'
        return response


def build_tree(entries, *, root_depth):
    """Nest a path-ordered list of entries: each gets `.subentries`; returns the top level.

    Entries whose parent is missing from the list (e.g. an unpublished class) are left out, so a
    hidden class hides its items too.
    """
    by_path, roots = {}, []
    for entry in entries:
        entry.subentries = []
        if entry.depth == root_depth + 1:
            roots.append(entry)
        else:
            parent = by_path.get(entry.path[: -Page.steplen])
            if parent is None:
                continue
            parent.subentries.append(entry)
        by_path[entry.path] = entry
    return roots


class CatalogueEntryForm(WagtailAdminPageForm):
    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        # A new page is not in the tree yet; its clean() needs the parent to check the code.
        self.instance._parent_hint = parent_page


_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−﹣"), "-")


def normalize_code(text: str) -> str:
    """One spelling of a catalogue code: full-width letters and digits (Ａ０１) become ASCII, dashes
    become "-", spaces go and letters are upper case, so "ａ０１ " cannot be a twin of A01."""
    folded = unicodedata.normalize("NFKC", text or "").translate(_DASHES)
    return "".join(folded.split()).upper()


class CatalogueEntryPage(RestrictionsInOneQuery, HiddenBelowDraftMixin, Page):
    """An entry of the catalogue at level 1–4 (class, subclass, item, sub-item)."""

    code = models.CharField(
        _("编码"), max_length=50, help_text=_("发布单位自定的目录编码，如 A-4-1，在本目录内唯一。")
    )
    description = models.TextField(_("说明"), blank=True)
    service_content = models.TextField(_("服务内容"), blank=True)
    service_standard = models.TextField(_("服务标准"), blank=True)
    beneficiaries = models.TextField(_("服务对象"), blank=True)
    provider_requirements = models.TextField(_("承接主体资格条件"), blank=True)
    purchase_method = models.CharField(
        _("通常采用的购买方式"), max_length=32, choices=PurchaseMethod.choices, blank=True
    )
    performance_standard = models.TextField(_("绩效评价标准"), blank=True)
    valid_from = models.DateField(
        _("有效期起"), null=True, blank=True, help_text=_("留空则与所属目录相同。")
    )
    valid_to = models.DateField(_("有效期止"), null=True, blank=True)
    issuing_department = models.CharField(
        _("发布部门"), max_length=100, blank=True, help_text=_("留空则为目录发布单位。")
    )

    ITEM_FIELDS = (
        "service_content",
        "service_standard",
        "beneficiaries",
        "provider_requirements",
        "purchase_method",
        "performance_standard",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("code"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("service_content"),
                FieldPanel("service_standard"),
                FieldPanel("beneficiaries"),
                FieldPanel("provider_requirements"),
                FieldPanel("purchase_method"),
                FieldPanel("performance_standard"),
                FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_to")]),
                FieldPanel("issuing_department"),
            ],
            heading=_("三级、四级目录条目内容"),
        ),
    ]
    search_fields = [
        *segmented_search_fields(
            ("code", 3),
            ("description", 1),
            ("service_content", 1),
            ("beneficiaries", 1),
            ("service_standard", 0.5),
            ("provider_requirements", 0.5),
        ),
        InitialsField("title"),
        index.FilterField("code"),
    ]
    parent_page_types = ["cms.CataloguePage", "cms.CatalogueEntryPage"]
    subpage_types = ["cms.CatalogueEntryPage"]
    base_form_class = CatalogueEntryForm
    search_auto_update = False  # indexed by cms.apps handlers, deferred during bulk imports

    class Meta:
        verbose_name = _("目录条目")
        verbose_name_plural = _("目录条目")

    @property
    def level(self) -> int:
        return self.depth - CATALOGUE_DEPTH if self.depth else 0

    @property
    def is_item(self) -> bool:
        return self.level >= ITEM_LEVEL

    @property
    def level_label(self):
        return LEVEL_LABELS.get(self.level, "")

    @classmethod
    def can_create_at(cls, parent):
        return super().can_create_at(parent) and parent.depth < CATALOGUE_DEPTH + MAX_LEVEL

    def can_move_to(self, parent):
        deepest = self.get_descendants(inclusive=True).aggregate(d=models.Max("depth"))["d"]
        height = deepest - self.depth
        return super().can_move_to(parent) and parent.depth + 1 + height <= (
            CATALOGUE_DEPTH + MAX_LEVEL
        )

    def _catalogue_for_validation(self):
        if self.path:
            return self.catalogue
        parent = getattr(self, "_parent_hint", None)
        if parent is None:
            return None
        parent = parent.specific
        if isinstance(parent, CataloguePage):
            return parent
        return CataloguePage.objects.ancestor_of(parent).first()

    def clean(self):
        super().clean()
        errors = {}
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("有效期止不得早于有效期起。")
        self.code = normalize_code(self.code)
        catalogue = self._catalogue_for_validation()
        if catalogue and self.code:
            taken = (
                CatalogueEntryPage.objects.descendant_of(catalogue)
                .filter(code=self.code)
                .exclude(pk=self.pk)
            )
            if taken.exists():
                errors["code"] = _("编码“%(code)s”在本目录中已被使用。") % {"code": self.code}
        if errors:
            raise ValidationError(errors)

    @cached_property
    def catalogue(self):
        return CataloguePage.objects.ancestor_of(self).first()

    def effective_valid_from(self):
        return self.valid_from or (self.catalogue.valid_from if self.catalogue else None)

    def effective_valid_to(self):
        return self.valid_to or (self.catalogue.valid_to if self.catalogue else None)

    def effective_issuing_department(self):
        return self.issuing_department or (self.catalogue.issuer if self.catalogue else "")

    def search_snippet(self) -> str:
        return self.description or self.service_content

    def get_context(self, request, *args, **kwargs):
        from .announcements import PurchaseAnnouncementPage

        context = super().get_context(request, *args, **kwargs)
        # The whole subtree in one query, nested in Python (an item's fourth-level entries, a
        # class's items with theirs).
        descendants = public(CatalogueEntryPage.objects.live(), request).descendant_of(self)
        context["children"] = build_tree(descendants.order_by("path"), root_depth=self.depth)
        context["announcements"] = (
            public(PurchaseAnnouncementPage.objects.live(), request)
            .filter(catalogue_entry=self)
            .order_by("-date", "-pk")[:20]
        )
        return context
