"""Which organizations the public site shows, so that the site search may find them.

An organization appears publicly when it is incubating in or graduated from a base (the incubation
pages list it) or when a higher app shows something of it: `projects` registers its public funded
projects in its `AppConfig.ready()` (orgs may not import projects)::

    register_public_presence(lambda: FundedProject.objects.filter(...).values("organization_id"))

Only the name and the short name are searchable (`Organization.search_fields`); contacts, bank
account, USCC and the rest of the master data are not.
"""

from collections.abc import Callable

_providers: list[Callable] = []


def register_public_presence(fn: Callable) -> Callable:
    """`fn() -> queryset of organization ids` (a `values("organization_id")` queryset)."""
    if fn not in _providers:
        _providers.append(fn)
    return fn


def public_organizations():
    """Organizations shown on a public page."""
    from django.db.models import Q

    from orgs.models import Incubation, Organization
    from orgs.models.incubation.states import IN_BASE
    from orgs.models.incubation.states import IncubationState as S

    shown = Incubation.objects.filter(state__in=(*IN_BASE, S.GRADUATED), organization__isnull=False)
    q = Q(pk__in=shown.values("organization_id"))
    for provider in _providers:
        q |= Q(pk__in=provider())
    return Organization.objects.filter(q)
