"""Chinese site search: segmentation at index time and at query time.

The full-text engines behind Wagtail's database backend (SQLite FTS5 with the unicode61 tokenizer,
PostgreSQL's default parser) treat a run of Chinese characters as ONE token, so "居家养老上门服务"
could only be found by typing exactly that string. We therefore index a segmented form of each
text — every character, every character bigram and jieba's longer words, separated by spaces —
and turn the visitor's query into the same units:

* the query is cut into words with jieba (stop words such as 的/和 dropped);
* a word of one or two characters must occur as that token;
* a longer word matches either as jieba's word or as all of its bigrams, so "养老服务" still finds
  "社区养老服务中心" when jieba segmented the text differently;
* all words of the query must match (AND), in any order: "上门养老" finds "居家养老上门服务".

Codes such as ``A-4-1`` are indexed both as parts and as one compound token so that searching a
code finds exactly that entry. The same code runs on SQLite and PostgreSQL.

Traditional characters are turned into simplified ones on both sides (OpenCC, in
`core.chinese_text.normalize`). Names (projects, organizations, catalogue entries) are also
indexed by their pinyin initials; a query made only of ASCII letters, two or more, looks there
too ("sqyl" → 社区养老…), while anything with digits or separators (A01, A-4-1) is matched as
written (`core.chinese_text.initials_query`).
"""

import threading
from contextlib import contextmanager

from wagtail.search import index
from wagtail.search.query import And, Or, PlainText

from core.chinese_text import CODE_SEPARATORS as _CODE_SEPARATORS
from core.chinese_text import (
    SYNONYMS,
    index_text,  # noqa: F401 - part of this module's interface
    initials_query,
    is_cjk,
    normalize,
    query_words,
)
from core.chinese_text import bigrams as _bigrams
from core.chinese_text import compound_code as _compound
from core.search_fields import SegmentedField


def _word_query(word: str):
    if word in SYNONYMS:
        return Or([_single_word_query(w) for w in (word, *SYNONYMS[word])])
    return _single_word_query(word)


def _single_word_query(word: str):
    if is_cjk(word):
        if len(word) <= 2:
            return PlainText(word)
        return Or([PlainText(word), And([PlainText(g) for g in _bigrams(word)])])
    parts = _CODE_SEPARATORS.split(word)
    if len(parts) == 1:
        return PlainText(word)
    return Or([PlainText(_compound(word)), And([PlainText(p) for p in parts])])


def build_query(query: str):
    """A Wagtail search query object for `query`, or None when nothing searchable is left.

    A query of ASCII letters only (at least two) also looks for names with those pinyin
    initials (`core.chinese_text.initials_query`): "sqyl" finds 社区养老服务中心运营服务.
    """
    clauses = [_word_query(w) for w in query_words(query)]
    if not clauses:
        return None
    words = clauses[0] if len(clauses) == 1 else And(clauses)
    initials = initials_query(query)
    return Or([words, PlainText(initials)]) if initials else words


def segmented_search_fields(*fields, title_boost=3):
    """Page.search_fields plus the title and the given (name, boost) fields in segmented form.

    The raw title stays indexed too (Wagtail checks for it); it only adds an exact-title token.
    """
    from wagtail.models import Page

    extra = [SegmentedField(name, boost=boost) for name, boost in fields]
    return [*Page.search_fields, SegmentedField("title", boost=title_boost), *extra]


# --- deferred indexing ---------------------------------------------------------------------------
# Publishing a page saves it three times (add, revision, publish) and each save re-indexes it.
# Bulk operations (catalogue import and copy) index each page once, at the end, instead.
# Models opt in with `search_auto_update = False`; `cms.apps` connects the handlers below.

_deferred = threading.local()


@contextmanager
def deferred_indexing():
    """Within the block, collect index updates of opted-in models; run them once at the end."""
    if getattr(_deferred, "pending", None) is not None:  # nested: the outer block indexes
        yield
        return
    _deferred.pending = {}
    try:
        yield
        pending, _deferred.pending = _deferred.pending, None
        for app_label, model_name, pk in pending:
            _index_now(app_label, model_name, pk)
    finally:
        _deferred.pending = None


def _index_now(app_label, model_name, pk):
    from modelsearch.tasks import insert_or_update_object_task

    insert_or_update_object_task.enqueue(app_label, model_name, pk)


def index_on_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    key = (instance._meta.app_label, instance._meta.model_name, str(instance.pk))
    pending = getattr(_deferred, "pending", None)
    if pending is not None:
        pending[key] = True
    else:
        _index_now(*key)


def unindex_on_delete(sender, instance, **kwargs):
    index.remove_object(instance)
    pending = getattr(_deferred, "pending", None)
    if pending is not None:
        pending.pop((instance._meta.app_label, instance._meta.model_name, str(instance.pk)), None)


# --- the site search ---------------------------------------------------------------------------

SCOPES = {
    "catalogue": ("CataloguePage", "CatalogueEntryPage"),
    "announcements": ("AnnouncementPage",),
    "notices": ("NoticePage",),
    "calls": ("CallPage",),
    "incubation": ("IncubationBasePage",),
}


def hidden_paths() -> list[str]:
    """Tree paths of unpublished pages with children: everything below them is not public.

    Also the pages of calls still in draft: a call page is public only once its call is.
    """
    from django.db.models import Q
    from wagtail.models import Page

    hidden = Page.objects.filter(
        Q(live=False, numchild__gt=0, depth__gt=2) | Q(callpage__call__state="draft")
    )
    return list(hidden.values_list("path", flat=True))


def hidden_subtree_q():
    from django.db.models import Q

    q = Q()
    for path in hidden_paths():
        q |= Q(path__startswith=path)
    return q


def title_tier(title: str, words: list[str]) -> int:
    title = normalize(title)
    found = sum(1 for w in words if w in title)
    return 0 if found == len(words) else 1 if found else 2


def site_search(query_string: str, kind: str = "") -> list[int] | None:
    """Ids of live public pages (catalogue, announcements, notices, calls, bases) matching the
    query, best first.

    The backend's relevance is refined by rules readers expect: pages whose title holds every word
    of the query come first, then those holding some; within that, superseded catalogues come last.
    Returns None when nothing is searchable.
    """
    from django.apps import apps
    from wagtail.models import Page

    query = build_query(query_string)
    if query is None:
        return None
    names = SCOPES.get(kind) or [n for names in SCOPES.values() for n in names]
    models = [apps.get_model("cms", name) for name in names]
    pages = Page.objects.live().public().type(*models).exclude(hidden_subtree_q())
    hits = list(pages.only("pk", "title", "path").search(query))
    words = query_words(query_string)
    # Entries of a catalogue replaced by a published newer version come after current ones.
    old = tuple(
        apps.get_model("cms", "CataloguePage")
        .objects.filter(successors__live=True)
        .values_list("path", flat=True)
    )

    def rank(i):
        hit = hits[i]
        return (title_tier(hit.title, words), bool(old) and hit.path.startswith(old), i)

    return [hits[i].pk for i in sorted(range(len(hits)), key=rank)]


def load_pages(ids: list[int]) -> list:
    """The specific pages for `ids`, in that order (one query per page type)."""
    from wagtail.models import Page

    found = {p.pk: p for p in Page.objects.filter(pk__in=ids).specific()}
    return [found[pk] for pk in ids if pk in found]
