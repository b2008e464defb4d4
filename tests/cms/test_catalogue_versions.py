"""A new year starts as a copy; a public page shows what changed between two versions."""

import io

import pytest

from cms.catalogue_versions import compare, copy_catalogue
from cms.models import CatalogueEntryPage, CataloguePage
from cms.search import site_search
from tests.cms.conftest import make_catalogue
from tests.cms.test_catalogue_import import GOOD, csv_bytes, import_bytes, tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def old(site):
    catalogue = make_catalogue(site, year=2024, slug="demo-2024")
    import_bytes(catalogue, csv_bytes(GOOD))
    return catalogue


def test_copy_makes_a_hidden_draft_with_every_entry(client, old):
    new = copy_catalogue(old, year=2025, title="示范市政府购买服务指导性目录（2025年版）")
    assert (new.year, new.live, new.based_on_id, new.slug) == (2025, False, old.pk, "demo-2025")
    assert tree(new) == tree(old)
    # Entries keep their published state but the unpublished catalogue hides them all.
    entry = CatalogueEntryPage.objects.descendant_of(new).get(code="A-4-1")
    assert entry.live is True
    assert client.get(entry.url).status_code == 404
    assert client.get(new.url).status_code == 404
    found = CatalogueEntryPage.objects.filter(pk__in=site_search("居家养老"))
    assert list(found.values_list("pk", flat=True)) == [
        CatalogueEntryPage.objects.descendant_of(old).get(code="A-4-1").pk
    ]
    sitemap = client.get("/sitemap.xml").content.decode()
    assert entry.url not in sitemap
    assert old.url in sitemap

    new.save_revision().publish()
    assert client.get(entry.url).status_code == 200


def test_compare_lists_added_removed_and_changed_by_code(old):
    new = copy_catalogue(old, year=2025, title="2025年版")
    entries = CatalogueEntryPage.objects.descendant_of(new)
    changed = entries.get(code="A-4-1")
    changed.title = "居家养老上门服务（含助急）"
    changed.purchase_method = "open_tender"
    changed.save_revision().publish()
    entries.get(code="A-9-1").delete()
    import_bytes(
        new,
        csv_bytes([GOOD[0], [3, "A-4-2", "A-4", "困境儿童关爱保护服务", "", "", "", ""]]),
    )

    result = compare(old, CataloguePage.objects.get(pk=new.pk))
    assert [e.code for e in result.added] == ["A-4-2"]
    assert [e.code for e in result.removed] == ["A-9-1"]
    assert [(c.code, c.fields) for c in result.changed] == [
        (
            "A-4-1",
            [
                ("名称", "居家养老上门服务", "居家养老上门服务（含助急）"),
                ("通常采用的购买方式", "竞争性磋商", "公开招标"),
            ],
        )
    ]
    assert result.unchanged == 4


def test_compare_page_is_public(client, site, old):
    new = copy_catalogue(old, year=2025, title="2025年版")
    new.save_revision().publish()
    entry = CatalogueEntryPage.objects.descendant_of(new).get(code="A-9-1")
    entry.delete()
    response = client.get(f"{site.catalogues.url}compare/")
    html = response.content.decode()
    assert response.status_code == 200
    # Defaults to the newest catalogue against the one it was based on.
    assert f'<option value="{old.pk}" selected>' in html
    assert f'<option value="{new.pk}" selected>' in html
    assert "删除 <strong>1</strong>" in html
    assert "<td>A-9-1</td><td>社区矫正辅助服务</td>" in html


def test_copy_command(old):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("copy_catalogue", str(old.pk), "--year", "2025", stdout=out)
    new = CataloguePage.objects.get(year=2025)
    assert new.title == "示范市政府购买服务指导性目录（2025年版）"
    assert f"已创建草稿目录《{new.title}》" in out.getvalue()


def test_admin_copy_view(client, old, moderator):
    from django.urls import reverse

    client.force_login(moderator)
    url = reverse("cms_catalogue_copy", args=[old.pk])
    form = client.get(url)
    assert 'value="2025"' in form.content.decode()
    assert "示范市政府购买服务指导性目录（2025年版）" in form.content.decode()
    taken = client.post(url, {"year": "2024", "title": "重复"})
    assert "该发布单位的本年度目录已存在。" in taken.content.decode()
    response = client.post(
        url, {"year": "2025", "title": "示范市政府购买服务指导性目录（2025年版）"}
    )
    new = CataloguePage.objects.get(year=2025)
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:edit", args=[new.pk])
    assert (new.live, new.based_on_id) == (False, old.pk)
    tools = client.get(reverse("cms_catalogue_tools")).content.decode()
    assert "示范市政府购买服务指导性目录（2025年版）" in tools
    assert "草稿" in tools
