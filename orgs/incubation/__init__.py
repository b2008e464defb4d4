"""Incubation logic: actions, permissions, assessment scoring, public queries and reminders.

`is_incubated(org, on)` is the question the grants app asks for its eligibility rule
"incubated organizations admitted" (grants may import orgs; orgs never imports grants).
"""

import datetime

from django.utils import timezone


def is_incubated(org, on: datetime.date) -> bool:
    """Whether `org` was inside a base (admitted, not exited) or had graduated on day `on`."""
    from orgs.models import Incubation

    if org is None or org.pk is None:
        return False
    if isinstance(on, datetime.datetime):
        on = timezone.localdate(on)
    return Incubation.objects.incubated_on(on).filter(organization=org).exists()


__all__ = ["is_incubated"]
