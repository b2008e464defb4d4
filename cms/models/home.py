from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The portal's front page: open calls, current 公示, notices and headline figures."""

    intro = RichTextField(_("导语"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("首页")
        verbose_name_plural = _("首页")
