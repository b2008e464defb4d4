"""Chinese search over needs with the site search's segmentation (`core.chinese_text`).

Needs are plain rows, so the query is matched with database substring tests rather than a
full-text index: every word of the query must occur (AND) in the title, description, group served,
street or community; a word longer than two characters also matches when all of its bigrams
occur, and a short form also matches its synonyms (社工 → 社会工作), as on the site search.
"""

from django.db.models import Q

from core.chinese_text import SYNONYMS, bigrams, is_cjk, query_words

FIELDS = ("title", "description", "affected_group", "street", "community")


def _contains(text: str) -> Q:
    q = Q()
    for field in FIELDS:
        q |= Q(**{f"{field}__icontains": text})
    return q


def _word(word: str) -> Q:
    q = _contains(word)
    if is_cjk(word) and len(word) > 2:
        all_bigrams = Q()
        for gram in bigrams(word):
            all_bigrams &= _contains(gram)
        q |= all_bigrams
    for synonym in SYNONYMS.get(word, ()):
        q |= _contains(synonym)
    return q


def search_needs(queryset, query: str):
    """`queryset` narrowed to needs matching every word of `query` (unchanged for no words)."""
    words = query_words(query)
    for word in words:
        queryset = queryset.filter(_word(word))
    return queryset
