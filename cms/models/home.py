from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms import home_sections, public_pages

from .mixins import RestrictionsInOneQuery


class HomePage(RestrictionsInOneQuery, Page):
    """The portal's front page: open calls, current 公示, notices, announcements, figures.

    Its blocks come from `cms.home_sections`, which other apps fill through Wagtail hooks.
    """

    intro = RichTextField(_("导语"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.CatalogueIndexPage",
        "cms.AnnouncementIndexPage",
        "cms.NoticeIndexPage",
        "cms.CallIndexPage",
        "cms.IncubationIndexPage",
    ]

    class Meta:
        verbose_name = _("首页")
        verbose_name_plural = _("首页")

    def get_context(self, request, *args, **kwargs):
        from projects import figures as project_figures

        context = super().get_context(request, *args, **kwargs)
        context["slots"] = home_sections.collect_sections(request)
        _link_calls_to_their_pages(context["slots"], request)
        context["figures"] = home_sections.collect_figures(request)
        # One note per rule (e.g. what 年度 means), however many figures state it.
        context["figure_notes"] = list(
            dict.fromkeys(f["note"] for f in context["figures"] if f.get("note"))
        )
        context["sections"] = public_pages.sections(request)
        # This year's awards per district and for the whole city, each linked to its list.
        # Counted once per change of public data, like the headline figures.
        year = timezone.localdate().year
        context["districts"] = public_pages.kept(
            request, f"home-districts-{year}", lambda: project_figures.by_district(year)
        )
        return context


def _link_calls_to_their_pages(slots, request) -> None:
    """Give each open call listed by grants the URL of its public page (`public_url`), if any.

    grants lists the calls without knowing the cms; the page links are added here in one query.
    """
    from cms.models.calls import CallIndexPage, public_urls_for

    index = None
    for slot in slots:
        if slot.key != "open_calls" or not slot.sections:
            continue
        index = index or public_pages.section(CallIndexPage, request)
        for section in slot.sections:
            items = section.get("context", {}).get("items") or []
            urls = public_urls_for(items, request)
            for call in items:
                call.public_url = urls.get(call.pk, "")
            if index is not None:
                section["more_url"] = index.url
