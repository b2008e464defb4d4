"""Admin integration of the public site and the home page's own sections."""

from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from cms import (
    admin_menu,  # noqa: F401  (registers the back office menu hooks)
    admin_views,
    document_serving,
    page_chooser,
    rich_text_entities,
)
from cms.home_sections import FIGURES_HOOK, SECTION_HOOK
from cms.models import (
    AnnouncementIndexPage,
    AnnouncementPage,
    CataloguePage,
    NoticeIndexPage,
    NoticePage,
)
from cms.models.catalogue import item_count
from cms.public_pages import public, section

HOME_ITEMS = 6


# After Wagtail's own registrations (default order 0), so these replace them.
@hooks.register("register_rich_text_features", order=100)
def tolerate_crafted_rich_text_entities(features):
    rich_text_entities.register(features)


@hooks.register("construct_page_chooser_queryset")
def hide_pages_the_user_may_not_see(pages, request):
    return page_chooser.limit_chooser(pages, request)


# After Wagtail's collection privacy check (order 0), which must still answer first.
@hooks.register("before_serve_document", order=100)
def serve_unlisted_document_types_as_downloads(document, request):
    if not document_serving.is_listed(document):
        return document_serving.serve_as_download(document)
    return None


@hooks.register("register_admin_urls")
def catalogue_admin_urls():
    return [
        path(
            "catalogue-tools/", admin_views.CatalogueToolsView.as_view(), name="cms_catalogue_tools"
        ),
        path(
            "catalogue-tools/<int:page_id>/import/",
            admin_views.CatalogueImportView.as_view(),
            name="cms_catalogue_import",
        ),
        path(
            "catalogue-tools/<int:page_id>/copy/",
            admin_views.CatalogueCopyView.as_view(),
            name="cms_catalogue_copy",
        ),
        path(
            "catalogue-tools/<int:page_id>/export/",
            admin_views.catalogue_export,
            name="cms_catalogue_export",
        ),
    ]


class CatalogueToolsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_manage_catalogues(request.user)[0]


@hooks.register("register_admin_menu_item")
def catalogue_tools_menu_item():
    return CatalogueToolsMenuItem(
        _("指导性目录管理"), reverse("cms_catalogue_tools"), icon_name="list-ul", order=250
    )


@hooks.register("register_page_header_buttons")
def catalogue_buttons(page, user, view_name, next_url=None):
    if page.specific_class is not CataloguePage or not admin_views.can_manage_catalogues(user)[0]:
        return
    yield Button(
        _("导入目录条目"), reverse("cms_catalogue_import", args=[page.pk]), icon_name="upload"
    )
    yield Button(
        _("导出为 XLSX"), reverse("cms_catalogue_export", args=[page.pk]), icon_name="download"
    )
    yield Button(
        _("复制为新年度目录"), reverse("cms_catalogue_copy", args=[page.pk]), icon_name="copy"
    )


def _index_url(model, request):
    index = section(model, request)
    return index.get_url(request) if index else ""


@hooks.register(SECTION_HOOK)
def latest_announcements(request):
    pages = public(AnnouncementPage.objects.live(), request)
    items = list(pages.order_by("-date", "-pk")[:HOME_ITEMS])
    if not items:
        return None
    return {
        "slot": "announcements",
        "template": "cms/home/announcements.html",
        "context": {"items": items},
        "more_url": _index_url(AnnouncementIndexPage, request),
    }


@hooks.register(SECTION_HOOK)
def latest_notices(request):
    pages = public(NoticePage.objects.live(), request)
    items = list(pages.order_by("-date", "-pk")[:HOME_ITEMS])
    if not items:
        return None
    return {
        "slot": "notices",
        "template": "cms/home/notices.html",
        "context": {"items": items},
        "more_url": _index_url(NoticeIndexPage, request),
    }


@hooks.register(FIGURES_HOOK)
def catalogue_and_announcement_figures(request):
    today = timezone.localdate()
    current = CataloguePage.current().annotate(items=item_count()).order_by("-year").first()
    figures = []
    if current:
        figures.append(
            {
                "label": _("现行目录可购买服务事项"),
                "value": current.items or 0,
                "unit": _("项"),
                "url": current.get_url(request),
                "order": 10,
            }
        )
    from cms import figures as cms_figures

    found = cms_figures.purchase_count_and_budget(today.year, request)
    if found is not None:
        count, budget = found
        figures.append(
            {
                "label": _("本年度购买服务项目公告"),
                "value": count.value,
                "unit": _("个"),
                "url": count.url,
                "order": 20,
            }
        )
        if budget.value:
            from core.money import wan

            figures.append(
                {
                    "label": _("本年度公告预算金额"),
                    "value": wan(budget.value),
                    "unit": _("万元"),
                    "url": budget.url,
                    "order": 30,
                }
            )
    return figures
