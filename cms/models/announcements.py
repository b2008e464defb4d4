"""Announcements of purchases of services.

Three kinds: purchase (项目公告), contract (合同公告) and result (成交结果公告).

Rules (财政部令第102号《政府购买服务管理办法》): a purchase needs a budget ("no budget, no
purchase", art. 21) and an item of the guiding catalogue; a contract normally runs at most one
year, and up to three years only for stable, continuous services with assured funding (art. 24).
Fields a reader needs are optional while drafting and enforced when the page is submitted for
moderation or published; the rule lives in the model's clean() so every path that publishes —
the editor, a workflow approval, scheduled publishing — applies it.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.listing import filter_form_context, paginate
from cms.search import segmented_search_fields
from core.phones import PhoneField

from .choices import PurchaseMethod
from .mixins import HiddenBelowDraftMixin

MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0.01"))]}


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same calendar date `years` later (28 February for 29 February); the last date there is
    when that is beyond it."""
    if day.year + years > datetime.MAXYEAR:
        return datetime.date.max
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def term_errors(start, end, multi_year_reason) -> dict:
    """Errors for a service term (inclusive dates), keyed by field name.

    "One year" means the end date is at most the same calendar date one year later; beyond that a
    reason for a multi-year contract is required, and beyond three years the term is refused.
    """
    if not (start and end):
        return {}
    if end < start:
        return {"term_end": _("服务期限结束日期不得早于开始日期。")}
    if end > add_years(start, 3):
        return {"term_end": _("服务期限不得超过三年（财政部令第102号第二十四条）。")}
    if end > add_years(start, 1) and not (multi_year_reason or "").strip():
        return {
            "multi_year_reason": _(
                "服务期限超过一年的，须说明理由：仅限购买内容相对固定、连续性强、经费来源稳定、"
                "价格变化幅度小的服务，且有预算保障。"
            )
        }
    return {}


