"""Search fields that index Chinese text so the site search can find it (`core.chinese_text`).

They live below every app so that each model declares its own `search_fields`; the search itself
(which records are public, how kinds are mixed) is composed in `cms.search_kinds`.
"""

from wagtail.search import index

from core.chinese_text import index_text, initials_tokens


class SegmentedField(index.SearchField):
    """A search field whose text is indexed in segmented form (characters, bigrams, words)."""

    def get_value(self, obj):
        return index_text(super().get_value(obj))


class InitialsField(index.SearchField):
    """The pinyin initials of a name (sqyl → 社区养老…); for names only."""

    def get_value(self, obj):
        return initials_tokens(super().get_value(obj))
