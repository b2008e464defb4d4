"""A need may name the guiding catalogue's item (指导性目录条目) it falls under."""

from types import SimpleNamespace

import pytest

from cms.models import CatalogueIndexPage
from tests.cms.conftest import entry, make_catalogue
from tests.factories import NeedFactory

pytestmark = pytest.mark.django_db


def test_need_names_its_catalogue_item(client, clerk, community):
    catalogue = make_catalogue(SimpleNamespace(catalogues=CatalogueIndexPage.objects.get()))
    item = entry(catalogue, "A-4-1", "居家养老服务")
    client.force_login(clerk)
    form = client.get("/portal/needs/new/").content.decode()
    assert "居家养老服务" in form  # live catalogue entries are offered
    assert "示范市政府购买服务指导性目录" not in form  # the catalogue itself is not an item
    need = NeedFactory(organization=community, state="published", catalogue_item_page=item)
    html = client.get(f"/needs/{need.pk}/").content.decode()
    assert "目录条目：" in html and "居家养老服务" in html
