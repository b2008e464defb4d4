"""Notices (通知公告): dated documents of the bureau with attachments."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.listing import filter_form_context, paginate
from cms.search import segmented_search_fields

from .choices import NoticeCategory
from .mixins import HiddenBelowDraftMixin


class NoticeIndexPage(HiddenBelowDraftMixin, Page):
    """通知公告: newest first, filtered by year, category and issuer."""

    intro = RichTextField(_("说明"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NoticePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("通知公告栏目")
        verbose_name_plural = _("通知公告栏目")

    def get_context(self, request, *args, **kwargs):
        from cms.forms import NoticeFilterForm

        context = super().get_context(request, *args, **kwargs)
        notices = NoticePage.objects.live().public().child_of(self)
        years = [d.year for d in notices.dates("date", "year", order="DESC")]
        issuers = list(
            notices.exclude(issuer="")
            .order_by("issuer")
            .values_list("issuer", flat=True)
            .distinct()
        )
        form = NoticeFilterForm(request.GET or None, years=years, issuers=issuers)
        if form.is_valid():
            data = form.cleaned_data
            if data.get("year"):
                notices = notices.filter(date__year=data["year"])
            if data.get("category"):
                notices = notices.filter(category=data["category"])
            if data.get("issuer"):
                notices = notices.filter(issuer=data["issuer"])
        context.update(filter_form_context(request, form))
        context["page_obj"] = paginate(request, notices.order_by("-date", "-pk"))
        return context


class NoticePage(HiddenBelowDraftMixin, Page):
    date = models.DateField(_("发布日期"), default=timezone.localdate)
    category = models.CharField(
        _("类别"), max_length=20, choices=NoticeCategory.choices, default=NoticeCategory.NOTICE
    )
    issuer = models.CharField(_("发布单位"), max_length=100)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    summary = models.TextField(_("摘要"), blank=True, help_text=_("列表和检索结果中显示。"))
    body = RichTextField(_("正文"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("date"), FieldPanel("category")]),
                FieldRowPanel([FieldPanel("issuer"), FieldPanel("document_number")]),
            ],
            heading=_("发布信息"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", heading=_("附件"), label=_("附件"), max_num=30),
    ]
    search_fields = [
        *segmented_search_fields(
            ("issuer", 1), ("document_number", 2), ("summary", 1), ("body", 1)
        ),
        index.FilterField("date"),
        index.FilterField("category"),
    ]
    parent_page_types = ["cms.NoticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("通知公告")
        verbose_name_plural = _("通知公告")

    def search_snippet(self) -> str:
        return self.summary

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["attachments"] = self.attachments.select_related("document")
        return context


class NoticeAttachment(Orderable):
    page = ParentalKey(NoticePage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("文件"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("附件名称"), max_length=200, blank=True, help_text=_("留空则使用文件标题。")
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    @property
    def label(self) -> str:
        return self.title or self.document.title
