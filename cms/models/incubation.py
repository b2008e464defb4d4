"""Public incubation pages (孵化基地): one page per base, under one index.

Editors write the introduction and choose pictures; capacity, occupancy, services, how to apply and
the organizations incubating or graduated are read live from `orgs.incubation.public`, the only
door through which incubation facts reach the public (it never hands out founders or documents).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.images import get_image_model_string
from wagtail.models import Orderable, Page

from cms.search import segmented_search_fields
from orgs.incubation import public as incubation_public

from .mixins import HiddenBelowDraftMixin


def public_base_pages():
    return IncubationBasePage.objects.live().public().select_related("base", "base__operator")


def page_url_for(base_id=None) -> str | None:
    """Provider for `orgs.incubation.public.page_url` (registered in `cms.apps`)."""
    if base_id is None:
        index = IncubationIndexPage.objects.live().public().first()
        return index.url if index else None
    page = IncubationBasePage.objects.live().public().filter(base_id=base_id).first()
    return page.url if page else None


class IncubationIndexPage(HiddenBelowDraftMixin, Page):
    """孵化基地: headline figures, every base, and who is incubating or graduated."""

    intro = RichTextField(_("说明"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.IncubationBasePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("孵化基地栏目")
        verbose_name_plural = _("孵化基地栏目")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        summaries = []
        pages = {p.base_id: p for p in public_base_pages().child_of(self)}
        for summary in incubation_public.bases():
            page = pages.get(summary["id"])
            if page is not None:
                summary["url"] = page.url
            summaries.append(summary)
        context.update(
            figures=incubation_public.headline_figures(),
            bases=summaries,
            incubating=incubation_public.incubating(),
            graduated=incubation_public.graduated(),
        )
        return context


class IncubationBasePage(HiddenBelowDraftMixin, Page):
    """One base: the editor's introduction and pictures around the base's live figures."""

    base = models.OneToOneField(
        "orgs.IncubationBase",
        verbose_name=_("孵化基地"),
        on_delete=models.PROTECT,
        related_name="public_page",
        help_text=_("每个孵化基地只有一个公开页面"),
    )
    introduction = RichTextField(_("基地介绍"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("base"),
        FieldPanel("introduction"),
        InlinePanel("gallery", heading=_("图片"), label=_("图片"), max_num=30),
    ]
    search_fields = segmented_search_fields(("introduction", 1))
    parent_page_types = ["cms.IncubationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("孵化基地页面")
        verbose_name_plural = _("孵化基地页面")

    def search_snippet(self) -> str:
        return self.base.description

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        base = self.base
        summary = incubation_public.base_summary(base)
        summary["url"] = self.url
        context.update(
            summary=summary,
            incubating=incubation_public.incubating(base),
            graduated=incubation_public.graduated(base),
            gallery=self.gallery.select_related("image"),
        )
        return context


class IncubationBaseImage(Orderable):
    page = ParentalKey(IncubationBasePage, on_delete=models.CASCADE, related_name="gallery")
    image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("图片"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    caption = models.CharField(
        _("图片说明"), max_length=200, help_text=_("供读屏软件朗读，也显示在图片下方。")
    )

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("图片")
        verbose_name_plural = _("图片")
