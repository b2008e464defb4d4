"""Eligibility restrictions: the one question later programmes ask."""

from datetime import date

from orgs.models import Organization, ProgrammeScope, Sanction


def active_sanctions(org: Organization, on: date, scope: str = ProgrammeScope.ALL):
    return Sanction.objects.filter(organization=org).in_force(on, scope)


def is_restricted(org: Organization, on: date, scope: str = ProgrammeScope.ALL) -> bool:
    """Is `org` barred on day `on` from programmes of `scope` (a ProgrammeScope value)?"""
    return active_sanctions(org, on, scope).exists()
