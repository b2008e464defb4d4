"""Which pages the admin's page chooser lists to whom.

Anyone allowed into the admin may open the chooser (incubator managers, for instance, hold no page
permission); Wagtail lists every page there, drafts and private pages included. A user sees live,
public pages plus the pages their page permissions let them explore; superusers see all.
"""

from django.db.models import Q
from django.http import Http404
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy


def visible_pages(pages, user):
    if user.is_superuser:
        return pages
    shown = Page.objects.live().public().values("pk")
    explorable = PagePermissionPolicy().explorable_instances(user).values("pk")
    return pages.filter(Q(pk__in=shown) | Q(pk__in=explorable))


def limit_chooser(pages, request):
    """`construct_page_chooser_queryset`: also refuses browsing below a page the user may not see,
    whose title the chooser would show as the heading."""
    match = getattr(request, "resolver_match", None)
    parent_id = match.kwargs.get("parent_page_id") if match else None
    if parent_id and not visible_pages(Page.objects.filter(pk=parent_id), request.user).exists():
        raise Http404
    return visible_pages(pages, request.user)
