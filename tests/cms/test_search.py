"""Chinese search: segmentation, the issue's examples, and the judged query set."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from cms import search_kinds
from cms.models import CatalogueEntryPage, NoticePage
from cms.search import build_query, index_text, load_pages, query_words, site_search
from tests.cms.conftest import add_page, entry, make_catalogue
from tests.cms.search_cases import CASES


def titles(ids):
    return [p.title for p in load_pages(ids)]


def test_index_text_holds_characters_bigrams_and_words():
    tokens = index_text("居家养老上门服务").split()
    assert {"养老", "居家", "上门", "服务", "老上", "养", "上门服务"} <= set(tokens)
    assert "居家养老上门服务" not in tokens


def test_index_text_keeps_codes_whole_and_in_parts():
    assert index_text("A-4-1").split() == ["a", "4", "1", "ax4x1"]
    assert index_text("ＡＢＣ１２３") == "abc123"  # full-width folded


def test_query_words_drop_stop_words_and_duplicates():
    assert query_words("养老的服务和养老") == ["养老", "服务"]
    assert query_words("  ，。 ") == []
    assert build_query("的") is None


@pytest.mark.django_db
def test_two_character_words_inside_longer_text_are_found(site):
    catalogue = make_catalogue(site)
    group = entry(entry(catalogue, "A", "公共服务"), "A-4", "社会保障服务")
    care = entry(group, "A-4-1", "居家养老上门服务")
    correction = entry(group, "A-9-1", "社区矫正辅助服务")
    entry(group, "A-8-1", "残疾人康复服务")
    assert site_search("养老") == [care.pk]
    assert site_search("社区") == [correction.pk]
    assert site_search("上门养老") == [care.pk]  # words in another order
    assert site_search("矫正 社区") == [correction.pk]
    assert site_search("养老院") == []
    assert site_search("a-4-1") == [care.pk]


@pytest.mark.django_db
def test_search_covers_notices_and_skips_drafts(site):
    notice = add_page(
        site.notices,
        NoticePage(
            title="关于开展公益创投活动的通知",
            slug="venture",
            issuer="示范市民政局",
            body="<p>申报</p>",
        ),
    )
    draft = add_page(
        site.notices,
        NoticePage(
            title="公益创投评审结果（草稿）",
            slug="draft",
            issuer="示范市民政局",
            body="<p>x</p>",
            live=False,
        ),
        publish=False,
    )
    assert site_search("公益创投") == [notice.pk]
    assert site_search("公益创投", "catalogue") == []
    assert site_search("公益创投", "notices") == [notice.pk]
    assert draft.pk not in site_search("评审结果")


def evaluate(cases):
    """Recall over (query, expected result) pairs and precision over returned results, for the
    site search over every kind (cms.search_kinds)."""
    year = timezone.localdate().year
    expected_pairs = found_pairs = returned = relevant_returned = 0
    misses, false_hits = [], []
    for case in cases:
        expected = [t.format(year=year, last=year - 1) for t in case["expected"]]
        relevant = set(expected) | {t.format(year=year, last=year - 1) for t in case["also"]}
        got = [hit.title for hit in search_kinds.search(case["query"])]
        for title in expected:
            expected_pairs += 1
            if title in got:
                found_pairs += 1
            else:
                misses.append((case["query"], title))
        returned += len(got)
        relevant_returned += sum(1 for t in got if t in relevant)
        false_hits += [(case["query"], t) for t in got if t not in relevant]
    return found_pairs / expected_pairs, relevant_returned / returned, misses, false_hits


@pytest.mark.django_db
def test_search_recall_and_precision_on_the_judged_query_set(site, settings, tmp_path, capsys):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=io.StringIO())
    assert len(CASES) >= 80
    kinds = {hit.kind for case in CASES for hit in search_kinds.search(case["query"])}
    assert {"projects", "publicity", "results", "needs", "organizations"} <= kinds
    recall, precision, misses, false_hits = evaluate(CASES)
    with capsys.disabled():
        print(
            f"\nsearch ({connection.vendor}): {len(CASES)} queries, "
            f"recall {recall:.1%}, precision {precision:.1%}"
        )
        print(f"missed: {misses}")
        print(f"not relevant: {false_hits}")
    assert recall >= 0.95, misses
    assert precision >= 0.90, false_hits
    assert CatalogueEntryPage.objects.live().count() > 200


@pytest.mark.django_db
def test_search_page_paginates_and_highlights(client, site):
    catalogue = make_catalogue(site)
    group = entry(entry(catalogue, "A", "公共服务"), "A-4", "社会保障服务")
    for n in range(1, 13):
        entry(group, f"A-4-{n}", f"养老服务事项{n}", service_content="为老年人提供养老服务。")
    response = client.get("/search/", {"q": "养老"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "找到 12 条与“养老”相关的结果。" in html
    assert html.count('<li>\n          <h2><a href="') == 10
    assert "<mark>养老</mark>服务事项" in html
    assert 'href="?q=%E5%85%BB%E8%80%81&amp;page=2"' in html
    page2 = client.get("/search/", {"q": "养老", "page": "2"}).content.decode()
    assert page2.count('<li>\n          <h2><a href="') == 2
    empty = client.get("/search/", {"q": "的"}).content.decode()
    assert "请输入检索词。" in empty
    none = client.get("/search/", {"q": "航天"}).content.decode()
    assert "没有找到相关内容。" in none
