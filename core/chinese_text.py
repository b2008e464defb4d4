"""Chinese text segmentation shared by the site search (`cms.search`) and the needs board.

Full-text engines treat a run of Chinese characters as one token, so texts and queries are cut the
same way on both sides: every character, every character bigram and jieba's longer words for what
is indexed; jieba's words (stop words dropped) for what a visitor types. Pure functions over
strings: no database, no Wagtail.

Both sides are normalised alike: full width folded, lower case, and traditional characters turned
into simplified ones (OpenCC `t2s`), so “社區養老” finds “社区养老”.

Pinyin initials (pypinyin) are made for NAMES only (`initials_tokens`): the initials of the name
from each jieba word boundary on, every prefix of at least two letters, each marked with
`INITIALS_MARKER` so they never meet ordinary words. A query is looked up among them only when it
is made of ASCII letters alone, at least two of them (`initials_query`): “sqyl” finds
“社区养老服务中心运营服务”, while codes with digits or separators (A01, A-4-1) and single letters
keep their ordinary meaning.
"""

import logging
import re
import threading
import unicodedata

import jieba
import opencc
from pypinyin import Style, lazy_pinyin

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUNS = re.compile(rf"[{_CJK}]+|[0-9a-z]+(?:[-./_][0-9a-z]+)*")
CODE_SEPARATORS = re.compile(r"[-./_]")
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
_converter = None


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


def _t2s(text: str) -> str:
    global _converter
    if _converter is None:
        with _lock:
            if _converter is None:
                _converter = opencc.OpenCC("t2s.json")
    return _converter.convert(text)


def normalize(text: str) -> str:
    """Full-width to half-width, lower case, traditional to simplified: the same on both sides
    of the index."""
    text = unicodedata.normalize("NFKC", text).lower()
    # Only text with Chinese characters goes through OpenCC (most values are codes or numbers).
    return _t2s(text) if _IS_CJK.search(text) else text


def nested(text: str) -> str:
    """Double quotes inside a name become single ones, for a name quoted in a sentence:
    对“‘彩虹桥’儿童陪伴”, not 对““彩虹桥”儿童陪伴”."""
    return text.replace("“", "‘").replace("”", "’")


def is_cjk(text: str) -> bool:
    return bool(_IS_CJK.match(text))


def bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def compound_code(code: str) -> str:
    # FTS tokenizers split on "-", "." and "_"; "x" joins the parts into one token instead.
    return "x".join(CODE_SEPARATORS.split(code))


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
            tokens.extend(bigrams(run))
            tokens.extend(w for w in tokenizer().cut_for_search(run) if len(w) > 2)
        else:
            parts = CODE_SEPARATORS.split(run)
            tokens.extend(parts)
            if len(parts) > 1:
                tokens.append(compound_code(run))
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


# Marks an initials token in the index ("py0" + "sqyl"): FTS tokenizers keep letters and digits
# together, and no ordinary word starts with it.
INITIALS_MARKER = "py0"
_INITIALS_QUERY = re.compile(r"[a-z]{2,}")


def initials_tokens(name) -> str:
    """Index tokens for the pinyin initials of a name (see the module docstring)."""
    if not name:
        return ""
    tokens: list[str] = []
    for match in _RUNS.finditer(normalize(str(name))):
        run = match.group()
        if not is_cjk(run):
            continue
        letters = "".join(p[0] for p in lazy_pinyin(run, style=Style.FIRST_LETTER) if p)
        starts, at = {0}, 0
        for word in tokenizer().cut(run):
            at += len(word)
            starts.add(at)
        for start in sorted(starts):
            for end in range(start + 2, len(letters) + 1):
                token = INITIALS_MARKER + letters[start:end]
                if token not in tokens:
                    tokens.append(token)
    return " ".join(tokens)


def initials_query(query: str) -> str | None:
    """The initials token to look up for `query`, or None when the query is not pinyin initials
    (anything but ASCII letters, or fewer than two)."""
    letters = "".join(normalize(query or "").split())
    if _INITIALS_QUERY.fullmatch(letters):
        return INITIALS_MARKER + letters
    return None
