"""The demo content loads once: running the seed again creates nothing."""

import io

import pytest
from django.utils import timezone
from wagtail.models import Page, Revision

from cms import demo
from cms.catalogue_versions import compare
from cms.models import CatalogueEntryPage, CataloguePage, NoticeAttachment

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent(site):
    demo.seed(io.StringIO())
    counts = (Page.objects.count(), Revision.objects.count(), NoticeAttachment.objects.count())
    demo.seed(io.StringIO())
    assert (
        Page.objects.count(),
        Revision.objects.count(),
        NoticeAttachment.objects.count(),
    ) == counts

    year = timezone.localdate().year
    old, new = CataloguePage.objects.order_by("year")
    assert (old.year, new.year, new.based_on_id, new.live) == (year - 1, year, old.pk, True)
    first_level = CatalogueEntryPage.objects.descendant_of(old).filter(depth=old.depth + 1)
    second_level = CatalogueEntryPage.objects.descendant_of(old).filter(depth=old.depth + 2)
    assert list(first_level.values_list("title", flat=True)) == ["公共服务", "政府履职辅助性服务"]
    assert second_level.count() == 30
    changes = compare(old, new)
    assert [e.code for e in changes.added] == ["A-4-4"]
    assert [e.code for e in changes.removed] == ["B-12-3"]
    assert [c.code for c in changes.changed] == ["A-4-1"]
