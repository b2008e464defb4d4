"""The home page's blocks, filled by whichever app has something to show.

The home page has fixed slots. An app fills a slot by registering a Wagtail hook in its
``wagtail_hooks.py`` — so `grants` can show open calls without importing `cms` (imports point
``cms → grants``, never back)::

    @hooks.register("cms_home_section")
    def open_calls(request):
        calls = Call.objects.open()[:5]
        return {"slot": "open_calls", "template": "grants/home/open_calls.html",
                "context": {"calls": calls}, "more_url": "/calls/"}

A hook may return None (nothing to show), one section or a list of them. Headline figures use the
``cms_home_figures`` hook, returning dicts ``{"label", "value", "unit", "url", "order"}`` and an
optional ``"note"`` (the rule the figure counts by, printed once under the figures); ``url`` is
the public list the figure counts (`projects.figures`, `cms.figures`).
A slot nobody fills shows its empty message, so the layout is complete from the start.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

SECTION_HOOK = "cms_home_section"
FIGURES_HOOK = "cms_home_figures"


@dataclass
class Slot:
    key: str
    title: str
    empty: str
    sections: list = field(default_factory=list)


def slots() -> list[Slot]:
    return [
        Slot("open_calls", _("正在征集"), _("目前没有正在征集的项目。")),
        Slot("publicity", _("公示"), _("目前没有正在进行的公示。")),
        Slot("announcements", _("政府购买服务公告"), _("暂无公告。")),
        Slot("notices", _("通知公告"), _("暂无通知公告。")),
    ]


def _as_list(value):
    if not value:
        return []
    return value if isinstance(value, (list, tuple)) else [value]


def collect_sections(request) -> list[Slot]:
    """Every slot with the sections the registered hooks return for it, in slot order."""
    by_key = {slot.key: slot for slot in slots()}
    for fn in hooks.get_hooks(SECTION_HOOK):
        for section in _as_list(fn(request)):
            slot = by_key.get(section.get("slot"))
            if slot is not None:
                slot.sections.append(section)
    return list(by_key.values())


def collect_figures(request) -> list[dict]:
    """The headline figures, counted once per change of public data (`public_pages.kept`): each
    is an aggregate over a whole table, the same for every visitor until something is written."""
    from cms.public_pages import kept

    def build():
        figures = []
        for fn in hooks.get_hooks(FIGURES_HOOK):
            figures.extend(_as_list(fn(request)))
        return sorted(figures, key=lambda f: f.get("order", 100))

    return kept(request, "home-figures", build)
