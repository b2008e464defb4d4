"""What the public may know about incubation, for the Wagtail site (`cms`) and the plain public
views: bases, who is incubating, who graduated, headline figures.

Everything here returns plain dicts of public facts. Founders (names and contacts), applicants,
documents, assessments and support records never leave through this module.

`grants` sits above `orgs`, so an incubated organization's funded projects reach its page through
a provider that grants registers in its `AppConfig.ready()`::

    register_funded_projects_provider(
        lambda org: [{"title": ..., "year": ..., "url": ...}],
        many=lambda orgs: {org.pk: [...]},  # optional: the same for many organizations at once
    )

The public pages themselves are Wagtail pages in `cms`; `cms` registers a provider of their URLs
(`register_page_url_provider`), and the plain views under /incubation/ redirect to those pages.
"""

from collections.abc import Callable

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from orgs.models import Incubation, IncubationBase, Organization
from orgs.models.incubation.states import IN_BASE
from orgs.models.incubation.states import IncubationState as S

# (one organization's projects, optional: many organizations' projects in one query)
_funded_projects_providers: list[tuple[Callable, Callable | None]] = []
_page_url_providers: list[Callable] = []


def register_page_url_provider(fn: Callable) -> Callable:
    """`fn(base_id or None) -> str | None`: URL of the public page of a base (None: the index)."""
    if fn not in _page_url_providers:
        _page_url_providers.append(fn)
    return fn


def page_url(base_id=None) -> str | None:
    """The CMS page of base `base_id` (or the incubation index when None), if one exists."""
    for provider in _page_url_providers:
        url = provider(base_id)
        if url:
            return url
    return None


def register_funded_projects_provider(fn: Callable, *, many: Callable | None = None) -> Callable:
    """`fn(org) -> list[dict]` (title, year, url …) of the organization's funded projects;
    `many(orgs) -> {org pk: list[dict]}` answers for a whole list at once, so pages listing
    incubated organizations cost the same for 1 or 200 of them (else `fn` is asked per org)."""
    if all(known is not fn for known, _many in _funded_projects_providers):
        _funded_projects_providers.append((fn, many))
    return fn


def unregister_funded_projects_provider(fn: Callable) -> None:
    _funded_projects_providers[:] = [p for p in _funded_projects_providers if p[0] is not fn]


def funded_projects(org) -> list[dict]:
    """Funded projects of `org` from every registered provider; none without a provider."""
    if org is None:
        return []
    return [project for fn, _many in _funded_projects_providers for project in fn(org)]


def funded_projects_of_many(orgs) -> dict[int, list[dict]]:
    """{org pk: funded projects} for `orgs` (a list, None entries ignored, or a queryset, read
    as a subquery), one query per provider; an organization without projects may be missing."""
    if not isinstance(orgs, QuerySet):
        orgs = [org for org in orgs if org is not None]
    found: dict[int, list[dict]] = {}
    for fn, many in _funded_projects_providers:
        answers = many(orgs) if many else {org.pk: fn(org) for org in orgs}
        for pk, projects in answers.items():
            found.setdefault(pk, []).extend(projects)
    return found


def _entry(incubation, year, funded) -> dict:
    org = incubation.organization
    return {
        "name": org.name if org else incubation.team_name,
        "registered": org is not None,
        "field": incubation.service_field,
        "year": year,
        "placement": str(incubation.get_placement_display()),
        "base_id": incubation.base_id,
        "base": incubation.base.name,
        "funded_projects": funded.get(org.pk, []) if org else [],
    }


def _records(base):
    records = Incubation.objects.select_related("base", "organization")
    return records.filter(base=base) if base is not None else records


def _entries(records, year_of) -> list[dict]:
    records = list(records)
    funded = funded_projects_of_many([i.organization for i in records])
    return [_entry(i, year_of(i), funded) for i in records]


def incubating(base=None) -> list[dict]:
    """Organizations (and founding teams) inside a base now, newest first."""
    records = _records(base).filter(state__in=IN_BASE).order_by("-admitted_on", "pk")
    return _entries(records, lambda i: i.admitted_on.year if i.admitted_on else None)


def graduated(base=None) -> list[dict]:
    """Organizations that graduated (出壳), most recent first."""
    records = _records(base).filter(state=S.GRADUATED).order_by("-graduated_on", "pk")
    return _entries(records, lambda i: i.graduated_on.year if i.graduated_on else None)


def base_summary(base) -> dict:
    """What a base offers, its capacity and occupancy, and how to apply."""
    occupied = base.occupied_desks()
    return {
        "id": base.pk,
        "name": base.name,
        "operator": base.operator.name,
        "address": base.address,
        "description": base.description,
        "how_to_apply": base.how_to_apply,
        "services": base.service_list,
        "placements": [str(label) for value, label in _placement_labels(base)],
        "desks": base.desks,
        "rooms": base.rooms,
        "occupied_desks": occupied,
        "free_desks": max(base.desks - occupied, 0),
        "default_period_months": base.default_period_months,
        "answer_days": base.answer_days,
        "is_open": base.is_open,
        "incubating_count": base.incubations.filter(state__in=IN_BASE).count(),
        "graduated_count": base.incubations.filter(state=S.GRADUATED).count(),
        "url": page_url(base.pk) or reverse("incubation_public:base", args=[base.pk]),
        "apply_url": reverse("portal:incubation_apply", args=[base.pk]),
    }


def _placement_labels(base):
    from orgs.models.incubation.states import Placement

    return [(p, label) for p, label in Placement.choices if base.offers(p)]


def bases() -> list[dict]:
    return [base_summary(b) for b in IncubationBase.objects.select_related("operator")]


def headline_figures() -> dict:
    """Incubated (ever admitted), graduated, and then funded (incubated organizations with at
    least one funded project, as told by the registered providers). Three queries whatever the
    number of organizations."""
    admitted = Incubation.objects.filter(admitted_on__isnull=False)
    counts = admitted.aggregate(
        incubated=Count("pk"), graduated=Count("pk", filter=Q(state=S.GRADUATED))
    )
    organizations = Organization.objects.filter(
        pk__in=admitted.filter(organization__isnull=False).values("organization_id")
    )
    funded = funded_projects_of_many(organizations)
    return {**counts, "funded": sum(1 for projects in funded.values() if projects)}
