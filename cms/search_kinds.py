"""The site search over everything public: pages of the site and the public records of the apps.

Each kind is searched in Wagtail's index (`cms.search.build_query`: Chinese segmentation, OpenCC,
pinyin initials of names) and then narrowed, at query time, to what is public NOW — the index
only holds public records too (`get_indexed_objects` of each model), but an entry may outlive the
moment its record stopped being public until the record is saved again:

* projects (项目): shown on /projects/ (`PUBLIC_STATES`); year = 立项年度 (created, Beijing).
* publicity (公示): the latest published version of a 公示; year = its publication.
* results (立项结果): the latest published version of a result; year = its publication.
* needs (需求): on the public needs board (`Need.objects.public()`); year = 公开年度.
* organizations (机构): incubating, graduated, or with a public project; no year, so left out
  when a year is chosen.
* pages — catalogue (目录), announcements (公告), notices (通知), calls (征集), incubation
  (孵化基地): live, public, not below a draft; year = the catalogue's year for catalogues and
  their entries, else the year first published.

Results of all kinds form one list: those whose title holds every word of the query first, then
some, then none; within that, superseded catalogues last, then the backend's relevance.
The number of queries does not depend on the number of results: one search and one public-state
query per kind, then one query per kind (per page type) for the page of results shown.
"""

import datetime
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.search.backends import get_search_backend

from cms.search import SCOPES, build_query, hidden_subtree_q, query_words, title_tier
from core.formats import BEIJING, beijing_date

PAGE_LABELS = {
    "catalogue": _("目录"),
    "announcements": _("公告"),
    "notices": _("通知"),
    "calls": _("征集"),
    "incubation": _("孵化基地"),
}
RECORD_LABELS = {
    "projects": _("项目"),
    "publicity": _("公示"),
    "results": _("立项结果"),
    "needs": _("需求"),
    "organizations": _("机构"),
}
KINDS = {**RECORD_LABELS, **PAGE_LABELS}
# What "year" means for each kind, printed under the filter.
YEAR_RULE = _(
    "年份：项目按立项年度，公示和立项结果按发布年度，需求按公开年度，目录按目录年度，"
    "其他页面按首次发布年度（北京时间）；机构没有年份，选择年份时不列出机构。"
)


@dataclass
class Hit:
    kind: str
    pk: int
    title: str
    relevance: float
    superseded: bool = False
    tier: int = 2


@dataclass
class Result:
    """One line of the results page."""

    kind: str
    label: str
    title: str
    url: str
    snippet: str = ""
    date: datetime.date | None = None
    meta: list[str] = field(default_factory=list)


