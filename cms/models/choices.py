"""Choice lists shared by catalogue entries and announcements."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PurchaseMethod(models.TextChoices):
    """Procurement methods of 财政部令第102号 and the procurement law."""

    OPEN_TENDER = "open_tender", _("公开招标")
    INVITED_TENDER = "invited_tender", _("邀请招标")
    COMPETITIVE_NEGOTIATION = "competitive_negotiation", _("竞争性谈判")
    COMPETITIVE_CONSULTATION = "competitive_consultation", _("竞争性磋商")
    SINGLE_SOURCE = "single_source", _("单一来源")
    PRICE_INQUIRY = "price_inquiry", _("询价")
    OTHER = "other", _("其他")


class NoticeCategory(models.TextChoices):
    NOTICE = "notice", _("通知")
    ANNOUNCEMENT = "announcement", _("公告")
    POLICY = "policy", _("政策文件")
    NEWS = "news", _("工作动态")
