"""Page types may only be created where they belong."""

import pytest
from django.core.exceptions import ValidationError

from cms.models import (
    AnnouncementIndexPage,
    AnnouncementPage,
    CallIndexPage,
    CallPage,
    CatalogueEntryPage,
    CatalogueIndexPage,
    CataloguePage,
    ContractAnnouncementPage,
    HomePage,
    IncubationBasePage,
    IncubationIndexPage,
    NoticeIndexPage,
    NoticePage,
    PurchaseAnnouncementPage,
    ResultAnnouncementPage,
)
from tests.cms.conftest import entry, make_catalogue

pytestmark = pytest.mark.django_db


def test_page_types_subpage_rules_form_the_site_tree():
    assert set(HomePage.allowed_subpage_models()) == {
        CatalogueIndexPage,
        AnnouncementIndexPage,
        NoticeIndexPage,
        CallIndexPage,
        IncubationIndexPage,
    }
    assert CallIndexPage.allowed_subpage_models() == [CallPage]
    assert CallPage.allowed_subpage_models() == []
    assert IncubationIndexPage.allowed_subpage_models() == [IncubationBasePage]
    assert IncubationBasePage.allowed_subpage_models() == []
    assert CatalogueIndexPage.allowed_subpage_models() == [CataloguePage]
    assert CataloguePage.allowed_subpage_models() == [CatalogueEntryPage]
    assert CatalogueEntryPage.allowed_subpage_models() == [CatalogueEntryPage]
    assert set(AnnouncementIndexPage.allowed_subpage_models()) == {
        PurchaseAnnouncementPage,
        ContractAnnouncementPage,
        ResultAnnouncementPage,
    }
    assert NoticeIndexPage.allowed_subpage_models() == [NoticePage]
    assert NoticePage.allowed_subpage_models() == []


def test_page_types_refuse_wrong_parents(site):
    catalogue = make_catalogue(site)
    assert CataloguePage.can_create_at(site.catalogues)
    assert not CataloguePage.can_create_at(site.home)
    assert not CataloguePage.can_create_at(site.notices)
    assert not CatalogueEntryPage.can_create_at(site.catalogues)
    assert CatalogueEntryPage.can_create_at(catalogue)
    assert not NoticePage.can_create_at(site.announcements)
    assert not PurchaseAnnouncementPage.can_create_at(site.notices)
    assert PurchaseAnnouncementPage.can_create_at(site.announcements)
    # The shared base of the announcements is never created by itself.
    assert not AnnouncementPage.can_create_at(site.announcements)


def test_page_types_sections_exist_once_per_home(site):
    assert not CatalogueIndexPage.can_create_at(site.home)
    assert not NoticeIndexPage.can_create_at(site.home)
    assert not AnnouncementIndexPage.can_create_at(site.home)


def test_catalogue_entry_levels_stop_at_four(site):
    catalogue = make_catalogue(site)
    level1 = entry(catalogue, "A", "公共服务")
    level2 = entry(level1, "A-4", "社会保障服务")
    level3 = entry(level2, "A-4-1", "居家养老上门服务")
    level4 = entry(level3, "A-4-1-1", "老年人助餐服务")
    assert [e.level for e in (level1, level2, level3, level4)] == [1, 2, 3, 4]
    assert [e.is_item for e in (level1, level2, level3, level4)] == [False, False, True, True]
    assert CatalogueEntryPage.can_create_at(level3)
    assert not CatalogueEntryPage.can_create_at(level4)
    # A subtree may not be moved where it would pass the fourth level.
    other_group = entry(level1, "A-5", "残疾人服务")
    other_class = entry(catalogue, "B", "政府履职辅助性服务")
    assert not level2.can_move_to(other_group)
    assert level2.can_move_to(other_class)
    assert level4.can_move_to(other_group)


def test_catalogue_entry_code_is_unique_within_its_catalogue(site):
    catalogue = make_catalogue(site)
    top = entry(catalogue, "A", "公共服务")
    duplicate = CatalogueEntryPage(title="重复", code="A", slug="a-2")
    duplicate._parent_hint = top
    with pytest.raises(ValidationError) as raised:
        duplicate.full_clean(exclude=["path", "depth"])
    assert raised.value.message_dict["code"] == ["编码“A”在本目录中已被使用。"]
    # The same code in another issuer's catalogue is fine.
    other = make_catalogue(site, issuer="示范区民政局", slug="other")
    elsewhere = CatalogueEntryPage(title="公共服务", code="A", slug="a")
    elsewhere._parent_hint = other
    elsewhere.full_clean(exclude=["path", "depth"])


def test_catalogue_is_unique_per_issuer_and_year(site):
    make_catalogue(site, year=2025)
    again = CataloguePage(title="又一个", slug="again", issuer="示范市民政局", year=2025)
    with pytest.raises(ValidationError) as raised:
        again.full_clean(exclude=["path", "depth"])
    assert raised.value.message_dict["year"] == [
        "该发布单位的本年度目录已存在，请编辑已有目录或复制为新年度目录。"
    ]
