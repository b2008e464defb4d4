from .announcements import (
    AnnouncementIndexPage,
    AnnouncementPage,
    ContractAnnouncementPage,
    PurchaseAnnouncementPage,
    ResultAnnouncementPage,
)
from .catalogue import CatalogueEntryPage, CatalogueIndexPage, CataloguePage
from .choices import NoticeCategory, PurchaseMethod
from .home import HomePage
from .moderation import FourEyesApprovalTask
from .notices import NoticeAttachment, NoticeIndexPage, NoticePage

__all__ = [
    "AnnouncementIndexPage",
    "AnnouncementPage",
    "CatalogueEntryPage",
    "CatalogueIndexPage",
    "CataloguePage",
    "ContractAnnouncementPage",
    "FourEyesApprovalTask",
    "HomePage",
    "NoticeAttachment",
    "NoticeCategory",
    "NoticeIndexPage",
    "NoticePage",
    "PurchaseAnnouncementPage",
    "PurchaseMethod",
    "ResultAnnouncementPage",
]
