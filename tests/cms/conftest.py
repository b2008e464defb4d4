"""The public site's tree as the data migration leaves it, plus builders for catalogues."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group

from cms.models import (
    AnnouncementIndexPage,
    CatalogueEntryPage,
    CatalogueIndexPage,
    CataloguePage,
    HomePage,
    NoticeIndexPage,
)
from cms.search import deferred_indexing
from tests.factories import UserFactory


@pytest.fixture
def site(db):
    home = HomePage.objects.get()
    return SimpleNamespace(
        home=home,
        catalogues=CatalogueIndexPage.objects.get(),
        announcements=AnnouncementIndexPage.objects.get(),
        notices=NoticeIndexPage.objects.get(),
    )


def add_page(parent, page, *, publish=True):
    parent.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    return page


def make_catalogue(site, *, year=2025, issuer="示范市民政局", slug=None, publish=True, **kw):
    return add_page(
        site.catalogues,
        CataloguePage(
            title=f"示范市政府购买服务指导性目录（{year}年版）",
            slug=slug or f"demo-{year}",
            issuer=issuer,
            year=year,
            valid_from=datetime.date(year, 1, 1),
            valid_to=datetime.date(year, 12, 31),
            **kw,
        ),
        publish=publish,
    )


def entry(parent, code, title, **fields):
    """A live entry without revisions: fast, for building large trees in tests."""
    page = CatalogueEntryPage(title=title, code=code, slug=code.lower(), **fields)
    parent.add_child(instance=page)
    return page


def build_catalogue(catalogue, n_items, *, per_group=25):
    """Two first-level classes, second-level groups of `per_group` items, `n_items` items."""
    with deferred_indexing():
        top = [entry(catalogue, "A", "公共服务"), entry(catalogue, "B", "政府履职辅助性服务")]
        group, made = None, 0
        while made < n_items:
            if made % per_group == 0:
                parent = top[(made // per_group) % 2]
                number = made // per_group + 1
                group = entry(parent, f"{parent.code}-{number}", f"第{number}类服务")
            entry(
                group,
                f"{group.code}-{made % per_group + 1}",
                f"社区服务事项{made + 1}",
                service_content=f"面向社区居民的第{made + 1}项养老服务。",
                purchase_method="competitive_consultation",
            )
            made += 1
    return catalogue


@pytest.fixture
def editor(db):
    user = UserFactory(real_name="编辑小王", email="editor@example.cn")
    user.groups.add(Group.objects.get(name="网站编辑"))
    return user


@pytest.fixture
def moderator(db):
    user = UserFactory(real_name="审核老李", email="moderator@example.cn")
    user.groups.add(Group.objects.get(name="网站审核"))
    return user


@pytest.fixture
def second_moderator(db):
    user = UserFactory(real_name="审核老周", email="moderator2@example.cn")
    user.groups.add(Group.objects.get(name="网站审核"))
    return user
