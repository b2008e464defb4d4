"""Keep the search index to what is public when records change.

modelsearch indexes a saved record only if it is among its model's `get_indexed_objects()` (the
public ones) but leaves the entry of a record that stopped being public; these handlers remove it.
An organization becomes public through other records (a project shown, an incubation), so saving
those re-checks their organization. The search also filters by public state at query time
(`cms.search_kinds`), so a stale entry is never shown in between.
"""

from django.db.models.signals import post_save
from wagtail.search import index


def sync(obj) -> None:
    """Index `obj` when it is public, else remove its entry."""
    if type(obj).get_indexed_objects().filter(pk=obj.pk).exists():
        index.insert_or_update_object(obj)
    else:
        index.remove_object(obj)


def remove_when_not_public(sender, instance, raw=False, **kwargs):
    # Adding is modelsearch's own handler's job; only removal is missing.
    if raw or sender.get_indexed_objects().filter(pk=instance.pk).exists():
        return
    index.remove_object(instance)


def sync_organization(sender, instance, raw=False, **kwargs):
    if raw or not instance.organization_id:
        return
    sync(instance.organization)


def connect() -> None:
    from needs.models import Need
    from orgs.models import Incubation, Organization
    from projects.models import FundedProject

    for model in (FundedProject, Need, Organization):
        post_save.connect(
            remove_when_not_public, sender=model, dispatch_uid=f"cms-search-{model.__name__}"
        )
    for model in (FundedProject, Incubation):
        post_save.connect(
            sync_organization, sender=model, dispatch_uid=f"cms-search-org-{model.__name__}"
        )
