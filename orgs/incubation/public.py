"""What the public may know about incubation, for the Wagtail site (`cms`) and the plain public
views: bases, who is incubating, who graduated, headline figures.

Everything here returns plain dicts of public facts. Founders (names and contacts), applicants,
documents, assessments and support records never leave through this module.

`grants` sits above `orgs`, so an incubated organization's funded projects reach its page through
a provider that grants registers in its `AppConfig.ready()`::

    register_funded_projects_provider(lambda org: [{"title": ..., "year": ..., "url": ...}])

The public pages themselves are Wagtail pages in `cms`; `cms` registers a provider of their URLs
(`register_page_url_provider`), and the plain views under /incubation/ redirect to those pages.
"""

from collections.abc import Callable

from django.urls import reverse

from orgs.models import Incubation, IncubationBase
from orgs.models.incubation.states import IN_BASE
from orgs.models.incubation.states import IncubationState as S

_funded_projects_providers: list[Callable] = []
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


def register_funded_projects_provider(fn: Callable) -> Callable:
    """`fn(org) -> list[dict]` (title, year, url …) of the organization's funded projects."""
    if fn not in _funded_projects_providers:
        _funded_projects_providers.append(fn)
    return fn


def unregister_funded_projects_provider(fn: Callable) -> None:
    if fn in _funded_projects_providers:
        _funded_projects_providers.remove(fn)


def funded_projects(org) -> list[dict]:
    """Funded projects of `org` from every registered provider; none without a provider."""
    if org is None:
        return []
    return [project for provider in _funded_projects_providers for project in provider(org)]


def _entry(incubation, year) -> dict:
    org = incubation.organization
    return {
        "name": org.name if org else incubation.team_name,
        "registered": org is not None,
        "field": incubation.service_field,
        "year": year,
        "placement": str(incubation.get_placement_display()),
        "base_id": incubation.base_id,
        "base": incubation.base.name,
        "funded_projects": funded_projects(org),
    }


def _records(base):
    records = Incubation.objects.select_related("base", "organization")
    return records.filter(base=base) if base is not None else records


def incubating(base=None) -> list[dict]:
    """Organizations (and founding teams) inside a base now, newest first."""
    records = _records(base).filter(state__in=IN_BASE).order_by("-admitted_on", "pk")
    return [_entry(i, i.admitted_on.year if i.admitted_on else None) for i in records]


def graduated(base=None) -> list[dict]:
    """Organizations that graduated (出壳), most recent first."""
    records = _records(base).filter(state=S.GRADUATED).order_by("-graduated_on", "pk")
    return [_entry(i, i.graduated_on.year if i.graduated_on else None) for i in records]


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
    least one funded project, as told by the registered providers)."""
    admitted = Incubation.objects.filter(admitted_on__isnull=False)
    organizations = {i.organization for i in admitted.select_related("organization")}
    organizations.discard(None)
    return {
        "incubated": admitted.count(),
        "graduated": admitted.filter(state=S.GRADUATED).count(),
        "funded": sum(1 for org in organizations if funded_projects(org)),
    }
