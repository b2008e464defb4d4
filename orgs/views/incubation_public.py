"""Public incubation pages: every base with its outcomes, and one page per base.

The public site shows them as Wagtail pages (`cms.IncubationIndexPage`, `cms.IncubationBasePage`);
these views keep the old addresses working: they redirect to the page when one exists and
otherwise render the same facts themselves, so no link ever ends in a 404.

Only `orgs.incubation.public` feeds these pages, so no founder, applicant or document can appear.
"""

from django.shortcuts import get_object_or_404, redirect, render

from orgs.incubation import public
from orgs.models import IncubationBase


def index(request):
    url = public.page_url(None)
    if url and url != request.path:  # a page given this very address must not loop
        return redirect(url)
    context = {
        "figures": public.headline_figures(),
        "bases": public.bases(),
        "incubating": public.incubating(),
        "graduated": public.graduated(),
    }
    return render(request, "orgs/incubation/public/index.html", context)


def base_detail(request, pk):
    base = get_object_or_404(IncubationBase.objects.select_related("operator"), pk=pk)
    url = public.page_url(base.pk)
    if url and url != request.path:
        return redirect(url)
    context = {
        "summary": public.base_summary(base),
        "incubating": public.incubating(base),
        "graduated": public.graduated(base),
    }
    return render(request, "orgs/incubation/public/base_detail.html", context)
