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
"""

import logging
import re
import threading
import unicodedata
from contextlib import contextmanager

import jieba
from wagtail.search import index
from wagtail.search.query import And, Or, PlainText

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUNS = re.compile(rf"[{_CJK}]+|[0-9a-z]+(?:[-./_][0-9a-z]+)*")
_CODE_SEPARATORS = re.compile(r"[-./_]")
_IS_CJK = re.compile(rf"[{_CJK}]")

# Function words that carry no meaning in a query; a query made only of them finds nothing.
STOP_WORDS = frozenset(
    "的 地 得 了 和 与 及 或 等 在 是 对 为 之 其 并 将 把 被 从 由 向 以 于".split()
)

# Short forms people type for the words the documents use.
SYNONYMS = {
    "社工": ("社会工作",),
    "老人": ("老年人",),
    "残联": ("残疾人联合会",),
    "非遗": ("非物质文化遗产",),
    "低保": ("最低生活保障",),
}

# Terms of the field that jieba's general dictionary does not know as one word. They only improve
# ranking: matching never depends on them, because every word also matches by its bigrams.
DOMAIN_WORDS = (
    "政府购买服务",
    "指导性目录",
    "承接主体",
    "购买主体",
    "社区矫正",
    "居家养老",
    "公益创投",
    "绩效评价",
    "第三方评估",
    "社会组织",
    "社会工作",
    "竞争性磋商",
    "竞争性谈判",
    "单一来源",
    "邀请招标",
    "公开招标",
)

_lock = threading.Lock()
_tokenizer = None


def tokenizer() -> jieba.Tokenizer:
    """jieba's tokenizer, built once per process and without its console chatter."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                # jieba logs its dictionary loading at DEBUG to stderr through its own handler.
                jieba.setLogLevel(logging.WARNING)
                tk = jieba.Tokenizer()
                tk.initialize()
                for word in (*DOMAIN_WORDS, *SYNONYMS):
                    tk.add_word(word)
                _tokenizer = tk
    return _tokenizer


def normalize(text: str) -> str:
    """Full-width to half-width, lower case: the same on both sides of the index."""
    return unicodedata.normalize("NFKC", text).lower()


def is_cjk(text: str) -> bool:
    return bool(_IS_CJK.match(text))


def _bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def _compound(code: str) -> str:
    # FTS tokenizers split on "-", "." and "_"; "x" joins the parts into one token instead.
    return "x".join(_CODE_SEPARATORS.split(code))


def index_text(value) -> str:
    """The segmented form of `value` that goes into the search index."""
    if not value:
        return ""
    if isinstance(value, (list, tuple)):
        value = " ".join(str(v) for v in value if v)
    tokens: list[str] = []
    for match in _RUNS.finditer(normalize(str(value))):
        run = match.group()
        if is_cjk(run):
            tokens.extend(run)
            tokens.extend(_bigrams(run))
            tokens.extend(w for w in tokenizer().cut_for_search(run) if len(w) > 2)
        else:
            parts = _CODE_SEPARATORS.split(run)
            tokens.extend(parts)
            if len(parts) > 1:
                tokens.append(_compound(run))
    return " ".join(tokens)


def query_words(query: str) -> list[str]:
    """The words of a visitor's query, in order, without stop words or duplicates."""
    words: list[str] = []
    for match in _RUNS.finditer(normalize(query or "")):
        run = match.group()
        pieces = tokenizer().cut(run) if is_cjk(run) else [run]
        for word in pieces:
            if word.strip() and word not in STOP_WORDS and word not in words:
                words.append(word)
    return words


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
    """A Wagtail search query object for `query`, or None when nothing searchable is left."""
    clauses = [_word_query(w) for w in query_words(query)]
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else And(clauses)


class SegmentedField(index.SearchField):
    """A search field whose text is indexed in segmented form (see the module docstring)."""

    def get_value(self, obj):
        return index_text(super().get_value(obj))


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
}


def hidden_paths() -> list[str]:
    """Tree paths of unpublished pages with children: everything below them is not public."""
    from wagtail.models import Page

    hidden = Page.objects.filter(live=False, numchild__gt=0, depth__gt=2)
    return list(hidden.values_list("path", flat=True))


def hidden_subtree_q():
    from django.db.models import Q

    q = Q()
    for path in hidden_paths():
        q |= Q(path__startswith=path)
    return q


def _title_tier(title: str, words: list[str]) -> int:
    title = normalize(title)
    found = sum(1 for w in words if w in title)
    return 0 if found == len(words) else 1 if found else 2


def site_search(query_string: str, kind: str = "") -> list[int] | None:
    """Ids of live public pages (catalogue, announcements, notices) matching the query, best first.

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
        return (_title_tier(hit.title, words), bool(old) and hit.path.startswith(old), i)

    return [hits[i].pk for i in sorted(range(len(hits)), key=rank)]


def load_pages(ids: list[int]) -> list:
    """The specific pages for `ids`, in that order (one query per page type)."""
    from wagtail.models import Page

    found = {p.pk: p for p in Page.objects.filter(pk__in=ids).specific()}
    return [found[pk] for pk in ids if pk in found]