class AnnouncementIndexPage(HiddenBelowDraftMixin, Page):
    """政府购买服务公告: every announcement, newest first, filtered by kind, year, 购买主体 and its
    region."""

    intro = RichTextField(_("说明"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = [
        "cms.PurchaseAnnouncementPage",
        "cms.ContractAnnouncementPage",
        "cms.ResultAnnouncementPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("购买服务公告栏目")
        verbose_name_plural = _("购买服务公告栏目")

    def get_context(self, request, *args, **kwargs):
        from cms.forms import AnnouncementFilterForm
        from orgs.public_departments import PurchaserFilter

        context = super().get_context(request, *args, **kwargs)
        pages = AnnouncementPage.objects.live().public().child_of(self)
        years = [d.year for d in pages.dates("date", "year", order="DESC")]
        form = AnnouncementFilterForm(request.GET or None, years=years)
        if form.is_valid():
            if kind := form.cleaned_data.get("kind"):
                pages = pages.type(ANNOUNCEMENT_KINDS[kind])
            if year := form.cleaned_data.get("year"):
                pages = pages.filter(date__year=year)
        chosen = PurchaserFilter(request.GET)
        if chosen.active:
            # An announcement names its purchaser as written by the editor: it is matched to
            # the departments of the registry by their exact name.
            pages = pages.filter(purchaser__in=[d.name for d in chosen.kept()])
        context.update(filter_form_context(request, form))
        context["purchaser_filter"] = chosen
        context["page_obj"] = paginate(request, pages.order_by("-date", "-pk"), per_page=15)
        return context


class AnnouncementForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        # Drafts may be incomplete; submitting for moderation or publishing may not. Wagtail defers
        # required fields only when saving a draft, which tells us the editor's intent.
        self.instance._publishing = not self.is_deferred_validation
        return cleaned_data


class AnnouncementPage(HiddenBelowDraftMixin, Page):
    """Fields shared by every announcement; not created directly."""

    date = models.DateField(_("发布日期"), default=timezone.localdate)
    purchaser = models.CharField(_("购买主体"), max_length=200, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = PhoneField(_("联系电话"), max_length=50, blank=True)
    contact_address = models.CharField(_("联系地址"), max_length=200, blank=True)
    body = RichTextField(_("其他事项"), blank=True)

    contact_panel = MultiFieldPanel(
        [
            FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_phone")]),
            FieldPanel("contact_address"),
        ],
        heading=_("联系方式"),
    )
    parent_page_types = ["cms.AnnouncementIndexPage"]
    subpage_types = []
    is_creatable = False
    base_form_class = AnnouncementForm
    # field → message shown when the field is empty at submission/publication
    publish_required: dict = {}
    search_fields = [
        *segmented_search_fields(("purchaser", 2), ("body", 0.5)),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = _("公告")
        verbose_name_plural = _("公告")

    def _is_publishing(self) -> bool:
        # The admin form states the editor's intent; elsewhere (workflow approval, scheduled
        # publishing, code) a page being saved live is being published.
        intent = getattr(self, "_publishing", None)
        return self.live if intent is None else intent

    def validation_errors(self) -> dict:
        errors = {}
        if self._is_publishing():
            for field, message in self.publish_required.items():
                value = getattr(self, field + "_id", None) or getattr(self, field)
                if value in (None, ""):
                    errors[field] = message
        return errors

    def clean(self):
        super().clean()
        if errors := self.validation_errors():
            raise ValidationError(errors)

    @property
    def kind_label(self):
        return self.specific_class._meta.verbose_name if self.specific_class else ""

    def search_snippet(self) -> str:
        return self.purchaser


TERM_PANEL_FIELDS = [
    FieldRowPanel([FieldPanel("term_start"), FieldPanel("term_end")]),
    FieldPanel("multi_year_reason"),
]


class PurchaseAnnouncementPage(AnnouncementPage):
    """政府购买服务项目公告."""

    project_number = models.CharField(_("项目编号"), max_length=100, blank=True)
    catalogue_entry = models.ForeignKey(
        "cms.CatalogueEntryPage",
        verbose_name=_("指导性目录条目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="purchase_announcements",
    )
    budget = models.DecimalField(_("预算金额（元）"), null=True, blank=True, **MONEY)
    funding_source = models.CharField(_("资金来源"), max_length=200, blank=True)
    service_content = models.TextField(_("服务内容"), blank=True)
    quantity_standard = models.TextField(_("数量标准"), blank=True)
    quality_standard = models.TextField(_("质量标准"), blank=True)
    beneficiaries = models.TextField(_("服务对象"), blank=True)
    provider_requirements = models.TextField(_("承接主体资格条件"), blank=True)
    purchase_method = models.CharField(
        _("购买方式"), max_length=32, choices=PurchaseMethod.choices, blank=True
    )
    evaluation_method = models.TextField(_("绩效评价方式"), blank=True)
    term_start = models.DateField(_("服务期限起"), null=True, blank=True)
    term_end = models.DateField(_("服务期限止"), null=True, blank=True)
    multi_year_reason = models.TextField(_("跨年度履约理由"), blank=True)

    publish_required = {
        "catalogue_entry": _("须关联指导性目录中的三级或四级条目：目录内的事项方可购买。"),
        "purchaser": _("请填写购买主体。"),
        "budget": _("发布前必须填写预算金额：没有预算，不得购买。"),
        "service_content": _("请填写服务内容。"),
        "purchase_method": _("请选择购买方式。"),
        "term_start": _("请填写服务期限起始日期。"),
        "term_end": _("请填写服务期限结束日期。"),
    }
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("date"), FieldPanel("project_number")]),
                FieldPanel("purchaser"),
                FieldPanel("catalogue_entry"),
                FieldRowPanel([FieldPanel("budget"), FieldPanel("funding_source")]),
                FieldPanel("purchase_method"),
            ],
            heading=_("项目信息"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("service_content"),
                FieldPanel("quantity_standard"),
                FieldPanel("quality_standard"),
                FieldPanel("beneficiaries"),
                FieldPanel("provider_requirements"),
                FieldPanel("evaluation_method"),
            ],
            heading=_("服务要求"),
        ),
        MultiFieldPanel(TERM_PANEL_FIELDS, heading=_("服务期限")),
        AnnouncementPage.contact_panel,
        FieldPanel("body"),
    ]
    search_fields = [
        *AnnouncementPage.search_fields,
        *segmented_search_fields(
            ("project_number", 2),
            ("service_content", 1),
            ("beneficiaries", 1),
            ("provider_requirements", 0.5),
        ),
    ]

    class Meta:
        verbose_name = _("政府购买服务项目公告")
        verbose_name_plural = _("政府购买服务项目公告")

    def validation_errors(self) -> dict:
        errors = super().validation_errors()
        entry = self.catalogue_entry if self.catalogue_entry_id else None
        if entry is not None and not entry.is_item:
            errors.setdefault("catalogue_entry", _("请选择三级或四级目录条目，而不是目录类别。"))
        errors.update(term_errors(self.term_start, self.term_end, self.multi_year_reason))
        return errors

    def search_snippet(self) -> str:
        return self.service_content

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["contracts"] = self.contracts.live().public().order_by("-date")
        context["results"] = self.results.live().public().order_by("-date")
        return context


class ContractAnnouncementPage(AnnouncementPage):
    """合同公告: the signed contract, published after selection."""

    purchase = models.ForeignKey(
        PurchaseAnnouncementPage,
        verbose_name=_("对应的项目公告"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contracts",
    )
    contract_number = models.CharField(_("合同编号"), max_length=100, blank=True)
    provider = models.CharField(_("承接主体"), max_length=200, blank=True)
    signed_on = models.DateField(_("签订日期"), null=True, blank=True)
    content = models.TextField(_("合同内容"), blank=True)
    term_start = models.DateField(_("履行期限起"), null=True, blank=True)
    term_end = models.DateField(_("履行期限止"), null=True, blank=True)
    multi_year_reason = models.TextField(_("跨年度履约理由"), blank=True)
    quantity = models.TextField(_("服务数量"), blank=True)
    quality = models.TextField(_("服务质量"), blank=True)
    price = models.DecimalField(_("合同金额（元）"), null=True, blank=True, **MONEY)
    settlement = models.TextField(_("资金结算方式"), blank=True)
    rights_and_duties = models.TextField(_("双方的权利和义务"), blank=True)
    liability = models.TextField(_("违约责任"), blank=True)

    publish_required = {
        "purchase": _("请关联对应的政府购买服务项目公告。"),
        "provider": _("请填写承接主体。"),
        "content": _("请填写合同内容。"),
        "price": _("发布前必须填写合同金额。"),
        "term_start": _("请填写履行期限起始日期。"),
        "term_end": _("请填写履行期限结束日期。"),
    }
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("date"), FieldPanel("contract_number")]),
                FieldPanel("purchase"),
                FieldRowPanel([FieldPanel("purchaser"), FieldPanel("provider")]),
                FieldRowPanel([FieldPanel("signed_on"), FieldPanel("price")]),
            ],
            heading=_("合同信息"),
        ),
        FieldPanel("content"),
        MultiFieldPanel(TERM_PANEL_FIELDS, heading=_("履行期限")),
        FieldPanel("quantity"),
        FieldPanel("quality"),
        FieldPanel("settlement"),
        FieldPanel("rights_and_duties"),
        FieldPanel("liability"),
        AnnouncementPage.contact_panel,
        FieldPanel("body"),
    ]
    search_fields = [
        *AnnouncementPage.search_fields,
        *segmented_search_fields(("provider", 2), ("contract_number", 2), ("content", 1)),
    ]

    class Meta:
        verbose_name = _("合同公告")
        verbose_name_plural = _("合同公告")

    def validation_errors(self) -> dict:
        errors = super().validation_errors()
        errors.update(term_errors(self.term_start, self.term_end, self.multi_year_reason))
        return errors

    def search_snippet(self) -> str:
        return self.content


