"""Listing pages cost the same number of queries for 10 catalogue items as for 500."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import CatalogueEntryPage
from tests.cms.conftest import build_catalogue, make_catalogue

pytestmark = pytest.mark.django_db

# What matters is that nothing depends on the number of entries. (The catalogue section routes in
# one query per step, cms/models/routing.py; tests/cms/test_public_query_counts.py checks that
# depth costs nothing and holds every public page to one count for 1 and 10 rows of each kind.)
# Each page includes one query for the footer's site identity (cms.SiteIdentity, per request).
# The search also looks in each kind of public record (projects, 公示, results, needs,
# organizations: one query each, cms.search_kinds).
MAX_QUERIES = {"index": 11, "catalogue": 13, "category": 20, "item": 22, "search": 20}


def count_queries(client, urls):
    counts = {}
    for name, url in urls.items():
        assert client.get(url).status_code == 200  # warm caches (content types, site roots)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(queries)
    return counts


def urls(site, catalogue):
    group = CatalogueEntryPage.objects.descendant_of(catalogue).get(code="A-1")
    item = CatalogueEntryPage.objects.descendant_of(catalogue).get(code="A-1-1")
    return {
        "index": site.catalogues.url,
        "catalogue": catalogue.url,
        "category": group.url,
        "item": item.url,
        "search": "/search/?q=%E5%85%BB%E8%80%81",  # 养老
    }


def test_query_counts_do_not_grow_with_the_catalogue(client, site):
    catalogue = build_catalogue(make_catalogue(site), 10)
    small = count_queries(client, urls(site, catalogue))

    more = make_catalogue(site, year=2026, slug="demo-2026")
    build_catalogue(more, 490)
    assert CatalogueEntryPage.objects.filter(depth=7).count() == 500
    large = count_queries(client, urls(site, more))

    assert small == large
    for name, count in large.items():
        assert count <= MAX_QUERIES[name], (name, count)
