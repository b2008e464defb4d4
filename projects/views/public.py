"""The public directory of funded projects (/projects/): anyone may read it.

Only `projects.public` facts reach these pages: no budget lines, spending, contacts, team members,
internal comments or reasons. Photos appear only when staff marked them public.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from core import regions
from core.files import serve_private
from core.workflow import without_nul
from grants.models import Call
from projects.models import ProjectState, ReportPhoto
from projects.models.states import PUBLIC_STATES
from projects.public import milestones, project_year, public_projects

PAGE_SIZE = 20


def directory(request):
    """Filters: year (of the start), call, category (服务领域), region (区划代码 prefix), state."""
    projects = public_projects().order_by("-starts_on", "-pk")
    # NUL cannot be typed, and PostgreSQL refuses it even in a query parameter (a server error).
    filters = {
        k: without_nul(request.GET.get(k, "")).strip()
        for k in ("year", "call", "category", "region", "state")
    }
    # isdecimal, not isdigit: "²" is a digit that int() refuses; dates only know years 1-9999.
    if filters["year"].isdecimal() and 1 <= int(filters["year"]) <= 9999:
        projects = projects.filter(starts_on__year=int(filters["year"]))
    if filters["call"].isdecimal():
        projects = projects.filter(call__id=int(filters["call"]))  # range-checked, unlike call_id
    if filters["category"]:
        projects = projects.filter(application__category__name=filters["category"])
    if filters["region"].isdigit():
        area = regions.prefix(filters["region"])
        projects = projects.filter(application__region_code__startswith=area)
    if filters["state"] in PUBLIC_STATES:
        projects = projects.filter(state=filters["state"])
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    calls = Call.objects.filter(funded_projects__state__in=PUBLIC_STATES).distinct().order_by("-pk")
    years = sorted(
        {
            d.year
            for d in public_projects().exclude(starts_on=None).values_list("starts_on", flat=True)
        },
        reverse=True,
    )
    categories = sorted(
        set(
            public_projects()
            .exclude(application__category=None)
            .values_list("application__category__name", flat=True)
        )
    )
    states = [(s, ProjectState(s).label) for s in PUBLIC_STATES]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "projects/public/directory.html",
        {
            "page": page,
            "filters": filters,
            "calls": calls,
            "years": years,
            "categories": categories,
            "states": states,
            "query": query.urlencode(),
        },
    )


def detail(request, pk):
    project = get_object_or_404(public_projects(), pk=pk)
    photos = ReportPhoto.objects.filter(report__project=project, is_public=True).order_by(
        "uploaded_at"
    )
    return render(
        request,
        "projects/public/detail.html",
        {
            "project": project,
            "year": project_year(project),
            "milestones": milestones(project),
            "photos": photos,
            "category": project.application.category,
            "region": "".join(
                x
                for x in (
                    project.application.region_name,
                    project.application.street,
                    project.application.community,
                )
                if x
            ),
        },
    )


def photo(request, pk):
    """A photo staff marked public, of a project shown publicly; anything else is 404."""
    item = get_object_or_404(
        ReportPhoto.objects.select_related("report__project"), pk=pk, is_public=True
    )
    if not item.report.project.is_public:
        raise Http404
    return serve_private(
        item.image, filename=f"photo-{item.pk}.jpg", content_type=item.content_type, inline=True
    )
