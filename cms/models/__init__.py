from .announcements import (
    AnnouncementIndexPage,
    AnnouncementPage,
    ContractAnnouncementPage,
    PurchaseAnnouncementPage,
    ResultAnnouncementPage,
)
from .calls import CallGuidelineFile, CallIndexPage, CallPage
from .catalogue import CatalogueEntryPage, CatalogueIndexPage, CataloguePage
from .choices import NoticeCategory, PurchaseMethod
from .home import HomePage
from .incubation import IncubationBaseImage, IncubationBasePage, IncubationIndexPage
from .moderation import FourEyesApprovalTask
from .notices import NoticeAttachment, NoticeIndexPage, NoticePage
from .site_settings import SiteIdentity

__all__ = [
    "AnnouncementIndexPage",
    "AnnouncementPage",
    "CallGuidelineFile",
    "CallIndexPage",
    "CallPage",
    "CatalogueEntryPage",
    "CatalogueIndexPage",
    "CataloguePage",
    "ContractAnnouncementPage",
    "FourEyesApprovalTask",
    "HomePage",
    "IncubationBaseImage",
    "IncubationBasePage",
    "IncubationIndexPage",
    "NoticeAttachment",
    "NoticeCategory",
    "NoticeIndexPage",
    "NoticePage",
    "PurchaseAnnouncementPage",
    "PurchaseMethod",
    "ResultAnnouncementPage",
    "SiteIdentity",
]
