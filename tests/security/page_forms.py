"""The Wagtail page editor for our page types: one "add" form per type staff may create, one
"edit" form per type, fuzzed by `test_fuzz_pages.py` with the checks of `fuzzing`.

The world has the home page, the section indexes and one catalogue; `add_pages` adds one page of
every other type (and a call and an incubation base still without a page, for the add forms).
Call it once on the world of a module that fuzzes these targets.

Staff edit the site as members of the editors group (网站编辑: add and change, no publish), which
`site_editor` grants; a form without an action button saves a draft, as the editor's "save" does,
and the announcements are also fuzzed as submitted for moderation (`SUBMIT`).
The index pages and the home page have no add form (one per parent, one home): Wagtail refuses
them before any field is read.
"""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group

from tests.security.forms import FormTarget

EDITORS = "网站编辑"


def add_pages(world) -> None:
    """One published page of each of our types the world lacks, under the migration's indexes."""
    from cms.models import (
        AnnouncementIndexPage,
        CallIndexPage,
        CallPage,
        CatalogueEntryPage,
        ContractAnnouncementPage,
        IncubationBasePage,
        IncubationIndexPage,
        NoticeIndexPage,
        NoticePage,
        PurchaseAnnouncementPage,
        ResultAnnouncementPage,
    )
    from tests.factories import CallFactory
    from tests.orgs.incubation_support import make_base

    o = world.objects
    o["notices"] = NoticeIndexPage.objects.get()
    o["announcements"] = AnnouncementIndexPage.objects.get()
    o["call_index"] = CallIndexPage.objects.get()
    o["incubation_index"] = IncubationIndexPage.objects.get()
    o["notice"] = _publish(
        o["notices"],
        NoticePage(
            title="关于开展2026年公益创投的通知",
            slug="venture-2026",
            issuer="示范市民政局",
            document_number="示民〔2026〕1号",
            summary="申报时间和要求。",
            body="<p>各社会组织：</p>",
        ),
    )
    o["entry"] = _publish(
        o["catalogue"],
        CatalogueEntryPage(title="社区养老服务", slug="a-1", code="A-1", description="类别"),
    )
    group = _publish(o["entry"], CatalogueEntryPage(title="助餐服务", slug="a-1-1", code="A-1-1"))
    item = _publish(  # the third level: an item a department may buy
        group,
        CatalogueEntryPage(
            title="长者助餐", slug="a-1-1-1", code="A-1-1-1", service_content="助餐配餐。"
        ),
    )
    term = {"term_start": datetime.date(2026, 1, 1), "term_end": datetime.date(2026, 12, 31)}
    o["purchase"] = _publish(
        o["announcements"],
        PurchaseAnnouncementPage(
            title="长者助餐服务项目公告",
            slug="meals-2026",
            purchaser="示范市民政局",
            catalogue_entry=item,
            budget=Decimal("300000.00"),
            service_content="为辖区长者提供助餐服务。",
            purchase_method="competitive_consultation",
            **term,
        ),
    )
    o["contract"] = _publish(
        o["announcements"],
        ContractAnnouncementPage(
            title="长者助餐服务合同公告",
            slug="meals-2026-contract",
            purchase=o["purchase"],
            provider="阳光社工服务中心",
            content="长者助餐服务。",
            price=Decimal("280000.00"),
            **term,
        ),
    )
    o["result"] = _publish(
        o["announcements"],
        ResultAnnouncementPage(
            title="长者助餐服务成交结果公告",
            slug="meals-2026-result",
            purchase=o["purchase"],
            provider="阳光社工服务中心",
            amount=Decimal("280000.00"),
        ),
    )
    o["call_page"] = _publish(
        o["call_index"],
        CallPage(title="2026年公益创投", slug="venture", call=o["call"], guidelines="<p>指南</p>"),
    )
    o["base_page"] = _publish(
        o["incubation_index"],
        IncubationBasePage(title="南山区孵化基地", slug="nanshan", base=o["base"]),
    )
    # Without a page yet: what the add forms offer first.
    o["call_without_page"] = CallFactory(title="2026年社区微创投")
    o["base_without_page"] = make_base(name="前海社会组织孵化基地", operator_name="前海孵化中心")


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def site_editor(world, client) -> None:
    """Staff who edit the public site belong to the editors group."""
    world.users["staff"].groups.add(Group.objects.get(name=EDITORS))


# The editor's "submit for moderation": full validation, with the announcements' publish-time
# checks (`publish_required`), where "save draft" defers the required fields.
SUBMIT = {"action-submit": "action-submit"}


def _add(name, model, parent, button=None):
    return FormTarget(
        f"add {name}",
        "staff",
        f"/admin/pages/add/cms/{model}/{{{parent}}}/",
        prepare=site_editor,
        button=button or {},
    )


def _edit(name, key, button=None):
    return FormTarget(
        f"edit {name}",
        "staff",
        f"/admin/pages/{{{key}}}/edit/",
        prepare=site_editor,
        button=button or {},
    )


PAGE_FORMS = [
    _add("notice", "noticepage", "notices"),
    _add("purchase announcement", "purchaseannouncementpage", "announcements"),
    _add("contract announcement", "contractannouncementpage", "announcements"),
    _add("result announcement", "resultannouncementpage", "announcements"),
    _add("call page", "callpage", "call_index"),
    _add("incubation base page", "incubationbasepage", "incubation_index"),
    _add("catalogue", "cataloguepage", "catalogues"),
    _add("catalogue entry", "catalogueentrypage", "catalogue"),
    _edit("home page", "home"),
    _edit("notice index", "notices"),
    _edit("notice", "notice"),
    _edit("announcement index", "announcements"),
    _edit("purchase announcement", "purchase"),
    _edit("contract announcement", "contract"),
    _edit("result announcement", "result"),
    _edit("call index", "call_index"),
    _edit("call page", "call_page"),
    _edit("incubation index", "incubation_index"),
    _edit("incubation base page", "base_page"),
    _edit("catalogue index", "catalogues"),
    _edit("catalogue", "catalogue"),
    _edit("catalogue entry", "entry"),
    _add("and submit purchase announcement", "purchaseannouncementpage", "announcements", SUBMIT),
    _add("and submit contract announcement", "contractannouncementpage", "announcements", SUBMIT),
    _add("and submit result announcement", "resultannouncementpage", "announcements", SUBMIT),
    _edit("and submit purchase announcement", "purchase", SUBMIT),
    _edit("and submit contract announcement", "contract", SUBMIT),
    _edit("and submit result announcement", "result", SUBMIT),
]
