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


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_full_demo_gives_published_calls_and_the_base_their_public_pages(
    client, restored_migration_rows
):
    from django.core.management import call_command

    from cms.models import CallPage, IncubationBasePage
    from grants.models import Call

    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # idempotent: no second page per call
    pages = CallPage.objects.live().select_related("call")
    assert sorted(p.call.title for p in pages) == sorted(
        Call.objects.exclude(state="draft").values_list("title", flat=True)
    )
    venture = pages.get(call__title="2026年南山区第五届公益创投大赛")
    html = client.get(venture.url).content.decode()
    assert "登录后申报" in html and "0755-26600001" in html
    labels = sorted(venture.guideline_files.values_list("title", flat=True))
    assert labels == ["申报指南（PDF）", "预算明细表模板（XLSX）"]
    base_page = IncubationBasePage.objects.get()
    assert "南山区社会组织孵化基地" in client.get(base_page.url).content.decode()
