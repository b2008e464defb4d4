"""Public incubation pages: every base with its outcomes, and one page per base.

Only `orgs.incubation.public` feeds these pages, so no founder, applicant or document can appear.
"""

from django.shortcuts import get_object_or_404, render

from orgs.incubation import public
from orgs.models import IncubationBase


def index(request):
    context = {
        "figures": public.headline_figures(),
        "bases": public.bases(),
        "incubating": public.incubating(),
        "graduated": public.graduated(),
    }
    return render(request, "orgs/incubation/public/index.html", context)


def base_detail(request, pk):
    base = get_object_or_404(IncubationBase.objects.select_related("operator"), pk=pk)
    context = {
        "summary": public.base_summary(base),
        "incubating": public.incubating(base),
        "graduated": public.graduated(base),
    }
    return render(request, "orgs/incubation/public/base_detail.html", context)
