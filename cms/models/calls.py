"""Public call pages (征集公告): the guidelines staff write around one `grants.Call`.

The call's facts (dates, money, categories, eligibility, required documents, state) are read from
the call itself at every request, so the page never disagrees with what the portal enforces. A
page whose call is still a draft is not served, listed, searched nor put in the sitemap, even if
the page itself was published by mistake.
"""

from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.public_pages import public
from cms.search import segmented_search_fields
from core.phones import PhoneField
from core.public_cache import valid_until
from grants.eligibility import describe_rules
from grants.models import Call, CallState

from .mixins import HiddenBelowDraftMixin


def public_call_pages(request=None):
    """Live, public call pages whose call is published (never a draft call)."""
    return (
        public(CallPage.objects.live(), request)
        .exclude(call__state=CallState.DRAFT)
        .select_related("call", "call__department")
    )


def public_urls_for(calls, request=None) -> dict[int, str]:
    """{call pk: URL of its public page} for the calls that have one (one query)."""
    pages = public_call_pages(request).filter(call__in=[c.pk for c in calls])
    return {page.call_id: page.url for page in pages}


class CallIndexPage(HiddenBelowDraftMixin, Page):
    """征集公告: calls accepting applications first, then the others, newest first; filtered by
    购买主体 and its region (`orgs.public_departments`)."""

    intro = RichTextField(_("说明"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.CallPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("征集公告栏目")
        verbose_name_plural = _("征集公告栏目")

    def get_context(self, request, *args, **kwargs):
        from orgs.public_departments import PurchaserFilter

        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        chosen = PurchaserFilter(request.GET)
        pages = chosen.apply(public_call_pages().child_of(self), "call__department")
        pages = list(pages.order_by("-call__opens_at", "-pk"))
        context["purchaser_filter"] = chosen
        context["accepting"] = [p for p in pages if p.call.is_accepting(now)]
        context["others"] = [p for p in pages if not p.call.is_accepting(now)]
        for page in pages:
            valid_until(request, _next_turn(page.call, now))
        return context


def _next_turn(call, now):
    """When the call starts or stops accepting applications: a cached copy of a page saying
    whether it accepts must end then (core.public_cache)."""
    return min((t for t in (call.opens_at, call.closes_at) if t and t > now), default=None)


class CallPage(HiddenBelowDraftMixin, Page):
    """One call's public page: guidelines and files from the editor, facts from the call."""

    call = models.OneToOneField(
        "grants.Call",
        verbose_name=_("对应的征集"),
        on_delete=models.PROTECT,
        related_name="public_page",
        help_text=_("每个征集只有一个公开页面；征集为草稿时页面不对外显示"),
    )
    summary = models.TextField(_("摘要"), blank=True, help_text=_("列表和检索结果中显示。"))
    guidelines = RichTextField(_("申报指南"))
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = PhoneField(_("联系电话"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("call"),
        FieldPanel("summary"),
        FieldPanel("guidelines"),
        FieldRowPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_phone")], heading=_("咨询联系方式")
        ),
        InlinePanel("guideline_files", heading=_("指南文件下载"), label=_("文件"), max_num=30),
    ]
    search_fields = [
        *segmented_search_fields(("summary", 1), ("guidelines", 1), ("call_search_text", 2)),
        index.FilterField("call_id"),
    ]
    parent_page_types = ["cms.CallIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("征集公告")
        verbose_name_plural = _("征集公告")

    def __str__(self):
        return self.title

    @property
    def call_is_public(self) -> bool:
        return self.call.state != CallState.DRAFT

    def call_search_text(self) -> str:
        call = self.call
        names = call.categories.values_list("name", flat=True)
        return " ".join([call.title, call.edition, call.description, *names])

    def search_snippet(self) -> str:
        return self.summary or self.call.description

    def route(self, request, path_components):
        if not path_components and not self.call_is_public:
            raise Http404
        return super().route(request, path_components)

    def serve(self, request, *args, **kwargs):
        # Previews and direct serving bypass route(): check again.
        if not self.call_is_public and not getattr(request, "is_preview", False):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_sitemap_urls(self, request=None):
        if not self.call_is_public:
            return []
        return super().get_sitemap_urls(request)

    def get_context(self, request, *args, **kwargs):
        from grants.models import CallCategory, RequiredAttachment

        context = super().get_context(request, *args, **kwargs)
        call = (
            Call.objects.select_related("department", "previous_call")
            .prefetch_related(
                Prefetch("categories", queryset=CallCategory.objects.order_by("sort_order")),
                Prefetch(
                    "required_attachments",
                    queryset=RequiredAttachment.objects.order_by("sort_order"),
                ),
            )
            .get(pk=self.call_id)
        )
        now = timezone.now()
        valid_until(request, _next_turn(call, now))
        context.update(
            call=call,
            rules=describe_rules(call),
            accepting=call.is_accepting(now),
            problems=call.acceptance_problems(now),
            apply_url=reverse("portal:call_detail", args=[call.pk]),
            guideline_files=self.guideline_files.select_related("document"),
        )
        return context


class CallGuidelineFile(Orderable):
    """A downloadable guideline file (published content, so a public Wagtail document)."""

    page = ParentalKey(CallPage, on_delete=models.CASCADE, related_name="guideline_files")
    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("文件"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("文件名称"), max_length=200, blank=True, help_text=_("留空则使用文件标题。")
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("指南文件")
        verbose_name_plural = _("指南文件")

    @property
    def label(self) -> str:
        return self.title or self.document.title