class ResultAnnouncementPage(AnnouncementPage):
    """成交结果公告: who was selected, for how much."""

    purchase = models.ForeignKey(
        PurchaseAnnouncementPage,
        verbose_name=_("对应的项目公告"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="results",
    )
    provider = models.CharField(_("成交承接主体"), max_length=200, blank=True)
    provider_address = models.CharField(_("承接主体地址"), max_length=200, blank=True)
    amount = models.DecimalField(_("成交金额（元）"), null=True, blank=True, **MONEY)
    decided_on = models.DateField(_("确定日期"), null=True, blank=True)
    review_summary = models.TextField(
        _("评审情况"), blank=True, help_text=_("评审方法、评审小组成员名单等依法应公开的信息。")
    )

    publish_required = {
        "purchase": _("请关联对应的政府购买服务项目公告。"),
        "provider": _("请填写成交承接主体。"),
        "amount": _("发布前必须填写成交金额。"),
    }
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("date"), FieldPanel("decided_on")]),
                FieldPanel("purchase"),
                FieldPanel("purchaser"),
                FieldRowPanel([FieldPanel("provider"), FieldPanel("amount")]),
                FieldPanel("provider_address"),
            ],
            heading=_("成交信息"),
        ),
        FieldPanel("review_summary"),
        AnnouncementPage.contact_panel,
        FieldPanel("body"),
    ]
    search_fields = [
        *AnnouncementPage.search_fields,
        *segmented_search_fields(("provider", 2), ("review_summary", 0.5)),
    ]

    class Meta:
        verbose_name = _("成交结果公告")
        verbose_name_plural = _("成交结果公告")

    def search_snippet(self) -> str:
        return self.provider


ANNOUNCEMENT_KINDS = {
    "purchase": PurchaseAnnouncementPage,
    "contract": ContractAnnouncementPage,
    "result": ResultAnnouncementPage,
}