def year_range(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The Beijing calendar year as an aware [start, end) interval."""
    start = datetime.datetime(year, 1, 1, tzinfo=BEIJING)
    return start, datetime.datetime(year + 1, 1, 1, tzinfo=BEIJING)


def _relevance(score) -> float:
    # SQLite's bm25 is lower for better matches; PostgreSQL's ts_rank higher.
    score = score or 0.0
    return -score if connection.vendor == "sqlite" else score


def _matching_pks(model, query) -> list[tuple[int, float]]:
    """(pk, relevance) of every indexed `model` row matching `query`, best first."""
    backend = get_search_backend()
    found = backend.search(query, model.objects.only("pk")).annotate_score("_score")
    return [(obj.pk, _relevance(obj._score)) for obj in found]


# --- records -----------------------------------------------------------------------------------


class RecordKind(ABC):
    key = ""
    model = None

    @abstractmethod
    def public(self):
        """The records of this kind that are public now."""

    @abstractmethod
    def in_year(self, queryset, year: int):
        """`queryset` narrowed to the records of `year` (the rule printed under the filter)."""

    def titles(self, queryset) -> dict[int, str]:
        return dict(queryset.values_list("pk", "name"))

    def hits(self, query, year: int | None) -> list[Hit]:
        found = _matching_pks(self.model, query)
        if not found:
            return []
        public = self.public().filter(pk__in=[pk for pk, _score in found])
        if year is not None:
            public = self.in_year(public, year)
        titles = self.titles(public)
        return [Hit(self.key, pk, titles[pk], score) for pk, score in found if pk in titles]

    @abstractmethod
    def results(self, pks: list[int]) -> dict[int, Result]:
        """The printable result of each of these public records."""


class Projects(RecordKind):
    key = "projects"

    @property
    def model(self):
        from projects.models import FundedProject

        return FundedProject

    def public(self):
        from projects.public import public_projects

        return public_projects()

    def in_year(self, queryset, year):
        # The one 年度 rule of the public figures: the award year (`projects.figures`).
        from projects.figures import counted

        return queryset.filter(pk__in=counted(year).values("pk"))

    def results(self, pks):
        return {
            p.pk: Result(
                self.key,
                RECORD_LABELS[self.key],
                p.name,
                reverse("projects_public:detail", args=[p.pk]),
                snippet=p.public_summary,
                date=beijing_date(p.created_at),
                meta=[p.organization.name, p.call.title],
            )
            for p in self.public().filter(pk__in=pks)
        }


class Versions(RecordKind):
    """Published versions of a 公示 (`publicity`) or of its result (`results`)."""

    def __init__(self, key, version_kind, when):
        self.key, self.version_kind, self.when = key, version_kind, when

    @property
    def model(self):
        from review.models import PublishedVersion

        return PublishedVersion

    def public(self):
        from django.utils import timezone

        newer = self.model.objects.filter(
            publicity=OuterRef("publicity"), kind=OuterRef("kind"), number__gt=OuterRef("number")
        )
        public = self.model.objects.filter(
            kind=self.version_kind, published_at__lte=timezone.now()
        ).exclude(Exists(newer))
        if self.key == "results":
            public = public.filter(publicity__result_snapshot__isnull=False)
        return public.select_related("publicity")

    def in_year(self, queryset, year):
        start, end = year_range(year)
        return queryset.filter(**{f"publicity__{self.when}__gte": start}).filter(
            **{f"publicity__{self.when}__lt": end}
        )

    def titles(self, queryset):
        return {
            v.pk: v.search_title()
            for v in queryset.select_related(None).only("pk", "kind", "content")
        }

    def results(self, pks):
        name = "review_public:publicity" if self.key == "publicity" else "review_public:result"
        out = {}
        for v in self.public().filter(pk__in=pks):
            published = v.published
            out[v.pk] = Result(
                self.key,
                RECORD_LABELS[self.key],
                v.search_title(),
                reverse(name, args=[v.publicity_id]),
                snippet="、".join(e.get("project", "") for e in _entries(v)),
                date=beijing_date(getattr(v.publicity, self.when)),
                meta=[published.get("department", "")],
            )
        return out


def _entries(version) -> list[dict]:
    return version.content.get("entries") or version.published.get("entries") or []


class Needs(RecordKind):
    key = "needs"

    @property
    def model(self):
        from needs.models import Need

        return Need

    def public(self):
        return self.model.objects.public()

    def in_year(self, queryset, year):
        start, end = year_range(year)
        return queryset.filter(published_at__gte=start, published_at__lt=end)

    def titles(self, queryset):
        return dict(queryset.values_list("pk", "title"))

    def results(self, pks):
        return {
            n.pk: Result(
                self.key,
                RECORD_LABELS[self.key],
                n.title,
                reverse("needs_public:detail", args=[n.pk]),
                snippet=n.description,
                date=beijing_date(n.published_at),
                meta=[str(n.get_category_display()), n.raised_by],
            )
            for n in self.public().filter(pk__in=pks).select_related("organization")
        }


class Organizations(RecordKind):
    key = "organizations"

    @property
    def model(self):
        from orgs.models import Organization

        return Organization

    def public(self):
        from orgs.public_presence import public_organizations

        return public_organizations()

    def in_year(self, queryset, year):
        return queryset.none()

    def results(self, pks):
        """Each organization links to where the public sees it: its latest public project,
        else the incubation base it is in or graduated from."""
        from orgs.models import Incubation
        from orgs.models.incubation.states import IN_BASE
        from orgs.models.incubation.states import IncubationState as S
        from projects.public import public_projects

        links = {}
        for base_id, org_id in Incubation.objects.filter(
            organization__in=pks, state__in=(*IN_BASE, S.GRADUATED)
        ).values_list("base_id", "organization_id"):
            links[org_id] = reverse("incubation_public:base", args=[base_id])
        for pk, org_id in (
            public_projects().filter(organization__in=pks).order_by("created_at", "pk")
        ).values_list("pk", "organization_id"):
            links[org_id] = reverse("projects_public:detail", args=[pk])
        return {
            o.pk: Result(
                self.key,
                RECORD_LABELS[self.key],
                o.name,
                links.get(o.pk, ""),
                meta=[o.short_name] if o.short_name else [],
            )
            for o in self.public().filter(pk__in=pks)
        }


RECORD_KINDS = {
    k.key: k
    for k in (
        Projects(),
        Versions("publicity", "publicity", "published_at"),
        Versions("results", "result", "result_published_at"),
        Needs(),
        Organizations(),
    )
}


# --- pages -------------------------------------------------------------------------------------


def _page_hits(query, kinds: list[str], year: int | None) -> list[Hit]:
    from django.apps import apps
    from wagtail.models import Page

    from cms.models import CataloguePage

    by_model = {apps.get_model("cms", n): k for k in kinds for n in SCOPES[k]}
    if not by_model:
        return []
    pages = Page.objects.live().public().type(*by_model).exclude(hidden_subtree_q())
    found = list(
        pages.only("pk", "title", "path", "first_published_at", "content_type")
        .search(query)
        .annotate_score("_score")
    )
    catalogues = list(CataloguePage.objects.values_list("path", "year"))
    # Entries of a catalogue replaced by a published newer version come after current ones.
    old = tuple(CataloguePage.objects.filter(successors__live=True).values_list("path", flat=True))
    hits = []
    for page in found:
        cls = page.specific_class
        kind = next((k for m, k in by_model.items() if cls and issubclass(cls, m)), "")
        if year is not None and _page_year(page, kind, catalogues) != year:
            continue
        hit = Hit(kind, page.pk, page.title, _relevance(page._score))
        hit.superseded = bool(old) and page.path.startswith(old)
        hits.append(hit)
    return hits


def _page_year(page, kind, catalogues) -> int | None:
    if kind == "catalogue":
        return next((y for path, y in catalogues if page.path.startswith(path)), None)
    moment = page.first_published_at
    return moment.astimezone(BEIJING).year if moment else None


# --- the search --------------------------------------------------------------------------------


def search(query_string: str, kind: str = "", year: int | None = None) -> list[Hit] | None:
    """Every public hit for the query (of one kind, of one year), best first; None when the
    query has nothing searchable."""
    query = build_query(query_string)
    if query is None:
        return None
    kinds = [kind] if kind in KINDS else list(KINDS)
    hits = _page_hits(query, [k for k in kinds if k in PAGE_LABELS], year)
    for key in kinds:
        if key in RECORD_KINDS:
            hits += RECORD_KINDS[key].hits(query, year)
    words = query_words(query_string)
    for hit in hits:
        hit.tier = title_tier(hit.title, words)
    return sorted(hits, key=lambda h: (h.tier, h.superseded, -h.relevance))


def load(hits: list[Hit]) -> list[Result]:
    """The results to show for `hits`, in that order (a few queries per kind, not per hit)."""
    from wagtail.models import Page

    wanted: dict[str, list[int]] = {}
    for hit in hits:
        wanted.setdefault(hit.kind, []).append(hit.pk)
    loaded: dict[tuple[str, int], Result | object] = {}
    page_ids = [pk for k, pks in wanted.items() if k in PAGE_LABELS for pk in pks]
    if page_ids:
        for page in Page.objects.filter(pk__in=page_ids).specific():
            loaded[("page", page.pk)] = page
    for key, pks in wanted.items():
        if key in RECORD_KINDS:
            for pk, result in RECORD_KINDS[key].results(pks).items():
                loaded[(key, pk)] = result
    catalogues = _catalogue_titles([p for (k, _pk), p in loaded.items() if k == "page"])
    results = []
    for hit in hits:
        if hit.kind in PAGE_LABELS:
            page = loaded.get(("page", hit.pk))
            if page is not None:
                results.append(_page_result(page, hit.kind, catalogues))
        elif (hit.kind, hit.pk) in loaded:
            results.append(loaded[(hit.kind, hit.pk)])
    return results


def _catalogue_titles(pages) -> dict[str, str]:
    """Titles of the catalogues holding the entries among `pages`, by tree path (one query)."""
    from cms.models.catalogue import CATALOGUE_DEPTH, CataloguePage

    prefixes = {p.path[: CATALOGUE_DEPTH * p.steplen] for p in pages if p.depth > CATALOGUE_DEPTH}
    found = CataloguePage.objects.filter(path__in=prefixes) if prefixes else []
    return {c.path: c.title for c in found}


def _page_result(page, kind, catalogues) -> Result:
    from cms.models.catalogue import CATALOGUE_DEPTH

    snippet = getattr(page, "search_snippet", None)
    code = getattr(page, "code", "")
    depth = CATALOGUE_DEPTH
    catalogue = catalogues.get(page.path[: depth * page.steplen], "") if page.depth > depth else ""
    return Result(
        kind,
        PAGE_LABELS[kind],
        page.title,
        page.url or "",
        snippet=(snippet() if callable(snippet) else snippet) or "",
        date=getattr(page, "date", None),
        meta=[m for m in (code, catalogue) if m],
    )
